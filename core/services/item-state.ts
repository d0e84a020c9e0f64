/**
 * From stored inspection_items rows to what the engine and the screens read: the
 * engine's ItemScore, the contract's ItemState, and the totals a list row carries.
 * Shared by the inspections and scoring services (kept apart so neither imports the other).
 */
import { ATTACHMENT3_ITEMS, attachment3Item } from '../../forms/attachment3';
import { computeTotals, maxFor, suggestScore, type ClauseResult, type ItemScore, type Totals } from '../../forms/scoring';
import type { ScoringTemplate } from '../../forms/scoring-template';
import type { ItemRow } from '../../db/repositories/scoring';
import type { ItemState } from '../contract/scoring';
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
  const max = maxFor(template, no);
  const clauses = row ? parseClauses(row.clauses, no) : parseClauses('[]', no);
  return {
    no,
    clauses,
    score: row?.score ?? null,
    notApplicable: row?.notApplicable ?? false,
    problem: row?.problem ?? '',
    remark: row?.remark ?? '',
    max,
    suggested: suggestScore(max, clauses),
    updatedAt: row?.updatedAt ?? null,
  };
}

/** All 42 items in 序号 order; items never touched get their defaults. */
export function allItemStates(template: ScoringTemplate, rows: readonly ItemRow[]): ItemState[] {
  const byNo = new Map(rows.map((r) => [r.itemNo, r]));
  return ATTACHMENT3_ITEMS.map((i) => itemState(template, i.no, byNo.get(i.no)));
}

export function totalsOf(template: ScoringTemplate, rows: readonly ItemRow[]): Totals {
  return computeTotals(template, rows.map(toItemScore));
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
