import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import { perConnection } from '../statements';
import type { Db } from '../open';
import { agencies, evidence, findings, inspections, revisionConflicts, revisions, signatures } from '../schema';

export type FindingRow = typeof findings.$inferSelect;
export type EvidenceRow = typeof evidence.$inferSelect;
export type SignatureRow = typeof signatures.$inferSelect;
export type RevisionRow = typeof revisions.$inferSelect;

// The reads of a whole record (signing, printing, importing) are prepared once per connection.
const byInspection = perConnection((db: Db) => ({
  findings: db
    .select()
    .from(findings)
    .where(eq(findings.inspectionId, sql.placeholder('id')))
    .orderBy(asc(findings.createdAt), asc(findings.id))
    .prepare(),
  evidence: db
    .select()
    .from(evidence)
    .where(eq(evidence.inspectionId, sql.placeholder('id')))
    .orderBy(asc(evidence.takenAt), asc(evidence.id))
    .prepare(),
  signatures: db
    .select()
    .from(signatures)
    .where(eq(signatures.inspectionId, sql.placeholder('id')))
    .orderBy(asc(signatures.signedAt), asc(signatures.id))
    .prepare(),
  revision: db
    .select()
    .from(revisions)
    .where(and(eq(revisions.inspectionId, sql.placeholder('id')), eq(revisions.number, sql.placeholder('number'))))
    .prepare(),
  revisionSha: db
    .select({ sha256: revisions.sha256 })
    .from(revisions)
    .where(and(eq(revisions.inspectionId, sql.placeholder('id')), eq(revisions.number, sql.placeholder('number'))))
    .prepare(),
}));

export const listFindings = (db: Db, inspectionId: string): FindingRow[] => byInspection(db).findings.all({ id: inspectionId });

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

export const listEvidence = (db: Db, inspectionId: string): EvidenceRow[] => byInspection(db).evidence.all({ id: inspectionId });

export const getEvidence = (db: Db, id: string): EvidenceRow | undefined =>
  db.select().from(evidence).where(eq(evidence.id, id)).get();

export const insertEvidence = (db: Db, row: EvidenceRow): void => {
  db.insert(evidence).values(row).run();
};

export const deleteEvidence = (db: Db, id: string): void => {
  db.delete(evidence).where(eq(evidence.id, id)).run();
};

export const listSignatures = (db: Db, inspectionId: string): SignatureRow[] =>
  byInspection(db).signatures.all({ id: inspectionId });

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
  byInspection(db).revision.get({ id: inspectionId, number });

/** Only the hash of a revision: what a list needs to find its cached rows without reading the text. */
export const getRevisionSha = (db: Db, inspectionId: string, number: number): string | undefined =>
  byInspection(db).revisionSha.get({ id: inspectionId, number })?.sha256;

export const insertRevision = (db: Db, row: RevisionRow): void => {
  db.insert(revisions).values(row).run();
};

/** Revisions signed before seals existed (seal still NULL). */
export const listUnsealedRevisions = (db: Db): RevisionRow[] =>
  db.select().from(revisions).where(isNull(revisions.seal)).orderBy(asc(revisions.inspectionId), asc(revisions.number)).all();

/** Sets the seal of a revision that has none; the table's trigger allows that change only. */
export const setRevisionSeal = (db: Db, inspectionId: string, number: number, seal: string): void => {
  db.update(revisions).set({ seal }).where(and(eq(revisions.inspectionId, inspectionId), eq(revisions.number, number), isNull(revisions.seal))).run();
};

/** Hashes of the revisions adopted here from a conflict ('incoming' kept): signed in another device's chain. */
export const adoptedRevisionShas = (db: Db, inspectionId: string): Set<string> =>
  new Set(
    db
      .select({ sha256: revisionConflicts.sha256 })
      .from(revisionConflicts)
      .where(and(eq(revisionConflicts.inspectionId, inspectionId), eq(revisionConflicts.resolution, 'incoming')))
      .all()
      .map((r) => r.sha256),
  );
