/**
 * Who may change an inspection, and how each change is recorded. Every service
 * that edits an inspection's working copy goes through `editInspection`, so the
 * lock after signing and the audit entry cannot be forgotten.
 */
import { appendAudit, type Actor, type AuditInput } from '../audit/chain';
import { AppError } from '../../lib/errors';
import { getInspection, type InspectionListRow } from '../../db/repositories/inspections';
import { updateInspectionStatus } from '../../db/repositories/scoring';
import { isEditable, type InspectionStatus } from '../contract/inspections';
import type { ServiceContext } from '../context';
import { nowIso } from '../ids';
import { currentActor } from '../domain/actor';

export function requireInspection(ctx: ServiceContext, id: string, path = 'inspectionId'): InspectionListRow {
  const row = getInspection(ctx.store.db, id);
  if (!row) throw new AppError('NOT_FOUND', '找不到该检查任务，可能已被删除。请返回检查任务列表刷新后重试。', path);
  return row;
}

/** Signed and submitted records are locked; only an amendment reopens them. */
export function assertWorkingCopy(row: InspectionListRow): void {
  if (isEditable(row.status)) return;
  const state = row.status === 'signed' ? '已签署' : '已提交';
  throw new AppError(
    'CONFLICT',
    `该检查${state}（第 ${row.revision} 版），记录已锁定，不能直接修改。如需修改，请点击「发起更改」并填写更改理由。`,
    'inspectionId',
  );
}

/** What a change of the working copy did: its answer, its audit entries, and the status it leaves. */
export interface EditOutcome<T> {
  result: T;
  audit: AuditInput[];
  /** Scoring moves draft ↔ completed; absent, the status stays. */
  status?: InspectionStatus;
}

/**
 * Runs `change` in one transaction after checking the inspection is editable, then
 * appends the audit entries it returns and writes status and updated_at in one row
 * write, with the same time `change` was given.
 */
export function editInspection<T>(
  ctx: ServiceContext,
  inspectionId: string,
  change: (row: InspectionListRow, actor: Actor, now: string) => EditOutcome<T>,
): T {
  return ctx.store.transaction(() => {
    const row = requireInspection(ctx, inspectionId);
    assertWorkingCopy(row);
    const actor = currentActor(ctx);
    const now = nowIso();
    const { result, audit, status } = change(row, actor, now);
    for (const entry of audit) appendAudit(ctx.store, inspectionId, actor, entry);
    updateInspectionStatus(ctx.store.db, inspectionId, status ?? row.status, now);
    return result;
  });
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
