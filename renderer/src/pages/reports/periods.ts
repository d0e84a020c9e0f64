/**
 * The 统计期间 presets of the 报表 page. The notice has the districts report twice a year —
 * by 26 July and by 15 November — so the two halves end on those days; 全年 is the calendar
 * year, for the late-year view after the second report and for 市局's own summary.
 */
export type PeriodPreset = 'first' | 'second' | 'year' | 'custom';

export interface Period {
  from: string;
  to: string;
}

export const PRESET_LABELS: Record<PeriodPreset, string> = {
  first: '第一次报送（1月1日—7月26日）',
  second: '第二次报送（7月27日—11月15日）',
  year: '全年',
  custom: '自定义',
};

const RANGES: Record<Exclude<PeriodPreset, 'custom'>, [string, string]> = {
  first: ['01-01', '07-26'],
  second: ['07-27', '11-15'],
  year: ['01-01', '12-31'],
};

export function presetPeriod(preset: Exclude<PeriodPreset, 'custom'>, year: number): Period {
  const [from, to] = RANGES[preset];
  return { from: `${year}-${from}`, to: `${year}-${to}` };
}

/** Which preset a period is (and of which year), or custom. */
export function presetOf(period: Period): { preset: PeriodPreset; year: number } {
  const year = Number(period.from.slice(0, 4));
  for (const preset of ['first', 'second', 'year'] as const) {
    const p = presetPeriod(preset, year);
    if (p.from === period.from && p.to === period.to) return { preset, year };
  }
  return { preset: 'custom', year };
}

/** The period a bureau is most likely filing on `today` (YYYY-MM-DD): the next report due, or the year once both are past. */
export function defaultPeriod(today: string): Period {
  const year = Number(today.slice(0, 4));
  const md = today.slice(5);
  if (md <= '07-26') return presetPeriod('first', year);
  if (md <= '11-15') return presetPeriod('second', year);
  return presetPeriod('year', year);
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A period from the address bar, if it is a well-formed one. */
export function periodFromQuery(q: URLSearchParams): Period | null {
  const from = q.get('from') ?? '';
  const to = q.get('to') ?? '';
  return DATE.test(from) && DATE.test(to) && from <= to ? { from, to } : null;
}
