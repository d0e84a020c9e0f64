/**
 * A signed (or submitted) record is read from its frozen revision, never from the
 * editable working-copy rows: an UPDATE of inspection_items behind the app's back would
 * otherwise show a score the record was never signed with. The item rows are derived
 * from the latest revision's canonical snapshot, whose text must still make its hash.
 *
 * Parsed rows are cached by the revision's SHA-256: a revision never changes, so the
 * cache is content-addressed and cannot go stale, even across a rolled-back write.
 */
import { sha256Hex } from '../../bundle/canonical';
import { getRevision, getRevisionSha } from '../../db/repositories/lifecycle';
import { listItemRows, type ItemRow } from '../../db/repositories/scoring';
import { AppError } from '../../lib/errors';
import { isLocked, type InspectionStatus } from '../contract/inspections';
import type { ServiceContext } from '../context';
import { itemRowsOfSnapshot, type SnapshotItems } from './snapshot-items';

const frozen = new Map<string, readonly ItemRow[]>();
const MAX_CACHED = 5000;

/**
 * The item rows of the inspection's latest signed revision, or null when that revision
 * is missing or its text no longer makes its SHA-256 (the caller says so; nothing is
 * shown as signed that is not).
 */
export function frozenItemRows(ctx: ServiceContext, row: { id: string; revision: number }): readonly ItemRow[] | null {
  // The hash first: a list of many signed records then reads no revision text at all.
  const sha = getRevisionSha(ctx.store.db, row.id, row.revision);
  if (sha === undefined) return null;
  const hit = frozen.get(sha);
  if (hit) return hit;
  const stored = getRevision(ctx.store.db, row.id, row.revision);
  if (!stored) return null;
  if (sha256Hex(stored.canonical) !== stored.sha256) return null;
  const rows = itemRowsOfSnapshot(row.id, JSON.parse(stored.canonical) as SnapshotItems);
  if (frozen.size >= MAX_CACHED) frozen.clear();
  frozen.set(stored.sha256, rows);
  return rows;
}

/**
 * The item rows a record shows: a locked record's from its frozen revision, an editable
 * one's from the working copy. A locked record whose revision no longer holds is an
 * INTEGRITY error rather than a sheet showing what was never signed.
 */
export function shownItemRows(ctx: ServiceContext, row: { id: string; status: string; revision: number }): readonly ItemRow[] {
  if (!isLocked(row.status as InspectionStatus) || row.revision === 0) return listItemRows(ctx.store.db, row.id);
  const rows = frozenItemRows(ctx, row);
  if (!rows) {
    throw new AppError('INTEGRITY', `该检查已签署（第 ${row.revision} 版），但本机保存的该版本已被改动或缺失，无法显示。请从备份恢复数据目录。`, 'id');
  }
  return rows;
}
