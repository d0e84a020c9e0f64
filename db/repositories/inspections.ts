import { desc, eq, sql } from 'drizzle-orm';
import type { Db } from '../open';
import { perConnection } from '../statements';
import { agencies, inspections } from '../schema';

export type InspectionRow = typeof inspections.$inferSelect;
export type InspectionListRow = InspectionRow & { agencyName: string };

export function listInspections(db: Db, filter: { agencyId?: string } = {}): InspectionListRow[] {
  return db
    .select({ inspection: inspections, agencyName: agencies.name })
    .from(inspections)
    .innerJoin(agencies, eq(agencies.id, inspections.agencyId))
    .where(filter.agencyId ? eq(inspections.agencyId, filter.agencyId) : undefined)
    .orderBy(desc(inspections.inspectedOn), desc(inspections.createdAt))
    .all()
    .map((r) => ({ ...r.inspection, agencyName: r.agencyName }));
}

// Prepared once per connection: every score edit reads its inspection, and building this
// join anew each time was most of an edit's CPU time (bench/scoring.ts).
const getById = perConnection((db: Db) =>
  db
    .select({ inspection: inspections, agencyName: agencies.name })
    .from(inspections)
    .innerJoin(agencies, eq(agencies.id, inspections.agencyId))
    .where(eq(inspections.id, sql.placeholder('id')))
    .prepare(),
);

export function getInspection(db: Db, id: string): InspectionListRow | undefined {
  const r = getById(db).get({ id });
  return r ? { ...r.inspection, agencyName: r.agencyName } : undefined;
}

export function insertInspection(db: Db, row: typeof inspections.$inferInsert): void {
  db.insert(inspections).values(row).run();
}

// The status transitions of the lifecycle. The status CHECK constraint guards the values;
// callers own the transaction and the audit entry that goes with each.

/** Signing froze revision `number`: the record is locked and the amendment reason used up. */
export function markSigned(db: Db, id: string, number: number, at: string): void {
  db.update(inspections).set({ status: 'signed', revision: number, amendmentReason: '', updatedAt: at }).where(eq(inspections.id, id)).run();
}

/** An amendment reopens the working copy with its reason. */
export function markAmended(db: Db, id: string, status: 'draft' | 'completed', reason: string, at: string): void {
  db.update(inspections).set({ status, amendmentReason: reason, updatedAt: at }).where(eq(inspections.id, id)).run();
}

export function markSubmitted(db: Db, id: string, at: string): void {
  db.update(inspections).set({ status: 'submitted', submittedAt: at, updatedAt: at }).where(eq(inspections.id, id)).run();
}

const touchById = perConnection((db: Db) =>
  db
    .update(inspections)
    .set({ updatedAt: sql`${sql.placeholder('at')}` })
    .where(eq(inspections.id, sql.placeholder('id')))
    .prepare(),
);

/** Every audited edit of the working copy moves updated_at (the list sorts and shows it). */
export function touchInspection(db: Db, id: string, at: string): void {
  touchById(db).run({ id, at });
}

/** Adopting an incoming revision rewrites the inspection's columns from its snapshot. */
export function updateInspectionColumns(db: Db, id: string, columns: Partial<typeof inspections.$inferInsert>): void {
  db.update(inspections).set(columns).where(eq(inspections.id, id)).run();
}
