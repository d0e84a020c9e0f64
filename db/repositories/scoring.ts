/**
 * Storage of 附件3 scoring: templates, the chosen default, and the per-item working copy
 * of each inspection. Callers own the transaction; nothing here opens one.
 */
import { and, asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../open';
import { perConnection } from '../statements';
import { inspectionItems, inspections, scoringTemplates } from '../schema';

export type TemplateRow = typeof scoringTemplates.$inferSelect;
export type ItemRow = typeof inspectionItems.$inferSelect;

const templateRow = perConnection((db: Db) =>
  db
    .select()
    .from(scoringTemplates)
    .where(and(eq(scoringTemplates.id, sql.placeholder('id')), eq(scoringTemplates.version, sql.placeholder('version'))))
    .prepare(),
);

/** Read on every score edit (the template gives the item's maximum), so prepared once per connection. */
export function getTemplateRow(db: Db, id: string, version: string): TemplateRow | undefined {
  return templateRow(db).get({ id, version });
}

export function listTemplateRows(db: Db): TemplateRow[] {
  return db.select().from(scoringTemplates).orderBy(asc(scoringTemplates.createdAt), asc(scoringTemplates.id)).all();
}

/** Inserts unless (id, version) is already stored; returns whether a row was written. */
export function insertTemplateIfAbsent(db: Db, row: TemplateRow): boolean {
  return db.insert(scoringTemplates).values(row).onConflictDoNothing().run().changes > 0;
}

/**
 * The statements of the score-edit hot path, built once per connection with drizzle's
 * placeholders: building and preparing the SQL anew on every keystroke cost more than the
 * write itself (see bench/scoring.ts).
 */
function buildHotPath(db: Db) {
  return {
    items: db
      .select()
      .from(inspectionItems)
      .where(eq(inspectionItems.inspectionId, sql.placeholder('inspectionId')))
      .orderBy(asc(inspectionItems.itemNo))
      .prepare(),
    upsert: db
      .insert(inspectionItems)
      .values({
        inspectionId: sql.placeholder('inspectionId'),
        itemNo: sql.placeholder('itemNo'),
        clauses: sql.placeholder('clauses'),
        score: sql.placeholder('score'),
        notApplicable: sql.placeholder('notApplicable'),
        problem: sql.placeholder('problem'),
        remark: sql.placeholder('remark'),
        updatedAt: sql.placeholder('updatedAt'),
      })
      .onConflictDoUpdate({
        target: [inspectionItems.inspectionId, inspectionItems.itemNo],
        set: {
          clauses: sql`excluded.clauses`,
          score: sql`excluded.score`,
          notApplicable: sql`excluded.not_applicable`,
          problem: sql`excluded.problem`,
          remark: sql`excluded.remark`,
          updatedAt: sql`excluded.updated_at`,
        },
      })
      .prepare(),
    status: db
      .update(inspections)
      .set({ status: sql`${sql.placeholder('status')}`, updatedAt: sql`${sql.placeholder('now')}` })
      .where(eq(inspections.id, sql.placeholder('id')))
      .prepare(),
  };
}

const hotPath = perConnection(buildHotPath);

export function listItemRows(db: Db, inspectionId: string): ItemRow[] {
  return hotPath(db).items.all({ inspectionId });
}

/**
 * The item rows of every inspection a list shows, in one query (joined on the same
 * filter as the list) rather than one query per inspection.
 */
export function listItemRowsForInspections(db: Db, filter: { agencyId?: string } = {}): ItemRow[] {
  return db
    .select({ item: inspectionItems })
    .from(inspectionItems)
    .innerJoin(inspections, eq(inspections.id, inspectionItems.inspectionId))
    .where(filter.agencyId ? eq(inspections.agencyId, filter.agencyId) : undefined)
    .all()
    .map((r) => r.item);
}

export function upsertItemRow(db: Db, row: ItemRow): void {
  // SQLite stores booleans as 0/1; the placeholder gets no column mapping, so convert here.
  hotPath(db).upsert.run({ ...row, notApplicable: row.notApplicable ? 1 : 0 });
}

/** Sets status and updated_at; the status CHECK constraint guards the value. */
export function updateInspectionStatus(db: Db, id: string, status: string, now: string): void {
  hotPath(db).status.run({ id, status, now });
}
