import { and, asc, eq, isNull } from 'drizzle-orm';
import type { Db } from '../open';
import { agencies, evidence, findings, inspections, revisions, signatures } from '../schema';

export type FindingRow = typeof findings.$inferSelect;
export type EvidenceRow = typeof evidence.$inferSelect;
export type SignatureRow = typeof signatures.$inferSelect;
export type RevisionRow = typeof revisions.$inferSelect;

export const listFindings = (db: Db, inspectionId: string): FindingRow[] =>
  db.select().from(findings).where(eq(findings.inspectionId, inspectionId)).orderBy(asc(findings.createdAt), asc(findings.id)).all();

export const getFinding = (db: Db, id: string): FindingRow | undefined =>
  db.select().from(findings).where(eq(findings.id, id)).get();

export function listOpenFindings(db: Db): (FindingRow & { agencyName: string; inspectedOn: string })[] {
  return db
    .select({ f: findings, agencyName: agencies.name, inspectedOn: inspections.inspectedOn })
    .from(findings)
    .innerJoin(inspections, eq(inspections.id, findings.inspectionId))
    .innerJoin(agencies, eq(agencies.id, inspections.agencyId))
    .where(isNull(findings.closedOn))
    .all()
    .map((r) => ({ ...r.f, agencyName: r.agencyName, inspectedOn: r.inspectedOn }));
}

export function upsertFinding(db: Db, row: FindingRow): void {
  db.insert(findings).values(row).onConflictDoUpdate({ target: findings.id, set: row }).run();
}

export const deleteFinding = (db: Db, id: string): void => {
  db.delete(findings).where(eq(findings.id, id)).run();
};

export const listEvidence = (db: Db, inspectionId: string): EvidenceRow[] =>
  db.select().from(evidence).where(eq(evidence.inspectionId, inspectionId)).orderBy(asc(evidence.takenAt), asc(evidence.id)).all();

export const getEvidence = (db: Db, id: string): EvidenceRow | undefined =>
  db.select().from(evidence).where(eq(evidence.id, id)).get();

export const insertEvidence = (db: Db, row: EvidenceRow): void => {
  db.insert(evidence).values(row).run();
};

export const deleteEvidence = (db: Db, id: string): void => {
  db.delete(evidence).where(eq(evidence.id, id)).run();
};

export const listSignatures = (db: Db, inspectionId: string): SignatureRow[] =>
  db.select().from(signatures).where(eq(signatures.inspectionId, inspectionId)).orderBy(asc(signatures.signedAt), asc(signatures.id)).all();

export const getSignature = (db: Db, id: string): SignatureRow | undefined =>
  db.select().from(signatures).where(eq(signatures.id, id)).get();

export const insertSignature = (db: Db, row: SignatureRow): void => {
  db.insert(signatures).values(row).run();
};

export const deleteSignature = (db: Db, id: string): void => {
  db.delete(signatures).where(eq(signatures.id, id)).run();
};

export const clearSignatures = (db: Db, inspectionId: string): void => {
  db.delete(signatures).where(eq(signatures.inspectionId, inspectionId)).run();
};

export const listRevisions = (db: Db, inspectionId: string): RevisionRow[] =>
  db.select().from(revisions).where(eq(revisions.inspectionId, inspectionId)).orderBy(asc(revisions.number)).all();

export const getRevision = (db: Db, inspectionId: string, number: number): RevisionRow | undefined =>
  db
    .select()
    .from(revisions)
    .where(and(eq(revisions.inspectionId, inspectionId), eq(revisions.number, number)))
    .get();

export const insertRevision = (db: Db, row: RevisionRow): void => {
  db.insert(revisions).values(row).run();
};
