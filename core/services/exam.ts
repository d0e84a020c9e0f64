/**
 * 考试机构 inspections: three check items (forms/exam-checklist), each 符合 /
 * 不符合 / 不适用 with a 问题记录. Stored in inspection_items (item_no 1–3, the
 * result as the single clause) so lifecycle, audit and snapshots treat both
 * kinds of inspection alike.
 */
import { AppError } from '../../lib/errors';
import type { OutputOf, ParsedInputOf } from '../contract';
import { listItemRows, upsertItemRow, type ItemRow } from '../../db/repositories/scoring';
import type { ServiceContext } from '../context';
import { shownItemRows } from '../records/frozen';
import { editInspection, requireInspection } from '../records/guard';
import { examResultOf, examSheet } from '../domain/item-state';

type Sheet = OutputOf<'exam/get'>;

function requireExam(ctx: ServiceContext, id: string, path: string) {
  const row = requireInspection(ctx, id, path);
  if (row.kind !== 'exam') {
    throw new AppError('CONFLICT', '这是检验检测机构的检查，请使用附件3监督检查表评分。', path);
  }
  return row;
}

export function get(input: ParsedInputOf<'exam/get'>, ctx: ServiceContext): Sheet {
  const row = requireExam(ctx, input.id, 'id');
  return examSheet(shownItemRows(ctx, row));
}

export function save(input: ParsedInputOf<'exam/save'>, ctx: ServiceContext): Sheet {
  requireExam(ctx, input.inspectionId, 'inspectionId');
  return editInspection(ctx, input.inspectionId, (row, _actor, now) => {
    const { db } = ctx.store;
    const rows = listItemRows(db, row.id);
    const previous = rows.find((r) => r.itemNo === input.no);
    const before = { result: examResultOf(previous), problem: previous?.problem ?? '' };
    const after = {
      result: input.result === undefined ? before.result : input.result,
      problem: input.problem === undefined ? before.problem : input.problem,
    };
    const next: ItemRow = {
      inspectionId: row.id,
      itemNo: input.no,
      clauses: JSON.stringify([after.result]),
      score: null,
      notApplicable: after.result === '不适用',
      problem: after.problem,
      remark: '',
      updatedAt: now,
    };
    upsertItemRow(db, next);
    const sheet = examSheet(previous ? rows.map((r) => (r === previous ? next : r)) : [...rows, next]);
    const audit = (['result', 'problem'] as const)
      .filter((k) => before[k] !== after[k])
      .map((k) => ({ action: 'exam.save', path: `exam.${input.no}.${k}`, oldValue: before[k], newValue: after[k] }));
    return { result: sheet, audit, status: sheet.complete ? 'completed' : 'draft' };
  });
}
