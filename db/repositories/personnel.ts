import { and, asc, eq, gt, max, or, sql, type SQL } from 'drizzle-orm';
import type { AnySQLiteColumn } from 'drizzle-orm/sqlite-core';
import type { Db } from '../open';
import { agencies, personnel, personnelChecklists } from '../schema';

export type ChecklistRow = typeof personnelChecklists.$inferSelect;
export type PersonDbRow = typeof personnel.$inferSelect;

export function getChecklist(db: Db, agencyId: string): ChecklistRow | undefined {
  return db.select().from(personnelChecklists).where(eq(personnelChecklists.agencyId, agencyId)).get();
}

export function upsertChecklist(db: Db, row: ChecklistRow): void {
  const { agencyId: _agencyId, ...rest } = row;
  db.insert(personnelChecklists).values(row).onConflictDoUpdate({ target: personnelChecklists.agencyId, set: rest }).run();
}

export function listPersons(db: Db, agencyId: string): PersonDbRow[] {
  return db.select().from(personnel).where(eq(personnel.agencyId, agencyId)).orderBy(asc(personnel.seq)).all();
}

export function countPersons(db: Db, agencyId: string): number {
  const r = db.select({ n: sql<number>`count(*)` }).from(personnel).where(eq(personnel.agencyId, agencyId)).get();
  return r?.n ?? 0;
}

export function getPerson(db: Db, id: string): PersonDbRow | undefined {
  return db.select().from(personnel).where(eq(personnel.id, id)).get();
}

export function maxSeq(db: Db, agencyId: string): number {
  const r = db.select({ m: max(personnel.seq) }).from(personnel).where(eq(personnel.agencyId, agencyId)).get();
  return r?.m ?? 0;
}

/**
 * SQLite caps bound parameters per statement (32766); 13 columns × 500 rows
 * stays far below it whatever the build's limit.
 */
const INSERT_CHUNK = 500;

export function insertPersons(db: Db, rows: PersonDbRow[]): void {
  for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
    db.insert(personnel).values(rows.slice(i, i + INSERT_CHUNK)).run();
  }
}

export function updatePerson(db: Db, row: PersonDbRow): void {
  const { id, agencyId: _agencyId, createdAt: _createdAt, ...rest } = row;
  db.update(personnel).set(rest).where(eq(personnel.id, id)).run();
}

/** Deletes one row and closes the gap in 序号 so the list stays 1…n. */
export function deletePerson(db: Db, row: PersonDbRow): void {
  db.delete(personnel).where(eq(personnel.id, row.id)).run();
  db.update(personnel)
    .set({ seq: sql`${personnel.seq} - 1` })
    .where(and(eq(personnel.agencyId, row.agencyId), gt(personnel.seq, row.seq)))
    .run();
}

export function deleteAllPersons(db: Db, agencyId: string): void {
  db.delete(personnel).where(eq(personnel.agencyId, agencyId)).run();
}

function contains(column: AnySQLiteColumn, query: string): SQL {
  const pattern = `%${query.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return sql`${column} LIKE ${pattern} ESCAPE '\\'`;
}

export type PersonSearchRow = PersonDbRow & { agencyName: string };

/** Substring search on 姓名 and 证书编号, across agencies unless one is given. */
export function searchPersons(db: Db, query: string, agencyId?: string, limit = 200): PersonSearchRow[] {
  const match = or(contains(personnel.name, query), contains(personnel.certNo, query));
  return db
    .select({ person: personnel, agencyName: agencies.name })
    .from(personnel)
    .innerJoin(agencies, eq(agencies.id, personnel.agencyId))
    .where(agencyId ? and(match, eq(personnel.agencyId, agencyId)) : match)
    .orderBy(asc(agencies.name), asc(personnel.seq))
    .limit(limit)
    .all()
    .map((r) => ({ ...r.person, agencyName: r.agencyName }));
}
