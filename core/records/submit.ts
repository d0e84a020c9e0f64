/**
 * 已签署 → 已提交: the record was handed to the bureau (exported, or marked by hand).
 * One rule for the 提交 button and for the export that submits what it carries.
 */
import { appendAudit } from '../audit/chain';
import { markSubmitted, type InspectionListRow } from '../../db/repositories/inspections';
import { AppError } from '../../lib/errors';
import type { ServiceContext } from '../context';
import { currentActor } from '../domain/actor';
import { nowIso } from '../ids';
import { recordProblemsText, verifyRecord } from './verify-record';

/** Marks a signed inspection submitted, with its audit entry. Call inside the caller's transaction. */
export function submitInspection(ctx: ServiceContext, row: InspectionListRow): { submittedAt: string } {
  if (row.status !== 'signed') {
    throw new AppError('CONFLICT', row.status === 'submitted' ? '该检查已经标记为已提交。' : '请先签署锁定，再标记为已提交。', 'id');
  }
  // Handing over a record this machine cannot vouch for would tell the inspector it was delivered.
  const check = verifyRecord(ctx, row);
  if (!check.ok) {
    throw new AppError('INTEGRITY', `「${row.agencyName} ${row.inspectedOn}」的记录在本机被改动过（${recordProblemsText(check)}），不能提交。请保留数据目录并报告市局。`, 'id');
  }
  const at = nowIso();
  markSubmitted(ctx.store.db, row.id, at);
  appendAudit(ctx.store, row.id, currentActor(ctx), { action: 'submit', path: 'status', oldValue: 'signed', newValue: 'submitted' });
  return { submittedAt: at };
}
