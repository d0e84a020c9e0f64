/**
 * 草稿 → 已完成 → 已签署 (locked) → 已提交. Signing freezes the working copy into
 * revision n (canonical JSON + SHA-256, parent = revision n−1); an amendment
 * reopens the working copy with a reason, and signing it makes revision n+1.
 */
import { GENESIS_HASH, appendAudit, readAudit, type Actor } from '../../audit/chain';
import { lastAuditEntry } from '../../../db/repositories/audit';
import { deviceKey } from '../../domain/device-key';
import { signedElsewhereOnDesk } from '../../domain/role';
import { makeSeal } from '../../records/seal';
import { recordProblemsText, verifyRecord } from '../../records/verify-record';
import { AppError } from '../../../lib/errors';
import type { OutputOf, ParsedInputOf } from '../../contract';
import { clearSignatures, getRevision, insertRevision, listRevisions, listSignatures, type RevisionRow } from '../../../db/repositories/lifecycle';
import type { ServiceContext } from '../../context';
import { nowIso } from '../../ids';
import { requireInspection } from '../../records/guard';
import { submitInspection } from '../../records/submit';
import { markAmended, markSigned, updateInspectionColumns } from '../../../db/repositories/inspections';
import { isLocked } from '../../contract/inspections';
import { buildSnapshot, sealSnapshot } from '../../records/snapshot';
import { currentActor, profileUnit, readProfile } from '../../domain/actor';
import { get as getScoring } from './scoring';
import { examSheet } from '../../domain/item-state';
import { listItemRows } from '../../../db/repositories/scoring';
import { enqueueLatest } from '../../sync/enqueue';
import { kickSync } from '../../sync/registry';

type RevisionSummary = OutputOf<'inspections/revisions'>[number];

function toSummary(r: RevisionRow): RevisionSummary {
  return {
    number: r.number,
    sha256: r.sha256,
    parentSha256: r.parentSha256,
    reason: r.reason,
    signedAt: r.signedAt,
    signedBy: JSON.parse(r.signedBy) as Actor,
  };
}

/** What must be true before a record can be signed; each problem in plain Chinese. */
function signingProblems(ctx: ServiceContext, id: string): string[] {
  const row = requireInspection(ctx, id, 'id');
  const problems: string[] = [];
  if (row.kind === 'agency') {
    const { totals } = getScoring({ id }, ctx);
    if (totals.unscored.length > 0) {
      const list = totals.unscored.slice(0, 10).join('、');
      problems.push(`还有 ${totals.unscored.length} 项未评分（第 ${list}${totals.unscored.length > 10 ? ' 等' : ''} 项），请评分或标记不适用`);
    }
  } else {
    const open = examSheet(listItemRows(ctx.store.db, id)).items.filter((i) => i.result === null);
    if (open.length > 0) problems.push(`抽查项目「${open.map((i) => i.title).join('、')}」尚未填写结果`);
  }
  const sigs = listSignatures(ctx.store.db, id);
  const inspectors = JSON.parse(row.inspectors) as { name: string }[];
  const signedInspectors = new Set(sigs.filter((s) => s.role === 'inspector').map((s) => s.signerName));
  const missing = inspectors.filter((p) => !signedInspectors.has(p.name)).map((p) => p.name);
  if (missing.length > 0) problems.push(`检查人员 ${missing.join('、')} 尚未签名`);
  if (signedInspectors.size === 0 && inspectors.length === 0) problems.push('至少需要一名检查人员签名');
  if (!sigs.some((s) => s.role === 'agency')) problems.push('受检单位代表尚未签名');
  return problems;
}

export function sign(input: ParsedInputOf<'inspections/sign'>, ctx: ServiceContext): RevisionSummary {
  const { db } = ctx.store;
  if (!readProfile(ctx)) {
    throw new AppError('FORBIDDEN', '请先在「设置」中填写本机检查人员信息（姓名、执法证号、单位），再签署。', 'profile');
  }
  const summary = ctx.store.transaction(() => {
    const row = requireInspection(ctx, input.id, 'id');
    if (isLocked(row.status)) {
      throw new AppError('CONFLICT', `该检查已签署（第 ${row.revision} 版）。如需修改，请先发起更改。`, 'id');
    }
    const problems = signingProblems(ctx, input.id);
    if (problems.length > 0) throw new AppError('VALIDATION', `暂不能签署：${problems.join('；')}。`, 'id');
    // A record changed behind the app's back (a revision edited, the log cut, the status
    // flipped back without an amendment) is not signed over: the seal would vouch for it.
    const check = verifyRecord(ctx, row);
    if (!check.ok) {
      throw new AppError('INTEGRITY', `该检查记录在本机数据库中被改动过，不能签署：${recordProblemsText(check)}。请从备份恢复数据目录。`, 'id');
    }

    const actor = currentActor(ctx);
    // A record begun before the profile named the inspecting unit gets it now, so the signed
    // snapshot says which unit made the inspection (附件4 counts it for that unit).
    const unit = row.inspectingUnit ?? profileUnit(ctx);
    if (unit !== row.inspectingUnit) {
      updateInspectionColumns(db, row.id, { inspectingUnit: unit });
      appendAudit(ctx.store, row.id, actor, { action: 'inspection.unit', path: 'inspectingUnit', oldValue: null, newValue: unit });
    }
    const previous = row.revision > 0 ? getRevision(db, row.id, row.revision) : undefined;
    const number = row.revision + 1;
    const signedAt = nowIso();
    const snapshot = buildSnapshot(ctx, row.id, {
      revision: number,
      parentSha256: previous?.sha256 ?? null,
      reason: row.amendmentReason,
      signedAt,
      signedBy: actor,
    });
    const { canonical, sha256 } = sealSnapshot(snapshot);
    // The seal names the chain head just before this revision's `sign` entry.
    const head = lastAuditEntry(db, row.id);
    const seal = makeSeal(deviceKey(ctx), { inspectionId: row.id, sha256, auditSeq: head?.seq ?? 0, auditHead: head?.hash ?? GENESIS_HASH });
    const revision: RevisionRow = {
      inspectionId: row.id,
      number,
      sha256,
      parentSha256: previous?.sha256 ?? null,
      canonical,
      reason: row.amendmentReason,
      signedAt,
      signedBy: JSON.stringify(actor),
      seal: JSON.stringify(seal),
    };
    insertRevision(db, revision);
    markSigned(db, row.id, number, signedAt);
    appendAudit(ctx.store, row.id, actor, { action: 'sign', path: 'revision', oldValue: row.revision, newValue: { number, sha256 } });
    // Queued with the revision it carries, in this transaction: signed means on its way.
    enqueueLatest(ctx, requireInspection(ctx, row.id, 'id'));
    return toSummary(revision);
  });
  kickSync(ctx);
  return summary;
}

function refuseDeskAmendingOthers(ctx: ServiceContext, inspectionId: string): void {
  if (signedElsewhereOnDesk(ctx, inspectionId)) {
    throw new AppError('FORBIDDEN', '这份检查记录由检查人员签署后导入本审核端，不能在审核端更改。需要补正的，请在「审核」中退回补正，由检查人员更改后重新签署。', 'id');
  }
}

export function amend(input: ParsedInputOf<'inspections/amend'>, ctx: ServiceContext): OutputOf<'inspections/amend'> {
  const { db } = ctx.store;
  return ctx.store.transaction(() => {
    const row = requireInspection(ctx, input.id, 'id');
    if (!isLocked(row.status)) {
      throw new AppError('CONFLICT', '只有已签署或已提交的检查才需要发起更改；未签署的记录可以直接修改。', 'id');
    }
    refuseDeskAmendingOthers(ctx, row.id);
    const complete =
      row.kind === 'agency' ? getScoring({ id: row.id }, ctx).totals.complete : examSheet(listItemRows(db, row.id)).complete;
    // The signed revision keeps its signatures; the new working copy must be signed afresh.
    clearSignatures(db, row.id);
    markAmended(db, row.id, complete ? 'completed' : 'draft', input.reason, nowIso());
    appendAudit(ctx.store, row.id, currentActor(ctx), {
      action: 'amend',
      path: 'status',
      oldValue: row.status,
      newValue: { status: complete ? 'completed' : 'draft', reason: input.reason, from: row.revision },
    });
    return { revision: row.revision, reason: input.reason };
  });
}

export function submit(input: ParsedInputOf<'inspections/submit'>, ctx: ServiceContext): OutputOf<'inspections/submit'> {
  const submitted = ctx.store.transaction(() => {
    const result = submitInspection(ctx, requireInspection(ctx, input.id, 'id'));
    // Marked by hand, it still travels online (once: a revision already queued stays as it is).
    enqueueLatest(ctx, requireInspection(ctx, input.id, 'id'));
    return result;
  });
  kickSync(ctx);
  return submitted;
}

export function revisions(input: ParsedInputOf<'inspections/revisions'>, ctx: ServiceContext): RevisionSummary[] {
  requireInspection(ctx, input.id, 'id');
  return listRevisions(ctx.store.db, input.id).map(toSummary);
}

export function revision(input: ParsedInputOf<'inspections/revision'>, ctx: ServiceContext): OutputOf<'inspections/revision'> {
  const r = getRevision(ctx.store.db, input.id, input.number);
  if (!r) throw new AppError('NOT_FOUND', `该检查没有第 ${input.number} 版。`, 'number');
  return { summary: toSummary(r), canonical: r.canonical };
}

export function audit(input: ParsedInputOf<'inspections/audit'>, ctx: ServiceContext): OutputOf<'inspections/audit'> {
  const row = requireInspection(ctx, input.id, 'id');
  const entries = readAudit(ctx.store, input.id).map((e) => ({
    seq: e.seq,
    actor: e.actor,
    at: e.at,
    action: e.action,
    path: e.path,
    oldValue: e.oldValue,
    newValue: e.newValue,
    hash: e.hash,
  }));
  const record = verifyRecord(ctx, row);
  return { entries, check: record.chain, record: { ok: record.ok, problems: record.problems } };
}
