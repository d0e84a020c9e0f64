import type { ItemState } from '../../../../core/contract/inspections';
import { validateScore } from '../../../../forms/scoring';
import type { ScoringTemplate } from '../../../../forms/scoring-template';

export type ItemFilter = 'all' | 'unscored' | 'problems';

/** Neither validly scored nor 不适用 — what the navigator highlights. */
export function isUnscored(template: ScoringTemplate, item: ItemState): boolean {
  if (item.notApplicable) return false;
  return item.score === null || validateScore(template, item.no, item.score) !== null;
}

/** Has a 问题记录 or a clause judged 不符合. */
export function hasProblem(item: ItemState): boolean {
  return item.problem.trim() !== '' || item.clauses.includes('不符合');
}

export function matchesFilter(template: ScoringTemplate, item: ItemState, filter: ItemFilter): boolean {
  if (filter === 'unscored') return isUnscored(template, item);
  if (filter === 'problems') return hasProblem(item);
  return true;
}

/**
 * The item j/k moves to: the next (or previous) one the filter shows, counted from the
 * current item even when the current item itself no longer matches (it was just scored).
 */
export function step(
  template: ScoringTemplate,
  items: readonly ItemState[],
  currentNo: number,
  direction: 1 | -1,
  filter: ItemFilter,
): number {
  const ordered = direction === 1 ? items : [...items].reverse();
  const next = ordered.find((i) => (direction === 1 ? i.no > currentNo : i.no < currentNo) && matchesFilter(template, i, filter));
  return next?.no ?? currentNo;
}
