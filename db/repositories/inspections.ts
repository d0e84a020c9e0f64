import { desc, eq, sql } from 'drizzle-orm';
import type { Db } from '../open';
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

function buildGetById(db: Db) {
  return db
    .select({ inspection: inspections, agencyName: agencies.name })
    .from(inspections)
    .innerJoin(agencies, eq(agencies.id, inspections.agencyId))
    .where(eq(inspections.id, sql.placeholder('id')))
    .prepare();
}
// Prepared once per connection: every score edit reads its inspection, and building this
// join anew each time was most of an edit's CPU time (bench/scoring.ts).
const getById = new WeakMap<Db, ReturnType<typeof buildGetById>>();

export function getInspection(db: Db, id: string): InspectionListRow | undefined {
  let stmt = getById.get(db);
  if (!stmt) {
    stmt = buildGetById(db);
    getById.set(db, stmt);
  }
  const r = stmt.get({ id });
  return r ? { ...r.inspection, agencyName: r.agencyName } : undefined;
}

export function insertInspection(db: Db, row: typeof inspections.$inferInsert): void {
  db.insert(inspections).values(row).run();
}
