/**
 * Pure scoring engine for 附件 3 「上海市特种设备检验机构监督检查表」.
 *
 * Rules
 *  - Base items are all items except 创新特色 (item 42), the 5-point bonus.
 *  - An item marked 不适用 (notApplicable) leaves both the score and the attainable maximum:
 *    an agency is neither rewarded nor penalised for work it does not do.
 *  - raw           = Σ score of scored, applicable base items (unscored items count 0 and
 *                    are listed in `unscored`, so an unfinished sheet is visibly unfinished).
 *  - applicableMax = Σ max of applicable base items (100 when nothing is 不适用).
 *  - rescaled      = raw × 100 / applicableMax, i.e. the result on the notice's 100-point
 *                    scale; 0 when applicableMax is 0 (everything 不适用).
 *  - bonus         = score of 创新特色, 0–5, added as is (never rescaled, the notice lists it
 *                    as "5, 加分" outside the 100); 不适用 or unscored → 0.
 *  - total         = rescaled + bonus, so 0 ≤ total ≤ 105.
 *
 * Rounding
 *  Scores and maxima are multiples of 0.5, so everything is computed exactly in integer
 *  halves. The only inexact step is the rescale; it is rounded ONCE, at the end, to one
 *  decimal, half-up (x.x5 → up, e.g. 1.25 → 1.3, not to even), with integer arithmetic so
 *  the result is exact and does not depend on floating-point representation. Rounding earlier (per indicator, per item) would let the
 *  sum of rounded parts drift from the rounded whole. When nothing is 不适用 the rescale is
 *  the identity and rescaled === raw exactly.
 *
 * Scores that fail validateScore (out of range, not a multiple of 0.5) are treated as not
 * yet scored rather than thrown on: the UI recomputes totals while an inspector types, and
 * shows validateScore's message next to the field instead.
 */
import {
  ATTACHMENT3_INDICATORS,
  ATTACHMENT3_ITEMS,
  attachment3Item,
  attachment3ItemLabel,
} from './attachment3';
import type { ScoringTemplate } from './scoring-template';

export type ClauseResult = '符合' | '不符合' | '不适用';

export interface ItemScore {
  no: number;
  /** One entry per requirement clause of the item; null = not yet assessed. */
  clauses: (ClauseResult | null)[];
  /** The inspector's score; null = not yet scored. */
  score: number | null;
  /** The whole item is 不适用; its score (if any) is ignored. */
  notApplicable: boolean;
  /** 问题记录 */
  problem?: string;
  /** 备注 */
  remark?: string;
}

export interface IndicatorSubtotal {
  name: string;
  points: number;
  bonus: boolean;
  /** Σ scores of scored applicable items (not rescaled). */
  raw: number;
  /** Σ maxima of applicable items. */
  applicableMax: number;
  scoredCount: number;
  itemCount: number;
  notApplicableCount: number;
}

export interface Totals {
  raw: number;
  applicableMax: number;
  rescaled: number;
  bonus: number;
  total: number;
  /** All 9 一级指标 in notice order, the bonus indicator last. */
  perIndicator: IndicatorSubtotal[];
  /** Item numbers neither validly scored nor 不适用 (bonus item included). */
  unscored: number[];
  /** Item numbers marked 不适用 (bonus item included). */
  notApplicable: number[];
  /** Every item, bonus included, is scored or 不适用. */
  complete: boolean;
}

export const ROUNDING_NOTE =
  '不适用项不计入，得分按适用项满分折算为百分制，保留一位小数（四舍五入）；创新特色加分不折算。';

const ITEM_COUNT = ATTACHMENT3_ITEMS.length;

/** n as a whole number of halves, or null when n is not a finite multiple of 0.5. */
function toHalves(n: number): number | null {
  const h = n * 2;
  return Number.isFinite(h) && Number.isInteger(h) ? h : null;
}

function label(no: number): string {
  const item = attachment3Item(no);
  return item ? `第 ${no} 项「${attachment3ItemLabel(item)}」` : `第 ${no} 项`;
}

/**
 * The maximum of item `no` in `template`. Throws for an item the template lacks: templates
 * pass parseScoringTemplate (all 42 items) before use, so that is a programming error.
 */
export function maxFor(template: ScoringTemplate, no: number): number {
  const entry = template.items.find((i) => i.no === no);
  if (entry === undefined) {
    throw new RangeError(`评分模板「${template.name}」中没有${label(no)}的满分设置`);
  }
  return entry.max;
}

/**
 * Suggested score from the clause checklist: (符合 / applicable answered clauses) × max,
 * rounded DOWN to 0.5 so that a single 不符合 always costs something. Unanswered (null)
 * clauses are ignored, so a partly answered item already gets a provisional suggestion.
 * null when nothing is answered or every answer is 不适用 — there is nothing to base a
 * score on, and 0 would wrongly look like a failing mark.
 */
export function suggestScore(max: number, clauses: (ClauseResult | null)[]): number | null {
  if (!Number.isFinite(max) || max < 0) {
    throw new RangeError(`满分应为不小于 0 的数，实际为 ${String(max)}`);
  }
  let conforming = 0;
  let applicable = 0;
  for (const c of clauses) {
    if (c === null || c === '不适用') continue;
    applicable += 1;
    if (c === '符合') conforming += 1;
  }
  if (applicable === 0) return null;
  // Integer halves: floor(conforming × max×2 / applicable) is exact for these small
  // integers, and the result never exceeds max×2 because conforming ≤ applicable.
  const halves = Math.floor((conforming * max * 2) / applicable);
  return Math.min(halves / 2, max);
}

/**
 * null when `score` is acceptable for item `no`, else a Chinese message naming the item and
 * the allowed range, shown next to the score field.
 */
export function validateScore(template: ScoringTemplate, no: number, score: number): string | null {
  if (attachment3Item(no) === undefined) {
    return `不存在第 ${no} 项，检查表项目序号为 1 到 ${ITEM_COUNT}`;
  }
  const entry = template.items.find((i) => i.no === no);
  if (entry === undefined) {
    return `评分模板「${template.name}」中没有${label(no)}的满分设置`;
  }
  const halves = toHalves(score);
  if (halves === null || score < 0 || score > entry.max) {
    return `${label(no)}的评分应在 0 到 ${entry.max} 分之间，且为 0.5 的整数倍`;
  }
  return null;
}

interface Acc {
  rawHalves: number;
  maxHalves: number;
  scoredCount: number;
  notApplicableCount: number;
}

const emptyAcc = (): Acc => ({ rawHalves: 0, maxHalves: 0, scoredCount: 0, notApplicableCount: 0 });

export function computeTotals(template: ScoringTemplate, scores: readonly ItemScore[]): Totals {
  // Unknown or duplicate item numbers mean the caller's data is corrupt, not that the
  // inspector is mid-edit; refuse rather than silently pick one.
  const byNo = new Map<number, ItemScore>();
  for (const s of scores) {
    if (attachment3Item(s.no) === undefined) {
      throw new RangeError(`评分记录中出现不存在的第 ${s.no} 项`);
    }
    if (byNo.has(s.no)) throw new RangeError(`评分记录中${label(s.no)}重复出现`);
    byNo.set(s.no, s);
  }

  const acc = new Map<string, Acc>(ATTACHMENT3_INDICATORS.map((ind) => [ind.name, emptyAcc()]));
  const unscored: number[] = [];
  const notApplicable: number[] = [];
  let baseRawHalves = 0;
  let baseMaxHalves = 0;
  let bonusHalves = 0;

  for (const item of ATTACHMENT3_ITEMS) {
    const maxHalves = toHalves(maxFor(template, item.no));
    if (maxHalves === null || maxHalves < 0) {
      throw new RangeError(`评分模板「${template.name}」中${label(item.no)}的满分不是 0.5 的整数倍`);
    }
    // Always present (both lists come from attachment3.ts); the fallback only satisfies
    // noUncheckedIndexedAccess-style typing of Map.get.
    const a = acc.get(item.indicator) ?? emptyAcc();
    const s = byNo.get(item.no);

    if (s?.notApplicable === true) {
      notApplicable.push(item.no);
      a.notApplicableCount += 1;
      continue;
    }
    a.maxHalves += maxHalves;
    if (!item.bonus) baseMaxHalves += maxHalves;

    const score = s?.score ?? null;
    if (score === null || validateScore(template, item.no, score) !== null) {
      unscored.push(item.no);
      continue;
    }
    const scoreHalves = score * 2; // an integer: validateScore checked it
    a.rawHalves += scoreHalves;
    a.scoredCount += 1;
    if (item.bonus) bonusHalves += scoreHalves;
    else baseRawHalves += scoreHalves;
  }

  // rescaled × 10 = rawHalves × 1000 / maxHalves; half-up = floor(x + ½), done on integers.
  // The quotient of these small integers is exact when whole, and otherwise at least
  // 1/(2·maxHalves) away from a whole number, far beyond floating-point error.
  const rescaledTenths =
    baseMaxHalves === 0
      ? 0
      : Math.floor((baseRawHalves * 2000 + baseMaxHalves) / (2 * baseMaxHalves));
  const totalTenths = rescaledTenths + bonusHalves * 5;

  return {
    raw: baseRawHalves / 2,
    applicableMax: baseMaxHalves / 2,
    rescaled: rescaledTenths / 10,
    bonus: bonusHalves / 2,
    total: totalTenths / 10,
    perIndicator: ATTACHMENT3_INDICATORS.map((ind) => {
      const a = acc.get(ind.name) ?? emptyAcc();
      return {
        name: ind.name,
        points: ind.points,
        bonus: ind.bonus,
        raw: a.rawHalves / 2,
        applicableMax: a.maxHalves / 2,
        scoredCount: a.scoredCount,
        itemCount: ind.itemNos.length,
        notApplicableCount: a.notApplicableCount,
      };
    }),
    unscored,
    notApplicable,
    complete: unscored.length === 0,
  };
}
