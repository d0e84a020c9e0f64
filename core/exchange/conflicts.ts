/**
 * Revision conflicts: an incoming signed revision that could not simply follow our
 * latest one. Keeping ours closes the conflict and changes nothing else. Adopting
 * theirs appends it as our newest revision (a signed revision never changes, so it
 * keeps its own number and parent inside its snapshot; the row's number is its place
 * in this installation's history) and rebuilds the working copy from it. Nothing is
 * appended to the audit chain here: it stays the chain the sender signed.
 */
import { getConflict, listConflicts, resolveConflictRow, type ConflictRow } from '../../db/repositories/bundles';
import { listRevisions, insertRevision, type RevisionRow } from '../../db/repositories/lifecycle';
import { updateInspectionColumns } from '../../db/repositories/inspections';
import { AppError } from '../../lib/errors';
import type { Conflict } from '../contract/bundles';
import { shanghaiToday, type ServiceContext } from '../context';
import { nowIso } from '../ids';
import { requireInspection } from '../records/guard';
import { currentActor } from '../domain/actor';
import { parseSeal, sealProblem } from '../records/seal';
import { checkRevision } from './verify-2-chains';
import { hasBlob } from './files';
import { snapshotBlobs } from './payload';
import { inspectionColumns, replaceWorkingCopy } from './working-copy';

type Actor = Conflict['incoming']['signedBy'];

function revisionRef(r: { number: number; sha256: string; parentSha256: string | null; signedAt: string; signedBy: string; reason: string }): Conflict['incoming'] {
  return { number: r.number, sha256: r.sha256, parentSha256: r.parentSha256, signedAt: r.signedAt, signedBy: JSON.parse(r.signedBy) as Actor, reason: r.reason };
}

function toConflict(ctx: ServiceContext, row: ConflictRow): Conflict {
  const inspection = requireInspection(ctx, row.inspectionId);
  const revs = listRevisions(ctx.store.db, row.inspectionId);
  const latest: RevisionRow | undefined = revs[revs.length - 1];
  return {
    id: row.id,
    inspectionId: row.inspectionId,
    agencyName: inspection.agencyName,
    inspectedOn: inspection.inspectedOn,
    incoming: revisionRef(row),
    local: latest ? revisionRef(latest) : null,
    cause: row.cause,
    fromBundleId: row.fromBundleId,
    detectedAt: row.detectedAt,
    resolvedAt: row.resolvedAt,
    resolvedBy: row.resolvedBy ? (JSON.parse(row.resolvedBy) as Actor) : null,
    resolution: row.resolution as Conflict['resolution'],
  };
}

export function conflicts(ctx: ServiceContext, includeResolved: boolean): Conflict[] {
  return listConflicts(ctx.store.db, includeResolved).map((r) => toConflict(ctx, r));
}

export function resolveConflict(ctx: ServiceContext, id: string, keep: 'local' | 'incoming'): Conflict {
  const { db } = ctx.store;
  return ctx.store.transaction(() => {
    const row = getConflict(db, id);
    if (!row) throw new AppError('NOT_FOUND', '找不到该版本冲突，可能已被处理。请刷新后重试。', 'id');
    if (row.resolvedAt) throw new AppError('CONFLICT', `该冲突已于 ${shanghaiToday(new Date(row.resolvedAt))} 处理。请刷新后重试。`, 'id');
    const actor = JSON.stringify(currentActor(ctx));
    if (keep === 'incoming') {
      const inspection = requireInspection(ctx, row.inspectionId);
      if (inspection.status !== 'signed' && inspection.status !== 'submitted') {
        throw new AppError('CONFLICT', '本机正在更改该检查（已发起更改、尚未签署）。请先签署本机的更改，再决定是否采用导入的版本。', 'id');
      }
      const label = `「${inspection.agencyName} ${inspection.inspectedOn}」导入的第 ${row.number} 版`;
      const { seal: sealJson, ...fields } = row;
      const snap = checkRevision(row.inspectionId, { ...fields, signedBy: JSON.parse(row.signedBy) as Actor }, label);
      const sealed = sealProblem(parseSeal(sealJson), row.inspectionId, row.sha256);
      if (sealed) throw new AppError('INTEGRITY', `${label}${sealed}，不能采用。请重新导入发送方的数据包。`, 'id');
      if (snap.agency?.id !== inspection.agencyId) {
        throw new AppError('INTEGRITY', `${label}属于另一个机构，不能作为本检查的版本采用。`, 'id');
      }
      const missing = snapshotBlobs(snap).filter((sha) => !hasBlob(ctx.dataDir, sha));
      if (missing.length > 0) {
        throw new AppError('CONFLICT', `${label}引用的 ${missing.length} 份照片或签名图片尚未导入。请先导入相应的证据数据包，再采用该版本。`, 'id');
      }
      const revs = listRevisions(db, row.inspectionId);
      const number = (revs[revs.length - 1]?.number ?? 0) + 1;
      insertRevision(db, {
        inspectionId: row.inspectionId,
        number,
        sha256: row.sha256,
        parentSha256: row.parentSha256,
        canonical: row.canonical,
        reason: row.reason,
        signedAt: row.signedAt,
        signedBy: row.signedBy,
        seal: row.seal,
      });
      replaceWorkingCopy(ctx, row.inspectionId, snap, label);
      updateInspectionColumns(db, row.inspectionId, { ...inspectionColumns(snap.inspection), revision: number, updatedAt: nowIso() });
    }
    resolveConflictRow(db, id, keep, nowIso(), actor);
    return toConflict(ctx, { ...row, resolution: keep, resolvedAt: nowIso(), resolvedBy: actor });
  });
}
