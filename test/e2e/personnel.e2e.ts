/**
 * Issue 4 as an inspector meets it in Chromium: edit an agency in the registry
 * (a wrong credit code is refused), open its 附件2, try a roster with a bad
 * row (refused with the row number, nothing written), import a good one, see
 * the computed counts change, edit a cell, and look at the 附件1 review.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Checklist } from '../../core/contract/personnel';
import type { Agency } from '../../core/contract/agencies';
import { startE2e, type E2e } from './harness';
import { hides, shows } from './wait';
import { OFFICIAL_HEADERS } from '../support/roster-files';

const AGENCY = '上海浦江电梯检测技术有限公司';

function csv(rows: string[][]): Buffer {
  return Buffer.from(`\uFEFF${rows.map((r) => r.join(',')).join('\r\n')}`, 'utf8');
}

function roster(n: number): string[][] {
  const names = ['王喆', '李堃', '张龑', '𠮷田花子'];
  const rows = [OFFICIAL_HEADERS];
  for (let i = 0; i < n; i++) {
    rows.push([String(i + 1), i < names.length ? (names[i] as string) : `检测员${i + 1}`, i % 10 === 9 ? '否' : '是', '是', i % 20 === 19 ? '否' : '是', i % 10 === 9 ? '社保不在本单位缴纳' : '']);
  }
  return rows;
}

async function call<T>(e2e: E2e, method: string, input: unknown): Promise<T> {
  const r = await e2e.app.dispatch(method, input);
  if (!r.ok) throw new Error(r.error.message);
  return r.value as T;
}

describe('agencies, 附件2 roster and 附件1 review', () => {
  let e2e: E2e;
  let agency: Agency;

  beforeAll(async () => {
    e2e = await startE2e({ seed: true });
    const list = await call<Agency[]>(e2e, 'agencies/list', { query: AGENCY });
    agency = list[0] as Agency;
  });
  afterAll(async () => {
    await e2e?.close();
  });

  it('edits an agency from its detail drawer, refusing a wrong credit code', async () => {
    const { page } = e2e;
    await page.goto(e2e.host.url.replace('/#', '/?p=agencies#'));
    await page.getByRole('button', { name: AGENCY }).click();
    const drawer = page.locator('.ant-drawer');
    await shows(drawer.getByText('取得特种设备核准证情况'));
    await shows(drawer.getByText(/30 天内到期/));
    await shows(drawer.getByText('共排查检验检测人员总数'));
    // Let the slide-in animation finish so the screenshot shows the drawer as a user sees it.
    await page.waitForTimeout(500);
    await e2e.screenshot('personnel-agency-drawer');

    await drawer.getByRole('button', { name: '编辑' }).click();
    // antd's dialogs share one aria-labelledby id in this build, so they are found by their text.
    const dialog = page.locator('.ant-modal').filter({ hasText: '编辑机构' });
    const code = agency.creditCode;
    const wrong = code.slice(0, 17) + (code.endsWith('0') ? '1' : '0');
    await dialog.getByLabel('统一社会信用代码').fill(wrong);
    await dialog.getByLabel('联系人', { exact: true }).fill('刘芳堃');
    await dialog.getByRole('button', { name: '保存' }).click();
    await shows(dialog.getByText(/校验码错误/).first());
    const unchanged = await call<Agency>(e2e, 'agencies/get', { id: agency.id });
    expect(unchanged.contact).toBe('刘芳');

    await dialog.getByLabel('统一社会信用代码').fill(code);
    await dialog.getByRole('button', { name: '保存' }).click();
    await hides(dialog);
    await shows(drawer.getByText('刘芳堃'));
    expect((await call<Agency>(e2e, 'agencies/get', { id: agency.id })).contact).toBe('刘芳堃');
  });

  it('opens the agency’s 附件2 with its roster and computed counts', async () => {
    const { page } = e2e;
    await page.locator('.ant-drawer').getByRole('button', { name: '打开人员条件（附件2）' }).click();
    await shows(page.getByRole('tab', { name: '人员条件（附件2）', selected: true }));
    await shows(page.getByLabel('第 1 行 姓名'));
    expect(await page.getByLabel('第 1 行 姓名').inputValue()).toBe('周龑');
    await shows(page.getByTestId('count-total').getByText('12'));
    await e2e.screenshot('personnel-roster-demo');
  });

  it('refuses a roster with a bad row, naming the row, and writes nothing', async () => {
    const { page } = e2e;
    const before = await call<Checklist>(e2e, 'personnel/get', { agencyId: agency.id });
    const rows = roster(8);
    rows[4] = ['4', '张龑', '有', '是', '是', ''];
    await page.getByRole('button', { name: '导入花名册' }).click();
    const modal = page.locator('.ant-modal').filter({ hasText: '导入花名册' });
    await modal.locator('input[type=file]').setInputFiles({ name: '花名册-有错.csv', mimeType: 'text/csv', buffer: csv(rows) });
    await shows(modal.getByTestId('import-errors'));
    await shows(modal.getByText('第 5 行：是否在本单位真实执业应填“是”、“否”或“—”（不涉及），实际为“有”'));
    expect(await modal.getByRole('button', { name: /确认导入/ }).isDisabled()).toBe(true);
    await e2e.screenshot('personnel-import-refused');
    await modal.getByRole('button', { name: '取消' }).click();
    await hides(modal);
    const after = await call<Checklist>(e2e, 'personnel/get', { agencyId: agency.id });
    expect(after.persons.map((p) => p.id)).toEqual(before.persons.map((p) => p.id));
    await shows(page.getByTestId('count-total').getByText('12'));
  });

  it('imports a good 500-person roster after the preview; the table stays virtual and shows the new counts', async () => {
    const { page } = e2e;
    await page.getByRole('button', { name: '导入花名册' }).click();
    const modal = page.locator('.ant-modal').filter({ hasText: '导入花名册' });
    await modal.locator('input[type=file]').setInputFiles({ name: '花名册.csv', mimeType: 'text/csv', buffer: csv(roster(500)) });
    await shows(modal.getByText('表头与附件2 一致，各列已自动对应。'));
    await shows(modal.getByTestId('import-summary').getByText('500 行，可导入 500 人'));
    await shows(modal.getByText('确认后将替换现有的 12 人。'));
    await shows(modal.getByRole('cell', { name: '𠮷田花子' }));
    await e2e.screenshot('personnel-import-preview');
    await modal.getByRole('button', { name: '确认导入 500 人' }).click();
    await hides(modal);
    await shows(page.getByTestId('count-total').getByText('500'));
    await shows(page.getByTestId('count-practisingProblems').getByText('50'));
    await shows(page.getByTestId('count-titleProblems').getByText('25'));
    expect(await page.getByLabel('第 4 行 姓名').inputValue()).toBe('𠮷田花子');
    // Virtualised: only the rows on screen exist in the page, yet the last one is a scroll away.
    expect(await page.locator('.ant-table-row').count()).toBeLessThan(60);
    await page.locator('.ant-table-tbody-virtual-holder').evaluate((el) => {
      el.scrollTop = el.scrollHeight;
    });
    await shows(page.getByLabel('第 500 行 姓名'));
    expect(await page.getByLabel('第 500 行 姓名').inputValue()).toBe('检测员500');
    await e2e.screenshot('personnel-roster-500-bottom');
    await page.locator('.ant-table-tbody-virtual-holder').evaluate((el) => {
      el.scrollTop = 0;
    });
    await shows(page.getByLabel('第 1 行 姓名'));
  });

  it('recounts when a cell is edited in the roster', async () => {
    const { page } = e2e;
    await page.getByLabel('第 1 行 初次取证时提交的学历是否真实').click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: /^否$/ }).click();
    await shows(page.getByTestId('count-educationProblems').getByText('1'));
    const c = await call<Checklist>(e2e, 'personnel/get', { agencyId: agency.id });
    expect(c.persons[0]).toMatchObject({ name: '王喆', education: '否' });
    expect(c.counts.educationProblems).toBe(1);
  });

  it('shows the 附件1 review prefilled from the registry and saves an opinion', async () => {
    const { page } = e2e;
    await page.getByRole('tab', { name: '自查自纠（附件1）' }).click();
    await shows(page.getByText('法人单位名称（必须与营业执照或法人证书一致）'));
    await shows(page.getByTestId('selfcheck-progress').getByText(/已审核 3\/15 项/));
    await shows(page.getByText('是否定期对设备进行量值溯源;'));
    const item = page.getByTestId('selfcheck-item-1.1');
    await item.getByLabel('1.1 发现的问题').fill('分工文件未经领导班子会议审议');
    await item.getByText('不认可', { exact: true }).click();
    await shows(page.getByTestId('selfcheck-progress').getByText(/已审核 4\/15 项/));
    await e2e.screenshot('personnel-selfcheck');
    await expect
      .poll(async () => (await call<{ items: { key: string; problems: string }[] }>(e2e, 'selfcheck/get', { agencyId: agency.id })).items[0]?.problems)
      .toBe('分工文件未经领导班子会议审议');
    // Refused calls (the wrong credit code above) show up as 4xx resource errors; nothing else may.
    const unexpected = e2e.pageErrors.filter((m) => !/Failed to load resource: the server responded with a status of 4\d\d/.test(m));
    expect(unexpected).toEqual([]);
  });
});
