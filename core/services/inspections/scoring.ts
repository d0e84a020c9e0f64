/**
 * 附件3 scoring of one inspection: read the whole checklist, save one item at a time.
 *
 * saveItem is the hot path (every keystroke that changes a score ends here), so it is
 * one small transaction: read the inspection and its item rows, write the item, set
 * status and updated_at, append the audit entries of the fields that changed. Everything
 * is validated before the first write, so a refused edit writes nothing.
 */
import { signedElsewhereOnDesk } from '../../domain/role';
import type { OutputOf, ParsedInputOf } from '../../contract';
import { AppError } from '../../../lib/errors';
import type { InspectionDetail } from '../../contract/inspections';
import { shownItemRows } from '../../records/frozen';
import { ATTACHMENT3_ITEMS, attachment3Item, attachment3ItemLabel } from '../../../forms/attachment3';
import { validateScore } from '../../../forms/scoring';
import { getInspection, type InspectionListRow } from '../../../db/repositories/inspections';
import { listItemRows, upsertItemRow, type ItemRow } from '../../../db/repositories/scoring';
import type { ServiceContext } from '../../context';
import { inspectionTotals, toSummary } from './records';
import { editInspection, fieldChanges } from '../../records/guard';
import { itemState, parseClauses, scoringSheetOf, totalsOf } from '../../domain/item-state';
import { inspectionTemplate } from '../../domain/templates';

export function get(input: ParsedInputOf<'inspections/get'>, ctx: ServiceContext): InspectionDetail {
  const row = getInspection(ctx.store.db, input.id);
  if (!row) throw new AppError('NOT_FOUND', '找不到该检查任务，可能已被删除。请返回检查任务列表刷新后重试。', 'id');
  const template = inspectionTemplate(ctx, row);
  const rows = shownItemRows(ctx, row);
  return {
    inspection: toSummary(row, inspectionTotals(ctx, row, rows)),
    template: {
      id: template.id,
      version: template.version,
      name: template.name,
      ...(template.note === undefined ? {} : { note: template.note }),
      items: template.items.map((i) => ({ no: i.no, max: i.max })),
    },
    ...scoringSheetOf(template, rows),
    signedElsewhere: signedElsewhereOnDesk(ctx, row.id),
  };
}

/** 考试机构 inspections have their own checklist; 附件3 items cannot be scored on them. */
function assertScoredOnAttachment3(row: InspectionListRow): void {
  if (row.kind !== 'agency') {
    throw new AppError('CONFLICT', '考试机构的检查不使用附件3监督检查表评分，未保存。', 'inspectionId');
  }
}

/** The audited fields of an item, as values (clauses parsed), for old/new in the audit trail. */
const AUDITED_FIELDS = ['clauses', 'score', 'notApplicable', 'problem', 'remark'] as const;
function auditedFields(r: ItemRow): Record<string, unknown> {
  return { clauses: parseClauses(r.clauses, r.itemNo), score: r.score, notApplicable: r.notApplicable, problem: r.problem, remark: r.remark };
}

export function saveItem(
  input: ParsedInputOf<'inspections/saveItem'>,
  ctx: ServiceContext,
): OutputOf<'inspections/saveItem'> {
  const def = attachment3Item(input.no);
  if (!def) {
    throw new AppError(
      'VALIDATION',
      `不存在第 ${input.no} 项，附件3监督检查表的项目序号为 1 到 ${ATTACHMENT3_ITEMS.length}。请核对项目序号。`,
      'no',
    );
  }
  const name = `第 ${def.no} 项「${attachment3ItemLabel(def)}」`;
  if (input.clauses !== undefined && input.clauses.length !== def.requirements.length) {
    throw new AppError(
      'VALIDATION',
      `${name}有 ${def.requirements.length} 条工作要求，提交了 ${input.clauses.length} 条判定结果。请逐条判定后重试，未保存。`,
      'clauses',
    );
  }

  const { db } = ctx.store;
  // editInspection (core/records/guard) runs this in one transaction, refuses signed or
  // submitted records, appends the audit entries returned here and writes the status
  // with updated_at = now in one row write.
  return editInspection(ctx, input.inspectionId, (row, _actor, now) => {
    assertScoredOnAttachment3(row);
    const template = inspectionTemplate(ctx, row);
    if (input.score !== undefined && input.score !== null) {
      const problem = validateScore(template, def.no, input.score);
      if (problem) throw new AppError('VALIDATION', `${problem}。请重新输入，本次未保存。`, 'score');
    }

    const rows = listItemRows(db, row.id);
    const previous = rows.find((r) => r.itemNo === def.no);
    const next: ItemRow = {
      inspectionId: row.id,
      itemNo: def.no,
      clauses: input.clauses !== undefined ? JSON.stringify(input.clauses) : (previous?.clauses ?? '[]'),
      score: input.score !== undefined ? input.score : (previous?.score ?? null),
      notApplicable: input.notApplicable ?? previous?.notApplicable ?? false,
      problem: input.problem ?? previous?.problem ?? '',
      remark: input.remark ?? previous?.remark ?? '',
      updatedAt: now,
    };
    upsertItemRow(db, next);

    const after = previous ? rows.map((r) => (r === previous ? next : r)) : [...rows, next];
    const totals = totalsOf(template, after);
    // Only draft ↔ completed moves here: a finished sheet is 'completed', reopening an item reverts it.
    const status = totals.complete ? ('completed' as const) : ('draft' as const);
    // An item never touched before counts as its defaults, so only what really changed is recorded.
    const before = previous ?? { ...next, clauses: '[]', score: null, notApplicable: false, problem: '', remark: '' };
    const audit = fieldChanges('item.save', `items.${def.no}`, auditedFields(before), auditedFields(next), AUDITED_FIELDS);
    if (status !== row.status) audit.push({ action: 'item.save', path: 'status', oldValue: row.status, newValue: status });
    return { result: { item: itemState(template, def.no, next), totals, status, updatedAt: now }, audit, status };
  });
}
