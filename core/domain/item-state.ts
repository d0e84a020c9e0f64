/**
 * From stored inspection_items rows to what the engine and the screens read: the
 * engine's ItemScore, the contract's ItemState, the totals a list row carries, and the
 * whole sheet of either kind of inspection. Shared by the inspections, scoring and exam
 * services and the snapshot builder; pure (no database), so the import's worker thread
 * can use it too.
 */
import { ATTACHMENT3_ITEMS, attachment3Item } from '../../forms/attachment3';
import { computeTotals, maxFor, suggestScore, type ClauseResult, type ItemScore, type Totals } from '../../forms/scoring';
import type { ScoringTemplate } from '../../forms/scoring-template';
import type { ItemRow } from '../../db/repositories/scoring';
import { EXAM_CHECK_ITEMS, type ExamResult } from '../../forms/exam-checklist';
import type { OutputOf } from '../contract';
import type { InspectionDetail, ItemState } from '../contract/inspections';
import type { InspectionSummary } from '../contract/inspections';

const CLAUSE_VALUES: readonly string[] = ['符合', '不符合', '不适用'];

/** Stored clause JSON → exactly one entry per requirement clause of the item. */
export function parseClauses(json: string, no: number): (ClauseResult | null)[] {
  const count = attachment3Item(no)?.requirements.length ?? 0;
  let stored: unknown;
  try {
    stored = JSON.parse(json);
  } catch {
    stored = [];
  }
  const list = Array.isArray(stored) ? stored : [];
  return Array.from({ length: count }, (_, i) => {
    const v: unknown = list[i];
    return typeof v === 'string' && CLAUSE_VALUES.includes(v) ? (v as ClauseResult) : null;
  });
}

export function toItemScore(row: ItemRow): ItemScore {
  return {
    no: row.itemNo,
    clauses: parseClauses(row.clauses, row.itemNo),
    score: row.score,
    notApplicable: row.notApplicable,
    problem: row.problem,
    remark: row.remark,
  };
}

export function itemState(template: ScoringTemplate, no: number, row: ItemRow | undefined): ItemState {
  return stateOf(template, no, row ? toItemScore(row) : undefined, row?.updatedAt ?? null);
}

/** An item's state from its parsed score (undefined: never touched). */
function stateOf(template: ScoringTemplate, no: number, s: ItemScore | undefined, updatedAt: string | null): ItemState {
  const max = maxFor(template, no);
  const clauses = s ? s.clauses : parseClauses('[]', no);
  return {
    no,
    clauses,
    score: s?.score ?? null,
    notApplicable: s?.notApplicable ?? false,
    problem: s?.problem ?? '',
    remark: s?.remark ?? '',
    max,
    suggested: suggestScore(max, clauses),
    updatedAt,
  };
}

export function totalsOf(template: ScoringTemplate, rows: readonly ItemRow[]): Totals {
  return computeTotals(template, rows.map(toItemScore));
}

/**
 * The scored 附件3 sheet of an inspection from its item rows: every item's state and the
 * totals. What a revision snapshot holds of the scoring; `inspections/get` adds what the screen shows.
 * Each row's clause JSON is parsed once for both (an import proves 42 items per bundle).
 */
export function scoringSheetOf(template: ScoringTemplate, rows: readonly ItemRow[]): Pick<InspectionDetail, 'items' | 'totals'> {
  const scores = rows.map(toItemScore);
  const byNo = new Map<number, { score: ItemScore; updatedAt: string }>();
  rows.forEach((r, i) => byNo.set(r.itemNo, { score: scores[i] as ItemScore, updatedAt: r.updatedAt }));
  const items = ATTACHMENT3_ITEMS.map((i) => {
    const found = byNo.get(i.no);
    return stateOf(template, i.no, found?.score, found?.updatedAt ?? null);
  });
  return { items, totals: computeTotals(template, scores) };
}

/** The 抽查 result stored in an exam item row's single clause. */
export function examResultOf(row: ItemRow | undefined): ExamResult | null {
  if (!row) return null;
  try {
    const [first] = JSON.parse(row.clauses) as (ExamResult | null)[];
    return first ?? null;
  } catch {
    return null;
  }
}

/** The 考试机构 sheet from its item rows (item_no 1–3, the result as the single clause). */
export function examSheet(rows: readonly ItemRow[]): OutputOf<'exam/get'> {
  const items = EXAM_CHECK_ITEMS.map((def) => {
    const row = rows.find((r) => r.itemNo === def.no);
    return { no: def.no, title: def.title, requirements: [...def.requirements], result: examResultOf(row), problem: row?.problem ?? '' };
  });
  return { items, complete: items.every((i) => i.result !== null) };
}

export type SummaryTotals = Pick<
  InspectionSummary,
  'total' | 'rescaled' | 'raw' | 'applicableMax' | 'bonus' | 'scoredCount'
>;

export const NOT_SCORED: SummaryTotals = {
  total: null,
  rescaled: null,
  raw: null,
  applicableMax: null,
  bonus: null,
  scoredCount: null,
};

export function summaryTotals(totals: Totals): SummaryTotals {
  return {
    total: totals.total,
    rescaled: totals.rescaled,
    raw: totals.raw,
    applicableMax: totals.applicableMax,
    bonus: totals.bonus,
    scoredCount: ATTACHMENT3_ITEMS.length - totals.unscored.length,
  };
}
