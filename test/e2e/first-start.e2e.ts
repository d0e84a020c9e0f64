/**
 * First start: every change and signature carries the inspector's identity, so a
 * fresh installation asks for it before anything else, and 设置 shows it afterwards.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startE2e, type E2e } from './harness';
import { hides, shows } from './wait';

describe('first start', () => {
  let e: E2e;
  beforeAll(async () => {
    e = await startE2e({ profile: false });
  });
  afterAll(async () => {
    await e?.close();
  });

  it('asks for the inspector profile, refuses empty fields, then stamps it on changes', async () => {
    const { page } = e;
    const dialog = page.locator('.ant-modal').filter({ hasText: '首次使用' });
    await shows(dialog);
    await dialog.getByRole('button', { name: '开始使用' }).click();
    await shows(dialog.getByText('请填写姓名'));
    await dialog.getByLabel('姓名').fill('李𠮷');
    await dialog.getByLabel('执法证号').fill('31000120099');
    await dialog.getByLabel('所在单位').fill('上海市浦东新区市场监督管理局');
    await dialog.getByRole('button', { name: '开始使用' }).click();
    await hides(dialog);
    const stored = await e.app.dispatch('profile/get', {});
    expect(stored).toEqual({ ok: true, value: { name: '李𠮷', badgeNo: '31000120099', unit: '上海市浦东新区市场监督管理局' } });
    await page.getByRole('menuitem', { name: '设置' }).click();
    await shows(page.locator('.ant-card-head-title').getByText('本机检查人员'));
    expect(await page.getByLabel('姓名').inputValue()).toBe('李𠮷');
    expect(e.pageErrors).toEqual([]);
  });
});
