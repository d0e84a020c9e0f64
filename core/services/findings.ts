import { AppError } from '../../lib/errors';
import type { OutputOf, ParsedInputOf } from '../contract';
import type { Finding } from '../contract/findings';
import { deleteFinding, getFinding, listFindings, listOpenFindings, upsertFinding, type FindingRow } from '../../db/repositories/lifecycle';
import type { ServiceContext } from '../context';
import { newId, nowIso } from '../ids';
import { editInspection, fieldChanges, requireInspection } from '../records/guard';

const FIELDS = [
  'itemNo',
  'description',
  'severity',
  'notifiedOn',
  'reportedOn',
  'directiveNo',
  'directiveOn',
  'caseNo',
  'dueOn',
  'rectification',
  'closedOn',
] as const;

const toFinding = (r: FindingRow): Finding => ({ ...r, severity: r.severity as Finding['severity'] });

/** The follow-up the notice requires before a serious hazard may be closed. */
function checkClosing(f: ParsedInputOf<'findings/save'>): void {
  if (!f.closedOn) return;
  if (f.severity === '严重事故隐患') {
    const missing = [!f.notifiedOn && '书面告知受检单位日期', !f.reportedOn && '报告监管部门日期'].filter(Boolean);
    if (missing.length > 0) {
      throw new AppError(
        'VALIDATION',
        `严重事故隐患须先书面告知受检单位并报告监管部门，才能关闭。请先填写${missing.join('和')}，未保存。`,
        !f.notifiedOn ? 'notifiedOn' : 'reportedOn',
      );
    }
  }
  if (!f.rectification.trim()) {
    throw new AppError('VALIDATION', '关闭问题前请填写整改情况，未保存。', 'rectification');
  }
}

export function list(input: ParsedInputOf<'findings/list'>, ctx: ServiceContext): Finding[] {
  requireInspection(ctx, input.inspectionId);
  return listFindings(ctx.store.db, input.inspectionId).map(toFinding);
}

export function open(_input: ParsedInputOf<'findings/open'>, ctx: ServiceContext): OutputOf<'findings/open'> {
  const today = ctx.today();
  return listOpenFindings(ctx.store.db)
    .map((f) => ({ ...toFinding(f), agencyName: f.agencyName, inspectedOn: f.inspectedOn, overdue: !!f.dueOn && f.dueOn < today }))
    .sort((a, b) => (a.dueOn ?? '9999').localeCompare(b.dueOn ?? '9999') || a.createdAt.localeCompare(b.createdAt));
}

export function save(input: ParsedInputOf<'findings/save'>, ctx: ServiceContext): Finding {
  checkClosing(input);
  return editInspection(ctx, input.inspectionId, (row) => {
    const { db } = ctx.store;
    const before = input.id ? getFinding(db, input.id) : undefined;
    if (input.id && (!before || before.inspectionId !== row.id)) {
      throw new AppError('NOT_FOUND', '要修改的问题不存在，可能已被删除。请刷新后重试。', 'id');
    }
    const now = nowIso();
    const next: FindingRow = {
      id: before?.id ?? newId(),
      inspectionId: row.id,
      itemNo: input.itemNo,
      description: input.description,
      severity: input.severity,
      notifiedOn: input.notifiedOn,
      reportedOn: input.reportedOn,
      directiveNo: input.directiveNo,
      directiveOn: input.directiveOn,
      caseNo: input.caseNo,
      dueOn: input.dueOn,
      rectification: input.rectification,
      closedOn: input.closedOn,
      createdAt: before?.createdAt ?? now,
      updatedAt: now,
    };
    upsertFinding(db, next);
    const audit = before
      ? fieldChanges('finding.update', `findings.${next.id}`, before, next, FIELDS)
      : [{ action: 'finding.create', path: `findings.${next.id}`, newValue: { ...input, id: next.id } }];
    return { result: toFinding(next), audit };
  });
}

export function remove(input: ParsedInputOf<'findings/delete'>, ctx: ServiceContext): { deleted: true } {
  const existing = getFinding(ctx.store.db, input.id);
  if (!existing) throw new AppError('NOT_FOUND', '要删除的问题不存在，可能已被删除。', 'id');
  return editInspection(ctx, existing.inspectionId, () => {
    deleteFinding(ctx.store.db, input.id);
    return { result: { deleted: true as const }, audit: [{ action: 'finding.delete', path: `findings.${input.id}`, oldValue: existing }] };
  });
}

// `delete` is a reserved word, so the function has another name and is exported as the method's.
export { remove as delete };
