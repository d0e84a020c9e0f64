/**
 * Putting a signed revision into the outbox. Called inside the transaction that signs or
 * submits, so the revision and its outbox rows commit together: a crash can never leave a
 * signed revision that will not be sent. Building the bundle must never cost the inspector
 * the signature: a build that fails leaves an unbuilt row with the reason, which the
 * sender builds (and reports) later.
 */
import { sha256Hex } from '../../bundle/canonical';
import { getInspection, type InspectionListRow } from '../../db/repositories/inspections';
import { getRevision } from '../../db/repositories/lifecycle';
import { deleteOutboxRow, hasRevisionRows, insertOutboxRow, setBuilt, type OutboxEntry } from '../../db/repositories/sync';
import { AppError } from '../../lib/errors';
import type { ServiceContext } from '../context';
import { buildInspectionBundles, type BuiltBundle } from '../exchange/build';
import { ownKeyIds } from '../domain/device-key';
import { nowIso } from '../ids';
import { parseSeal } from '../records/seal';

function bytesOf(b: BuiltBundle): { bundleId: string; body: Buffer; sha256: string; bytes: number } {
  const body = Buffer.from(b.text, 'utf8');
  return { bundleId: b.bundleId, body, sha256: sha256Hex(body), bytes: body.length };
}

/** The Chinese reason a bundle could not be built. */
export function buildFailure(error: unknown): string {
  if (error instanceof AppError) return `无法生成数据包：${error.message}`;
  const message = error instanceof Error ? error.message : String(error);
  return /[\u4e00-\u9fff]/.test(message) ? message : `无法生成数据包（${message}）`;
}

/**
 * Whether this device signed the revision: only those travel from here. A bureau's
 * installation holds many inspectors' imported records; sending them on under its own key
 * would be wrong. A revision without a seal was signed here before seals existed (an import
 * refuses unsealed revisions).
 */
export function signedHere(ctx: ServiceContext, inspectionId: string, revision: number): boolean {
  const stored = getRevision(ctx.store.db, inspectionId, revision);
  if (!stored) return false;
  const seal = parseSeal(stored.seal);
  return seal === null || ownKeyIds(ctx).has(seal.keyId);
}

/**
 * Ensures the inspection's latest signed revision has its outbox rows. Call inside the
 * caller's transaction; doing it twice for one revision does nothing.
 */
export function enqueueLatest(ctx: ServiceContext, row: InspectionListRow): void {
  const { db } = ctx.store;
  if (row.revision < 1 || hasRevisionRows(db, row.id, row.revision) || !signedHere(ctx, row.id, row.revision)) return;
  const enqueuedAt = nowIso();
  try {
    // A savepoint: a build failing half-way leaves no partial rows behind.
    ctx.store.transaction(() => {
      for (const b of buildInspectionBundles(ctx, row.id)) {
        insertOutboxRow(db, { inspectionId: row.id, revision: row.revision, part: b.part, ...bytesOf(b), enqueuedAt });
      }
    });
  } catch (error) {
    insertOutboxRow(db, { inspectionId: row.id, revision: row.revision, part: 0, lastError: buildFailure(error), enqueuedAt });
  }
}

export type BuildResult =
  | { kind: 'built'; entries: number }
  /** The inspection is being amended: built once it is signed again. */
  | { kind: 'amending' }
  /** A newer revision is queued (its bundle carries this one's history too), or the record was signed elsewhere. */
  | { kind: 'dropped' };

/**
 * Builds an outbox row that has no bundle yet (enqueued by the migration, or whose build
 * failed at signing), with the evidence parts it needs. Throws the build's error.
 */
export function buildEntry(ctx: ServiceContext, entry: OutboxEntry): BuildResult {
  const { db } = ctx.store;
  return ctx.store.transaction((): BuildResult => {
    const row = getInspection(db, entry.inspectionId);
    if (!row || (row.status !== 'signed' && row.status !== 'submitted')) return { kind: 'amending' };
    if (row.revision > entry.revision || !signedHere(ctx, row.id, entry.revision)) {
      // Nothing of this row was ever sent: the latest revision's bundle replaces it, or
      // (a record imported from another inspector's laptop) it is not this device's to send.
      deleteOutboxRow(db, entry.seq);
      enqueueLatest(ctx, row);
      return { kind: 'dropped' };
    }
    const bundles = buildInspectionBundles(ctx, row.id);
    for (const b of bundles) {
      if (b.part === 0) setBuilt(db, entry.seq, bytesOf(b));
      else insertOutboxRow(db, { inspectionId: row.id, revision: entry.revision, part: b.part, ...bytesOf(b), enqueuedAt: entry.enqueuedAt });
    }
    return { kind: 'built', entries: bundles.length };
  });
}
