/**
 * Storage of online sync: the pinned receiver connection (one row) and the outbox of
 * bundles to deliver. Callers own the transaction; nothing here opens one. Every state
 * change of a row is one statement, so what the sender committed is what it did.
 */
import { and, asc, desc, eq, inArray, isNull, lte, or, sql } from 'drizzle-orm';
import type { Db } from '../open';
import { agencies, inspections, syncConnection, syncOutbox } from '../schema';

export type ConnectionRow = typeof syncConnection.$inferSelect;
export type OutboxRow = typeof syncOutbox.$inferSelect;
/** An outbox row without its (possibly large) bundle bytes. */
export type OutboxEntry = Omit<OutboxRow, 'body'>;
export type DeviceStateValue = ConnectionRow['deviceState'];

const entryColumns = {
  seq: syncOutbox.seq,
  inspectionId: syncOutbox.inspectionId,
  revision: syncOutbox.revision,
  part: syncOutbox.part,
  bundleId: syncOutbox.bundleId,
  sha256: syncOutbox.sha256,
  bytes: syncOutbox.bytes,
  state: syncOutbox.state,
  attempts: syncOutbox.attempts,
  nextAttemptAt: syncOutbox.nextAttemptAt,
  lastError: syncOutbox.lastError,
  receipt: syncOutbox.receipt,
  receivedAt: syncOutbox.receivedAt,
  deliveredAt: syncOutbox.deliveredAt,
  enqueuedAt: syncOutbox.enqueuedAt,
};

// ---- the connection ----

export const getConnection = (db: Db): ConnectionRow | undefined => db.select().from(syncConnection).where(eq(syncConnection.id, 1)).get();

/** Pins a receiver, replacing any earlier one. */
export function putConnection(
  db: Db,
  row: Omit<ConnectionRow, 'id' | 'feedCursor' | 'reviewsCursor' | 'lastPullAt'> & Partial<Pick<ConnectionRow, 'feedCursor' | 'reviewsCursor' | 'lastPullAt'>>,
): void {
  db.insert(syncConnection)
    .values({ ...row, id: 1 })
    .onConflictDoUpdate({ target: syncConnection.id, set: row })
    .run();
}

export function updateConnection(db: Db, patch: Partial<Omit<ConnectionRow, 'id'>>): void {
  db.update(syncConnection).set(patch).where(eq(syncConnection.id, 1)).run();
}

export function deleteConnection(db: Db): void {
  db.delete(syncConnection).where(eq(syncConnection.id, 1)).run();
}

// ---- the outbox ----

export const hasRevisionRows = (db: Db, inspectionId: string, revision: number): boolean =>
  db
    .select({ seq: syncOutbox.seq })
    .from(syncOutbox)
    .where(and(eq(syncOutbox.inspectionId, inspectionId), eq(syncOutbox.revision, revision)))
    .get() !== undefined;

export function insertOutboxRow(db: Db, row: typeof syncOutbox.$inferInsert): void {
  db.insert(syncOutbox).values(row).run();
}

/** Gives an unbuilt row its bundle. */
export function setBuilt(db: Db, seq: number, built: { bundleId: string; body: Buffer; sha256: string; bytes: number }): void {
  db.update(syncOutbox)
    .set({ ...built, lastError: null, nextAttemptAt: null })
    .where(and(eq(syncOutbox.seq, seq), isNull(syncOutbox.bundleId)))
    .run();
}

export function deleteOutboxRow(db: Db, seq: number): void {
  db.delete(syncOutbox).where(eq(syncOutbox.seq, seq)).run();
}

export const getBody = (db: Db, seq: number): Buffer | null =>
  db.select({ body: syncOutbox.body }).from(syncOutbox).where(eq(syncOutbox.seq, seq)).get()?.body ?? null;

/** Rows to send now (all unsent ones when `now` is null), oldest first. */
export const listDue = (db: Db, now: string | null): OutboxEntry[] =>
  db
    .select(entryColumns)
    .from(syncOutbox)
    .where(and(eq(syncOutbox.state, 'queued'), now === null ? undefined : or(isNull(syncOutbox.nextAttemptAt), lte(syncOutbox.nextAttemptAt, now))))
    .orderBy(asc(syncOutbox.seq))
    .all();

export const listHeldRows = (db: Db): OutboxEntry[] =>
  db.select(entryColumns).from(syncOutbox).where(eq(syncOutbox.state, 'held')).orderBy(asc(syncOutbox.seq)).all();

export const listRevisionRows = (db: Db, inspectionId: string, revision: number): OutboxEntry[] =>
  db
    .select(entryColumns)
    .from(syncOutbox)
    .where(and(eq(syncOutbox.inspectionId, inspectionId), eq(syncOutbox.revision, revision)))
    .orderBy(asc(syncOutbox.part))
    .all();

/** A verified receipt: the row is delivered and its bytes are no longer needed. */
export function markDelivered(db: Db, seq: number, receipt: { receipt: string; receivedAt: string; deliveredAt: string }): void {
  db.update(syncOutbox)
    .set({ ...receipt, state: 'delivered', body: null, lastError: null, nextAttemptAt: null })
    .where(eq(syncOutbox.seq, seq))
    .run();
}

export function markHeld(db: Db, seq: number): void {
  db.update(syncOutbox).set({ state: 'held', lastError: null, nextAttemptAt: null }).where(and(eq(syncOutbox.seq, seq), eq(syncOutbox.state, 'queued'))).run();
}

/** Back to the queue (the receiver no longer has a held bundle, or another receiver was connected). */
export function requeue(db: Db, seq: number): void {
  db.update(syncOutbox).set({ state: 'queued', nextAttemptAt: null }).where(and(eq(syncOutbox.seq, seq), eq(syncOutbox.state, 'held'))).run();
}

export function requeueAllHeld(db: Db): void {
  db.update(syncOutbox).set({ state: 'queued', nextAttemptAt: null }).where(eq(syncOutbox.state, 'held')).run();
}

export function markFailed(db: Db, seq: number, failure: { lastError: string; nextAttemptAt: string }): void {
  db.update(syncOutbox)
    .set({ ...failure, attempts: sql`${syncOutbox.attempts} + 1` })
    .where(and(eq(syncOutbox.seq, seq), eq(syncOutbox.state, 'queued')))
    .run();
}

export interface OutboxCounts {
  queued: number;
  failed: number;
  held: number;
  delivered: number;
  nextAttemptAt: string | null;
}

export function outboxCounts(db: Db): OutboxCounts {
  const row = db
    .select({
      queued: sql<number>`coalesce(sum(${syncOutbox.state} = 'queued' AND ${syncOutbox.lastError} IS NULL), 0)`,
      failed: sql<number>`coalesce(sum(${syncOutbox.state} = 'queued' AND ${syncOutbox.lastError} IS NOT NULL), 0)`,
      held: sql<number>`coalesce(sum(${syncOutbox.state} = 'held'), 0)`,
      delivered: sql<number>`coalesce(sum(${syncOutbox.state} = 'delivered'), 0)`,
      nextAttemptAt: sql<string | null>`min(CASE WHEN ${syncOutbox.state} = 'queued' THEN ${syncOutbox.nextAttemptAt} END)`,
    })
    .from(syncOutbox)
    .get();
  return row ?? { queued: 0, failed: 0, held: 0, delivered: 0, nextAttemptAt: null };
}

export type RecentEntry = OutboxEntry & { agencyName: string; inspectedOn: string };

export const listRecent = (db: Db, limit: number): RecentEntry[] =>
  db
    .select({ ...entryColumns, agencyName: agencies.name, inspectedOn: inspections.inspectedOn })
    .from(syncOutbox)
    .innerJoin(inspections, eq(inspections.id, syncOutbox.inspectionId))
    .innerJoin(agencies, eq(agencies.id, inspections.agencyId))
    .orderBy(desc(syncOutbox.seq))
    .limit(limit)
    .all();

/** The rows of each inspection's latest revision in the outbox (optionally of some inspections only). */
export function listLatestRevisionRows(db: Db, inspectionIds?: string[]): OutboxEntry[] {
  const latest = db
    .select({ inspectionId: syncOutbox.inspectionId, revision: sql<number>`max(${syncOutbox.revision})`.as('latest_revision') })
    .from(syncOutbox)
    .where(inspectionIds ? inArray(syncOutbox.inspectionId, inspectionIds) : undefined)
    .groupBy(syncOutbox.inspectionId)
    .as('latest');
  return db
    .select(entryColumns)
    .from(syncOutbox)
    .innerJoin(latest, and(eq(latest.inspectionId, syncOutbox.inspectionId), eq(latest.revision, syncOutbox.revision)))
    .orderBy(asc(syncOutbox.inspectionId), asc(syncOutbox.part))
    .all();
}
