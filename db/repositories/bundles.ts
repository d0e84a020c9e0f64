/**
 * Storage of 数据交换: trusted keys, the import log, quarantine and revision conflicts.
 * Callers own the transaction; nothing here opens one.
 */
import { and, asc, desc, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '../open';
import { bundleImports, quarantine, revisionConflicts, trustedKeys } from '../schema';

export type TrustedKeyRow = typeof trustedKeys.$inferSelect;
export type ImportLogRow = typeof bundleImports.$inferSelect;
export type QuarantineRow = typeof quarantine.$inferSelect;
export type ConflictRow = typeof revisionConflicts.$inferSelect;

export const getTrustedKey = (db: Db, keyId: string): TrustedKeyRow | undefined =>
  db.select().from(trustedKeys).where(eq(trustedKeys.keyId, keyId)).get();

export const listTrustedKeys = (db: Db): TrustedKeyRow[] => db.select().from(trustedKeys).orderBy(desc(trustedKeys.trustedAt)).all();

export function insertTrustedKey(db: Db, row: TrustedKeyRow): void {
  db.insert(trustedKeys).values(row).run();
}

export function deleteTrustedKey(db: Db, keyId: string): boolean {
  return db.delete(trustedKeys).where(eq(trustedKeys.keyId, keyId)).run().changes > 0;
}

/** Bundles imported (outcome 'imported') at or after `since` (UTC ISO). */
export function countImportedSince(db: Db, since: string): number {
  return (
    db
      .select({ n: sql<number>`count(*)` })
      .from(bundleImports)
      .where(and(eq(bundleImports.outcome, 'imported'), sql`${bundleImports.receivedAt} >= ${since}`))
      .get()?.n ?? 0
  );
}

export function insertImportLog(db: Db, row: ImportLogRow): void {
  db.insert(bundleImports).values(row).run();
}

/** The import that took this bundle in (outcome imported), if any. */
export const findImported = (db: Db, bundleId: string): ImportLogRow | undefined =>
  db
    .select()
    .from(bundleImports)
    .where(and(eq(bundleImports.bundleId, bundleId), eq(bundleImports.outcome, 'imported')))
    .get();

export const listImportLog = (db: Db, limit: number): ImportLogRow[] =>
  db.select().from(bundleImports).orderBy(desc(bundleImports.receivedAt), desc(bundleImports.id)).limit(limit).all();

export const getQuarantined = (db: Db, bundleId: string): QuarantineRow | undefined =>
  db.select().from(quarantine).where(eq(quarantine.bundleId, bundleId)).get();

/** Held bundles, oldest first (within one millisecond, in the order they were recorded). */
export const listHeld = (db: Db): QuarantineRow[] =>
  db.select().from(quarantine).where(eq(quarantine.status, 'held')).orderBy(asc(quarantine.receivedAt), asc(sql`rowid`)).all();

export const listHeldByKey = (db: Db, keyId: string): QuarantineRow[] =>
  db
    .select()
    .from(quarantine)
    .where(and(eq(quarantine.keyId, keyId), eq(quarantine.status, 'held')))
    .all();

/** Holds a bundle again under the same id (it was discarded earlier and is offered again). */
export function rehold(db: Db, row: QuarantineRow): void {
  db.update(quarantine).set(row).where(eq(quarantine.bundleId, row.bundleId)).run();
}

export function insertQuarantine(db: Db, row: QuarantineRow): void {
  db.insert(quarantine).values(row).run();
}

export function closeQuarantine(db: Db, bundleId: string, status: 'released' | 'discarded', at: string, by: string): void {
  db.update(quarantine).set({ status, closedAt: at, closedBy: by }).where(eq(quarantine.bundleId, bundleId)).run();
}

export const getConflict = (db: Db, id: string): ConflictRow | undefined =>
  db.select().from(revisionConflicts).where(eq(revisionConflicts.id, id)).get();

export const findConflict = (db: Db, inspectionId: string, sha256: string): ConflictRow | undefined =>
  db
    .select()
    .from(revisionConflicts)
    .where(and(eq(revisionConflicts.inspectionId, inspectionId), eq(revisionConflicts.sha256, sha256)))
    .get();

export const listConflicts = (db: Db, includeResolved: boolean): ConflictRow[] =>
  db
    .select()
    .from(revisionConflicts)
    .where(includeResolved ? undefined : isNull(revisionConflicts.resolvedAt))
    .orderBy(desc(revisionConflicts.detectedAt))
    .all();

export function insertConflict(db: Db, row: ConflictRow): void {
  db.insert(revisionConflicts).values(row).run();
}

export function resolveConflictRow(db: Db, id: string, resolution: 'local' | 'incoming', at: string, by: string): void {
  db.update(revisionConflicts).set({ resolution, resolvedAt: at, resolvedBy: by }).where(eq(revisionConflicts.id, id)).run();
}
