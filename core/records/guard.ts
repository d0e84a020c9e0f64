/**
 * Who may change an inspection, and how each change is recorded. Every service
 * that edits an inspection's working copy goes through `editInspection`, so the
 * lock after signing and the audit entry cannot be forgotten.
 */
import { appendAudit, type Actor, type AuditInput } from '../audit/chain';
import { AppError } from '../contract/errors';
import { getInspection, type InspectionListRow } from '../../db/repositories/inspections';
import type { ServiceContext } from '../context';
import { nowIso } from '../ids';
import { statement } from '../../db/statements';
import { currentActor } from '../services/profile';

export function requireInspection(ctx: ServiceContext, id: string, path = 'inspectionId'): InspectionListRow {
  const row = getInspection(ctx.store.db, id);
  if (!row) throw new AppError('NOT_FOUND', '找不到该检查任务，可能已被删除。请返回检查任务列表刷新后重试。', path);
  return row;
}

/** Signed and submitted records are locked; only an amendment reopens them. */
export function assertWorkingCopy(row: InspectionListRow): void {
  if (row.status === 'draft' || row.status === 'completed') return;
  const state = row.status === 'signed' ? '已签署' : '已提交';
  throw new AppError(
    'CONFLICT',
    `该检查${state}（第 ${row.revision} 版），记录已锁定，不能直接修改。如需修改，请点击「发起更改」并填写更改理由。`,
    'inspectionId',
  );
}

/**
 * Runs `change` in one transaction after checking the inspection is editable,
 * then appends the audit entries it returns and touches updated_at.
 */
export function editInspection<T>(
  ctx: ServiceContext,
  inspectionId: string,
  change: (row: InspectionListRow, actor: Actor) => { result: T; audit: AuditInput[] },
): T {
  const { sqlite } = ctx.store;
  return sqlite.transaction(() => {
    const row = requireInspection(ctx, inspectionId);
    assertWorkingCopy(row);
    const actor = currentActor(ctx);
    const { result, audit } = change(row, actor);
    for (const entry of audit) appendAudit(sqlite, inspectionId, actor, entry);
    statement(sqlite, 'UPDATE inspections SET updated_at = ? WHERE id = ?').run(nowIso(), inspectionId);
    return result;
  })();
}

/** The audit entries for the fields that changed between two versions of a record. */
export function fieldChanges(
  action: string,
  basePath: string,
  before: Record<string, unknown> | undefined,
  after: Record<string, unknown>,
  fields: readonly string[],
): AuditInput[] {
  const out: AuditInput[] = [];
  for (const f of fields) {
    const oldValue = before?.[f] ?? null;
    const newValue = after[f] ?? null;
    if (JSON.stringify(oldValue) !== JSON.stringify(newValue)) {
      out.push({ action, path: `${basePath}.${f}`, oldValue, newValue });
    }
  }
  return out;
}
