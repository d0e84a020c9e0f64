import { desc, eq } from 'drizzle-orm';
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

export function getInspection(db: Db, id: string): InspectionListRow | undefined {
  const r = db
    .select({ inspection: inspections, agencyName: agencies.name })
    .from(inspections)
    .innerJoin(agencies, eq(agencies.id, inspections.agencyId))
    .where(eq(inspections.id, id))
    .get();
  return r ? { ...r.inspection, agencyName: r.agencyName } : undefined;
}

export function insertInspection(db: Db, row: typeof inspections.$inferInsert): void {
  db.insert(inspections).values(row).run();
}
