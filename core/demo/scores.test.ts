import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTempApp, type TempApp } from '../../test/support/temp-app';
import { seedDemo } from './seed';

let app: TempApp;
beforeEach(() => {
  app = openTempApp({ today: '2024-09-02' });
});
afterEach(() => app.dispose());

describe('demo scores', () => {
  it('leaves one inspection completed, one partly scored and one with two 不适用 items and findings', async () => {
    await seedDemo(app);
    const list = await app.ok('inspections/list', {});
    const byAgency = (name: string) => list.find((i) => i.agencyName === name);

    const full = byAgency('上海市特种设备监督检验技术研究院');
    expect(full).toMatchObject({ status: 'completed', scoredCount: 42, bonus: 3 });
    expect(full?.total).toBeGreaterThan(80);

    const partial = byAgency('上海市闵行区特种设备监督检验所');
    expect(partial).toMatchObject({ status: 'draft', scoredCount: 15 });

    const withNa = byAgency('上海浦江电梯检测技术有限公司');
    const detail = await app.ok('inspections/get', { id: withNa?.id ?? '' });
    expect(detail.totals.notApplicable).toEqual([29, 34]);
    expect(detail.totals.applicableMax).toBe(100 - 2.5 - 1.5);
    const problems = detail.items.filter((i) => i.problem !== '').map((i) => i.no);
    expect(problems).toEqual([1, 9, 16, 20]);
    expect(detail.items[8]?.clauses).toContain('不符合');

    // Agencies the plan does not name stay unscored.
    expect(byAgency('上海市嘉定区特种设备监督检验所')).toMatchObject({ scoredCount: 0, total: 0 });
  });

  it('is idempotent: a second seed changes nothing, even after an inspector edited a demo inspection', async () => {
    await seedDemo(app);
    const partial = (await app.ok('inspections/list', {})).find((i) => i.agencyName === '上海市闵行区特种设备监督检验所');
    // An inspector changes one item; a second seed must not redo or extend the demo scores.
    await app.ok('inspections/saveItem', { inspectionId: partial?.id ?? '', no: 1, score: 0 });
    const before = await app.ok('inspections/list', {});
    await seedDemo(app);
    expect(await app.ok('inspections/list', {})).toEqual(before);
  });
});
