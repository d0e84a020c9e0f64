/**
 * The 附件3 scoring screen as a new inspector meets it: create an inspection for a
 * seeded agency through the UI, score all 42 items with the keyboard only, mark two
 * items 不适用, see the rescaled total, reload, and find everything as it was left.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OutputOf } from '../../core/contract';
import { shanghaiToday } from '../../core/context';
import { computeTotals, type ItemScore } from '../../forms/scoring';
import { DEFAULT_TEMPLATE } from '../../forms/scoring-template';
import { startE2e, type E2e } from './harness';
import { hides, shows } from './wait';

const AGENCY = '上海市嘉定区特种设备监督检验所';
const NOT_APPLICABLE = [21, 37];

/** The planned score of each item: full marks, half a point off every third item, a bonus of 3. */
function plannedScore(no: number, max: number): number {
  if (no === 42) return 3;
  return no % 3 === 0 ? max - 0.5 : max;
}

const PLAN: ItemScore[] = DEFAULT_TEMPLATE.items.map(({ no, max }) =>
  NOT_APPLICABLE.includes(no)
    ? { no, clauses: [], score: null, notApplicable: true }
    : { no, clauses: [], score: plannedScore(no, max), notApplicable: false },
);
const EXPECTED = computeTotals(DEFAULT_TEMPLATE, PLAN);

describe('scoring screen', () => {
  let e: E2e;
  let inspectionId: string;

  beforeAll(async () => {
    e = await startE2e({ seed: true });
  });
  afterAll(async () => {
    await e?.close();
  });

  it('creates an inspection for a seeded agency through the UI and opens its checklist', async () => {
    const { page } = e;
    await page.getByRole('button', { name: '新建检查' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('被检查机构').click();
    await page.getByTitle(new RegExp(AGENCY)).click();
    await dialog.getByRole('button', { name: '创建' }).click();
    await hides(dialog);

    // The new row is today's; the seeded inspection of the same agency is older.
    const row = page.getByRole('row').filter({ hasText: AGENCY }).filter({ hasText: shanghaiToday() });
    await shows(row.getByText('未评分'));
    await row.getByRole('button', { name: /^评分/ }).click();
    await shows(page.getByTestId('scoring-page'));
    inspectionId = new URL(page.url()).searchParams.get('id') ?? '';
    expect(inspectionId).toMatch(/^[0-9a-f-]{36}$/);
    await shows(page.getByTestId('scoring-agency').getByText(AGENCY));
    expect(await page.getByTestId('current-item-no').textContent()).toBe('1');
    await e.screenshot('scoring-empty');
  });

  it('refuses a score above the maximum in Chinese beside the field, saving nothing', async () => {
    const { page } = e;
    await page.keyboard.press('9');
    await page.keyboard.press('Enter');
    await shows(page.getByTestId('score-error').getByText('第 1 项「人员」的评分应在 0 到 4 分之间，且为 0.5 的整数倍。'));
    const stored = await e.app.dispatch('inspections/get', { id: inspectionId });
    expect(stored.ok && stored.value).toMatchObject({ items: expect.arrayContaining([expect.objectContaining({ no: 1, score: null })]) });
    await page.keyboard.press('Escape');
    await hides(page.getByTestId('score-error').getByText(/评分应在/));
  });

  it('scores all 42 items and marks two 不适用 with the keyboard only', async () => {
    const { page } = e;
    for (const item of PLAN) {
      expect(await page.getByTestId('current-item-no').textContent()).toBe(String(item.no));
      const max = DEFAULT_TEMPLATE.items.find((i) => i.no === item.no)?.max ?? 0;
      if (item.notApplicable) {
        await page.keyboard.press('n');
      } else if (item.score === max && item.no % 2 === 0) {
        await page.keyboard.press('m');
      } else {
        const score = item.score ?? 0;
        for (const ch of String(Math.floor(score))) await page.keyboard.press(ch);
        if (!Number.isInteger(score)) await page.keyboard.press('.');
        await page.keyboard.press('Enter');
      }
      if (item.no === 16) {
        // 问题记录 by keyboard too: p focuses it, Esc leaves it (and saves).
        await page.keyboard.press('p');
        await page.keyboard.type('抽查 20 份报告，1 份制动试验结论与原始记录不符。');
        await page.keyboard.press('Escape');
      }
      if (item.no < 42) await page.keyboard.press(item.no % 2 === 0 ? 'j' : 'ArrowDown');
    }
    await shows(page.locator('[data-testid="save-state"][data-state="saved"]'));
    await shows(page.getByTestId('scoring-status').getByText('已完成'));
    expect(await page.getByTestId('total-rescaled').textContent()).toBe(String(EXPECTED.rescaled));
    expect(await page.getByTestId('total-raw').textContent()).toBe(`${EXPECTED.raw} / ${EXPECTED.applicableMax}`);
    expect(await page.getByTestId('total-total').textContent()).toBe(String(EXPECTED.total));
    expect(EXPECTED.applicableMax).toBe(100 - 5 - 1);
    expect(EXPECTED.rescaled).not.toBe(EXPECTED.raw);
    await shows(page.getByTestId('total-progress').getByText('已评 42/42（其中不适用 2 项）'));
    // The problem is marked in the navigator and counted by the filter.
    expect(await page.getByTestId('nav-item-16').getAttribute('data-problem')).toBe('true');
    await page.getByText('有问题 1').click();
    await shows(page.getByTestId('nav-item-16'));
    await hides(page.getByTestId('nav-item-15'));
    await page.getByText('全部 42').click();
    await e.screenshot('scoring-complete');
  });

  it('finds everything as it was left after a reload, even text typed just before it', async () => {
    const { page } = e;
    // Typed and reloaded at once, inside the autosave pause: the journal keeps it.
    await page.keyboard.press('r');
    await page.keyboard.type('创新做法已在区内推广');
    await page.reload();
    await shows(page.getByTestId('scoring-page'));
    expect(await page.getByTestId('current-item-no').textContent()).toBe('42');
    await expect.poll(() => page.getByTestId('remark-input').inputValue()).toBe('创新做法已在区内推广');
    expect(await page.getByTestId('total-total').textContent()).toBe(String(EXPECTED.total));
    expect(await page.getByTestId('total-rescaled').textContent()).toBe(String(EXPECTED.rescaled));
    await shows(page.getByTestId('scoring-status').getByText('已完成'));
    for (const no of NOT_APPLICABLE) expect(await page.getByTestId(`nav-item-${no}`).textContent()).toContain('不适用');
    expect(await page.getByTestId('nav-item-3').textContent()).toContain(String(plannedScore(3, 2)));

    // Back on item 16 (k × 26), its 问题记录 is there.
    for (let i = 0; i < 26; i++) await page.keyboard.press('k');
    expect(await page.getByTestId('current-item-no').textContent()).toBe('16');
    expect(await page.getByTestId('problem-input').inputValue()).toBe('抽查 20 份报告，1 份制动试验结论与原始记录不符。');

    // And the store agrees with the screen, item by item.
    await shows(page.locator('[data-testid="save-state"][data-state="saved"]'));
    const result = await e.app.dispatch('inspections/get', { id: inspectionId });
    if (!result.ok) throw new Error(result.error.message);
    const stored = { value: result.value as OutputOf<'inspections/get'> };
    expect(stored.value.items.map((i) => ({ no: i.no, score: i.notApplicable ? null : i.score, notApplicable: i.notApplicable }))).toEqual(
      PLAN.map((p) => ({ no: p.no, score: p.score, notApplicable: p.notApplicable })),
    );
    expect(stored.value.items[41]?.remark).toBe('创新做法已在区内推广');
    expect(stored.value.inspection).toMatchObject({ status: 'completed', total: EXPECTED.total });

    // The list shows the total too.
    await page.getByRole('button', { name: '检查任务' }).click();
    await shows(page.getByTestId(`list-total-${inspectionId}`).getByText(String(EXPECTED.total)));
    await hides(page.locator('.ant-spin-spinning'));
    await page.waitForTimeout(500); // let antd's fade-in finish so the screenshot shows the real colours
    await e.screenshot('scoring-list');
    expect(e.pageErrors).toEqual([]);
  });

  it('judges clauses with the mouse and takes the suggested score with s', async () => {
    const { page } = e;
    // The seeded 浦江 inspection: 24 items scored, two 不适用, findings recorded.
    const row = page.getByRole('row').filter({ hasText: '上海浦江电梯检测技术有限公司' });
    await row.getByRole('button', { name: /^评分/ }).click();
    await shows(page.getByTestId('scoring-page'));
    await page.getByText(/^未评分 \d+$/).click();
    await page.getByTestId('nav-item-25').click();
    expect(await page.getByTestId('current-item-no').textContent()).toBe('25');
    const before = Number(await page.getByTestId('total-total').textContent());
    await page.locator('.item-clauses li').first().getByText('符合', { exact: true }).click();
    await shows(page.getByTestId('score-suggested').getByText('采用建议分 2'));
    await page.keyboard.press('s');
    await expect.poll(() => page.getByTestId('nav-item-25').getAttribute('data-unscored')).toBe('false');
    expect(await page.getByTestId('score-input').inputValue()).toBe('2');
    expect(Number(await page.getByTestId('total-total').textContent())).toBeGreaterThan(before);
    // j under the 未评分 filter skips to the next unscored item.
    await page.keyboard.press('j');
    expect(await page.getByTestId('current-item-no').textContent()).toBe('26');
    await page.keyboard.press('?');
    await shows(page.getByRole('dialog').getByText('键盘快捷键'));
    await page.waitForTimeout(500); // the dialog's zoom-in animation
    await e.screenshot('scoring-help');
    await page.keyboard.press('Escape');
    await hides(page.getByRole('dialog'));
    await page.getByText(/^全部 42$/).click();
    await page.getByTestId('nav-item-9').click();
    await shows(page.locator('[data-testid="save-state"][data-state="saved"]'));
    await e.screenshot('scoring-findings');
    expect(e.pageErrors).toEqual([]);
  });
});
