import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ATTACHMENT3_INDICATORS, ATTACHMENT3_ITEMS } from './attachment3';
import {
  type ClauseResult,
  type ItemScore,
  ROUNDING_NOTE,
  computeTotals,
  maxFor,
  suggestScore,
  validateScore,
} from './scoring';
import { DEFAULT_TEMPLATE, type ScoringTemplate, parseScoringTemplate } from './scoring-template';

const T = DEFAULT_TEMPLATE;

const scored = (no: number, score: number): ItemScore => ({
  no,
  clauses: [],
  score,
  notApplicable: false,
});
const na = (no: number): ItemScore => ({ no, clauses: [], score: null, notApplicable: true });

/** Every item at full marks, then `overrides` replace individual items. */
function fullMarks(template: ScoringTemplate, ...overrides: ItemScore[]): ItemScore[] {
  const byNo = new Map(overrides.map((o) => [o.no, o]));
  return ATTACHMENT3_ITEMS.map((i) => byNo.get(i.no) ?? scored(i.no, maxFor(template, i.no)));
}

const range = (from: number, to: number): number[] =>
  Array.from({ length: to - from + 1 }, (_, k) => from + k);

describe('maxFor', () => {
  it('reads the template', () => {
    expect(maxFor(T, 5)).toBe(2);
    expect(maxFor(T, 21)).toBe(5);
    expect(maxFor(T, 42)).toBe(5);
  });
  it('throws for an item the template lacks', () => {
    expect(() => maxFor(T, 43)).toThrow(RangeError);
  });
});

describe('suggestScore', () => {
  it('is null when nothing is answered or everything is 不适用', () => {
    expect(suggestScore(2, [])).toBeNull();
    expect(suggestScore(2, [null, null])).toBeNull();
    expect(suggestScore(2, ['不适用', null, '不适用'])).toBeNull();
  });
  it('is the 符合 share of applicable answers × max, rounded down to 0.5', () => {
    expect(suggestScore(2, ['符合', '符合', '符合'])).toBe(2);
    expect(suggestScore(2, ['符合', '符合', '不符合'])).toBe(1); // 1.33 → 1
    expect(suggestScore(3, ['符合', '不适用'])).toBe(3);
    expect(suggestScore(4, ['符合', null, '不符合'])).toBe(2);
    expect(suggestScore(2.5, ['符合', '符合', '符合', '符合', '不符合'])).toBe(2); // 2.0
    expect(suggestScore(3, Array<ClauseResult>(9).fill('符合').fill('不符合', 8))).toBe(2.5); // 2.67 → 2.5
    expect(suggestScore(5, ['不符合', '不符合'])).toBe(0);
  });
  it('rejects a negative max', () => {
    expect(() => suggestScore(-1, ['符合'])).toThrow(RangeError);
  });
});

describe('validateScore', () => {
  it('accepts 0..max in steps of 0.5', () => {
    for (const s of [0, 0.5, 1, 1.5, 2]) expect(validateScore(T, 5, s)).toBeNull();
  });
  it('names the item and the range', () => {
    const msg = '第 5 项「文件控制」的评分应在 0 到 2 分之间，且为 0.5 的整数倍';
    for (const s of [2.5, -0.5, 0.3, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(validateScore(T, 5, s)).toBe(msg);
    }
    expect(validateScore(T, 41, 3)).toBe('第 41 项「专项工作」的评分应在 0 到 2 分之间，且为 0.5 的整数倍');
    expect(validateScore(T, 42, 5.5)).toBe('第 42 项「创新特色」的评分应在 0 到 5 分之间，且为 0.5 的整数倍');
  });
  it('reports unknown items', () => {
    expect(validateScore(T, 43, 1)).toBe('不存在第 43 项，检查表项目序号为 1 到 42');
    expect(validateScore(T, 0, 1)).toBe('不存在第 0 项，检查表项目序号为 1 到 42');
  });
});

describe('computeTotals', () => {
  it('ROUNDING_NOTE is the Chinese sentence shown in the UI', () => {
    expect(ROUNDING_NOTE).toBe(
      '不适用项不计入，得分按适用项满分折算为百分制，保留一位小数（四舍五入）；创新特色加分不折算。',
    );
  });

  it('full marks everywhere: 100 + 5 = 105, complete', () => {
    const t = computeTotals(T, fullMarks(T));
    expect(t).toMatchObject({
      raw: 100,
      applicableMax: 100,
      rescaled: 100,
      bonus: 5,
      total: 105,
      unscored: [],
      notApplicable: [],
      complete: true,
    });
    expect(t.perIndicator.map((p) => [p.name, p.raw, p.applicableMax, p.scoredCount, p.itemCount])).toEqual(
      ATTACHMENT3_INDICATORS.map((i) => [i.name, i.points, i.points, i.itemNos.length, i.itemNos.length]),
    );
  });

  it('nothing scored: all zero, every item unscored', () => {
    const t = computeTotals(T, []);
    expect(t).toMatchObject({ raw: 0, applicableMax: 100, rescaled: 0, bonus: 0, total: 0, complete: false });
    expect(t.unscored).toEqual(range(1, 42));
  });

  it('two items 不适用: rescaled over the remaining 93.5 points', () => {
    // 21 检验现场抽查 (5) and 34 移动系统应用 (1.5) 不适用; 16 报告准确性 3 of 5; bonus 2.
    const t = computeTotals(T, fullMarks(T, na(21), na(34), scored(16, 3), scored(42, 2)));
    expect(t.applicableMax).toBe(93.5);
    expect(t.raw).toBe(91.5);
    expect(t.rescaled).toBe(97.9); // 91.5 × 100 / 93.5 = 97.8609…
    expect(t.bonus).toBe(2);
    expect(t.total).toBe(99.9);
    expect(t.notApplicable).toEqual([21, 34]);
    expect(t.complete).toBe(true);
    const quality = t.perIndicator.find((p) => p.name === '检验检测质量');
    expect(quality).toEqual({
      name: '检验检测质量',
      points: 30,
      bonus: false,
      raw: 23,
      applicableMax: 25,
      scoredCount: 7,
      itemCount: 8,
      notApplicableCount: 1,
    });
    expect(t.perIndicator.find((p) => p.name === '履职能力')).toMatchObject({
      raw: 16.5,
      applicableMax: 16.5,
      notApplicableCount: 1,
    });
  });

  it('rounds once, half-up: 1 of 80 applicable points → 1.25 → 1.3', () => {
    // The whole 质量管理体系 (items 4–13, 20 points) is 不适用; only item 1 is scored, 1 point.
    const t = computeTotals(T, [...range(4, 13).map(na), scored(1, 1)]);
    expect(t.applicableMax).toBe(80);
    expect(t.raw).toBe(1);
    expect(t.rescaled).toBe(1.3);
    expect(t.total).toBe(1.3);
    expect(t.complete).toBe(false);
    expect(t.unscored).toEqual([2, 3, ...range(14, 42)]);
  });

  it('rounds ties (x.x5) up, not to even', () => {
    // Only 资源条件 (10) and 检验检测质量 (30) applicable → applicableMax 40, so each half
    // point is worth 1.25 on the 100 scale and every odd raw lands exactly on a tie.
    const naRest = ATTACHMENT3_ITEMS.filter(
      (i) => !i.bonus && i.indicator !== '资源条件' && i.indicator !== '检验检测质量',
    ).map((i) => na(i.no));
    for (const [raw, expected] of [
      [0.5, 1.3], // 1.25 (banker's rounding would give 1.2)
      [1.5, 3.8], // 3.75
      [2.5, 6.3], // 6.25 (banker's: 6.2)
      [3.5, 8.8], // 8.75
    ] as const) {
      const t = computeTotals(T, [...naRest, scored(1, raw)]);
      expect(t.applicableMax).toBe(40);
      expect(t.rescaled).toBe(expected);
    }
  });

  it('everything 不适用: rescaled 0, bonus still counts', () => {
    const t = computeTotals(T, [...range(1, 41).map(na), scored(42, 3.5)]);
    expect(t).toMatchObject({ raw: 0, applicableMax: 0, rescaled: 0, bonus: 3.5, total: 3.5, complete: true });
  });

  it('a 不适用 bonus item is 0 and does not block completion', () => {
    const t = computeTotals(T, fullMarks(T, na(42)));
    expect(t).toMatchObject({ rescaled: 100, bonus: 0, total: 100, notApplicable: [42], complete: true });
    const bonus = t.perIndicator.find((p) => p.bonus);
    expect(bonus).toMatchObject({ name: '创新特色', raw: 0, applicableMax: 0, notApplicableCount: 1 });
  });

  it('ignores the score of a 不适用 item', () => {
    const t = computeTotals(T, fullMarks(T, { ...scored(1, 4), notApplicable: true }));
    expect(t.applicableMax).toBe(96);
    expect(t.raw).toBe(96);
    expect(t.rescaled).toBe(100);
  });

  it('treats an invalid score as unscored rather than throwing', () => {
    const t = computeTotals(T, fullMarks(T, scored(5, 2.5), scored(6, 0.3)));
    expect(t.unscored).toEqual([5, 6]);
    expect(t.raw).toBe(100 - 2 - 2.5);
    expect(t.complete).toBe(false);
  });

  it('refuses unknown or duplicate item numbers', () => {
    expect(() => computeTotals(T, [scored(43, 1)])).toThrow(RangeError);
    expect(() => computeTotals(T, [scored(1, 1), scored(1, 2)])).toThrow(/第 1 项「人员」重复出现/);
  });

  it('uses the template it is given', () => {
    const r = parseScoringTemplate({
      ...T,
      id: 'alt',
      isDefault: false,
      items: T.items.map((i) => (i.no === 1 ? { no: 1, max: 5 } : i.no === 3 ? { no: 3, max: 1 } : i)),
    });
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    const t = computeTotals(r.template, fullMarks(r.template, na(3)));
    expect(t.applicableMax).toBe(99);
    expect(t.rescaled).toBe(100);
    expect(validateScore(r.template, 1, 5)).toBeNull();
    expect(validateScore(T, 1, 5)).not.toBeNull();
  });
});

// ---------------------------------------------------------------------------------------
// Property tests

/**
 * Any valid template: each indicator's total (in halves) cut into positive parts at
 * distinct random points, so every generated split keeps the notice's totals.
 */
const arbTemplate: fc.Arbitrary<ScoringTemplate> = fc
  .tuple(
    ...ATTACHMENT3_INDICATORS.map((ind) => {
      const halves = ind.points * 2;
      const n = ind.itemNos.length;
      // The bonus item is fixed at 5 by the rules.
      if (ind.bonus || n === 1) return fc.constant([halves]);
      return fc
        .uniqueArray(fc.integer({ min: 1, max: halves - 1 }), { minLength: n - 1, maxLength: n - 1 })
        .map((cuts) => {
          const edges = [0, ...cuts.sort((a, b) => a - b), halves];
          return edges.slice(1).map((e, k) => e - (edges[k] ?? 0));
        });
    }),
  )
  .map((parts) => ({
    id: 'prop',
    version: '1',
    name: 'property template',
    isDefault: false,
    items: ATTACHMENT3_INDICATORS.flatMap((ind, k) =>
      ind.itemNos.map((no, j) => ({ no, max: (parts[k]?.[j] ?? 0) / 2 })),
    ).sort((a, b) => a.no - b.no),
  }));

type Cell = { kind: 'none' } | { kind: 'na' } | { kind: 'score'; fraction: number };

const arbCell = (withNa: boolean): fc.Arbitrary<Cell> =>
  fc.oneof(
    fc.constant<Cell>({ kind: 'none' }),
    ...(withNa ? [fc.constant<Cell>({ kind: 'na' })] : []),
    fc.double({ min: 0, max: 1, noNaN: true }).map((fraction): Cell => ({ kind: 'score', fraction })),
  );

/** A sheet: one cell per item; a score is a fraction of that item's max, snapped to 0.5. */
const arbSheet = (withNa: boolean) =>
  fc.record({
    template: fc.oneof(fc.constant(DEFAULT_TEMPLATE), arbTemplate),
    cells: fc.array(arbCell(withNa), { minLength: 42, maxLength: 42 }),
  });

function toScores(template: ScoringTemplate, cells: readonly Cell[]): ItemScore[] {
  return ATTACHMENT3_ITEMS.flatMap((item, k): ItemScore[] => {
    const cell = cells[k] ?? { kind: 'none' };
    if (cell.kind === 'none') return [];
    if (cell.kind === 'na') return [na(item.no)];
    const maxHalves = maxFor(template, item.no) * 2;
    return [scored(item.no, Math.floor(cell.fraction * maxHalves) / 2)];
  });
}

describe('properties', () => {
  it('every generated template is accepted by parseScoringTemplate', () => {
    fc.assert(
      fc.property(arbTemplate, (t) => {
        expect(parseScoringTemplate(JSON.parse(JSON.stringify(t))).ok).toBe(true);
      }),
    );
  });

  it('0 ≤ total ≤ 105, 0 ≤ rescaled ≤ 100, and rescaled is the exact value rounded half-up', () => {
    fc.assert(
      fc.property(arbSheet(true), ({ template, cells }) => {
        const t = computeTotals(template, toScores(template, cells));
        expect(t.total).toBeGreaterThanOrEqual(0);
        expect(t.total).toBeLessThanOrEqual(105);
        expect(t.rescaled).toBeGreaterThanOrEqual(0);
        expect(t.rescaled).toBeLessThanOrEqual(100);
        expect(t.bonus).toBeGreaterThanOrEqual(0);
        expect(t.bonus).toBeLessThanOrEqual(5);
        const exact = t.applicableMax === 0 ? 0 : (t.raw * 100) / t.applicableMax;
        expect(Math.abs(t.rescaled - exact)).toBeLessThanOrEqual(0.05 + 1e-9);
        expect(Number.isInteger(Math.round(t.rescaled * 10 * 1e6) / 1e6)).toBe(true);
        expect(t.complete).toBe(t.unscored.length === 0);
        expect(t.unscored.length + t.notApplicable.length + t.perIndicator.reduce((s, p) => s + p.scoredCount, 0)).toBe(42);
      }),
    );
  });

  it('with no 不适用 items, rescaled === raw', () => {
    fc.assert(
      fc.property(arbSheet(false), ({ template, cells }) => {
        const t = computeTotals(template, toScores(template, cells));
        expect(t.applicableMax).toBe(100);
        expect(t.rescaled).toBe(t.raw);
      }),
    );
  });

  it("raising one item's score never lowers the total", () => {
    fc.assert(
      fc.property(
        arbSheet(true),
        fc.integer({ min: 1, max: 42 }),
        fc.integer({ min: 1, max: 20 }),
        ({ template, cells }, no, stepHalves) => {
          const before = toScores(template, cells);
          const current = before.find((s) => s.no === no);
          fc.pre(current?.notApplicable !== true);
          const max = maxFor(template, no);
          const raised = Math.min(max, (current?.score ?? 0) + stepHalves / 2);
          const after = [...before.filter((s) => s.no !== no), scored(no, raised)];
          expect(computeTotals(template, after).total).toBeGreaterThanOrEqual(
            computeTotals(template, before).total,
          );
        },
      ),
    );
  });

  it('suggestScore is within [0, max] and a multiple of 0.5 (or null)', () => {
    const clause = fc.constantFrom<ClauseResult | null>('符合', '不符合', '不适用', null);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 60 }), fc.array(clause, { maxLength: 12 }), (maxHalves, clauses) => {
        const max = maxHalves / 2;
        const s = suggestScore(max, clauses);
        const answered = clauses.filter((c) => c === '符合' || c === '不符合');
        if (answered.length === 0) {
          expect(s).toBeNull();
          return;
        }
        expect(s).not.toBeNull();
        expect(s).toBeGreaterThanOrEqual(0);
        expect(s).toBeLessThanOrEqual(max);
        expect(Number.isInteger((s ?? 0) * 2)).toBe(true);
        if (answered.every((c) => c === '符合')) expect(s).toBe(max);
      }),
    );
  });

  it('a suggested score is always accepted by validateScore', () => {
    const clause = fc.constantFrom<ClauseResult | null>('符合', '不符合', '不适用', null);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 42 }), fc.array(clause, { maxLength: 12 }), (no, clauses) => {
        const s = suggestScore(maxFor(T, no), clauses);
        if (s !== null) expect(validateScore(T, no, s)).toBeNull();
      }),
    );
  });
});
