import { describe, expect, it } from 'vitest';
import { defaultPeriod, periodFromQuery, presetOf, presetPeriod } from './periods';

describe('报表 periods', () => {
  it('splits the year at the two reporting days of the notice', () => {
    expect(presetPeriod('first', 2026)).toEqual({ from: '2026-01-01', to: '2026-07-26' });
    expect(presetPeriod('second', 2026)).toEqual({ from: '2026-07-27', to: '2026-11-15' });
    expect(presetPeriod('year', 2025)).toEqual({ from: '2025-01-01', to: '2025-12-31' });
  });

  it('opens on the report due next, and on the whole year once both are filed', () => {
    expect(defaultPeriod('2026-03-01')).toEqual(presetPeriod('first', 2026));
    expect(defaultPeriod('2026-07-26')).toEqual(presetPeriod('first', 2026));
    expect(defaultPeriod('2026-07-27')).toEqual(presetPeriod('second', 2026));
    expect(defaultPeriod('2026-11-15')).toEqual(presetPeriod('second', 2026));
    expect(defaultPeriod('2026-12-05')).toEqual(presetPeriod('year', 2026));
  });

  it('names a preset back from its dates, and anything else custom', () => {
    expect(presetOf({ from: '2024-07-27', to: '2024-11-15' })).toEqual({ preset: 'second', year: 2024 });
    expect(presetOf({ from: '2024-07-27', to: '2024-11-30' })).toEqual({ preset: 'custom', year: 2024 });
  });

  it('takes a period from the address bar only when it is well formed and in order', () => {
    expect(periodFromQuery(new URLSearchParams('from=2026-01-01&to=2026-02-01'))).toEqual({ from: '2026-01-01', to: '2026-02-01' });
    expect(periodFromQuery(new URLSearchParams('from=2026-03-01&to=2026-02-01'))).toBeNull();
    expect(periodFromQuery(new URLSearchParams('from=yesterday&to=2026-02-01'))).toBeNull();
    expect(periodFromQuery(new URLSearchParams(''))).toBeNull();
  });
});
