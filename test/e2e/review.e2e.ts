/**
 * 审核 over the receiver, as the three parties meet it: a real receiver in its own process,
 * an inspector's laptop and a 宝山区 desk, each its own app and data folder with its own
 * browser host and Chromium page. The laptop signs and syncs; the desk's 立即同步 pulls the
 * record, 审核 lists it 待审核, the clerk returns it with a reason; the laptop's next sync
 * brings the reason to the record's banner, 开始修改 opens the amendment with that reason
 * written in; re-signed and synced, the desk sees 第 2 版 待审核 and accepts it, and the
 * laptop then shows 已受理.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deviceKey } from '../../core/domain/device-key';
import { BUREAU_PROFILE, makeSignedInspection, signAll } from '../support/signed-inspection';
import { startReceiver } from '../support/receiver-process';
import { caller, startE2e, type E2e } from './harness';
import { shows } from './wait';

const AGENCY = '上海宝杨审核检测有限公司';
const REASON = '第16项检验报告缺审核人签字，请补充说明整改情况。';
const SHOTS = process.env.DUCHA_SYNC_SHOTS ?? '/tmp/sync-shots';

type Receiver = Awaited<ReturnType<typeof startReceiver>>;

async function shot(e: E2e, name: string): Promise<void> {
  await e.page.mouse.move(0, 0);
  await e.page.evaluate(() => Promise.all(document.getAnimations().filter((a) => a.effect?.getComputedTiming().iterations !== Infinity).map((a) => a.finished.catch(() => undefined))));
  fs.mkdirSync(SHOTS, { recursive: true });
  await e.page.screenshot({ path: path.join(SHOTS, `review-${name}.png`) });
  await e.screenshot(`review-${name}`);
}

/** 设置 → 同步 → 立即同步 on screen; returns the pass's second line (pulled, decisions). */
async function syncNowOnScreen(e: E2e): Promise<string> {
  const { page } = e;
  await page.getByRole('menuitem', { name: /设置/ }).click();
  await page.getByRole('tab', { name: /同步/ }).click();
  await shows(page.getByTestId('sync-connected'));
  await page.getByRole('button', { name: '立即同步' }).click();
  await shows(page.getByTestId('sync-now-result'), 30_000);
  const exchange = page.getByTestId('sync-exchange-result');
  await shows(exchange, 10_000);
  return ((await exchange.textContent()) ?? '').trim();
}

async function connect(e: E2e, receiver: Receiver, approve: string[]): Promise<void> {
  const app = caller(e);
  const info = await app.ok('sync/preview', { text: receiver.connectionText });
  await app.ok('sync/connect', { text: receiver.connectionText, fingerprint: info.fingerprint });
  const approved = await receiver.cli(['receiver', 'devices', 'approve', deviceKey(e.app.ctx).keyId, ...approve]);
  expect(approved.code, approved.stderr).toBe(0);
}

describe('审核: laptop → receiver → 宝山区 desk → laptop', () => {
  let receiver: Receiver | null = null;
  let laptop: E2e | null = null;
  let desk: E2e | null = null;
  let inspectionId = '';

  beforeAll(async () => {
    receiver = await startReceiver();
    laptop = await startE2e({});
    desk = await startE2e({ profile: false });
    const d = caller(desk);
    await d.ok('profile/save', BUREAU_PROFILE);
    await d.ok('role/set', { role: 'district', district: '宝山区' });
    // The desk trusts this inspector's laptop, as the bureau does after checking its enrollment.
    const enrollment = await caller(laptop).ok('keys/exportEnrollment', {});
    await d.ok('bundles/trustEnrollment', { text: enrollment.text });
    await connect(laptop, receiver, []);
    await connect(desk, receiver, ['--role', 'district', '--district', '宝山区']);
  }, 120_000);
  afterAll(async () => {
    await laptop?.close();
    await desk?.close();
    await receiver?.stop();
  });

  it('the desk pulls the signed record and returns it with a reason', async () => {
    if (!laptop || !desk) throw new Error('not started');
    ({ inspectionId } = await makeSignedInspection(caller(laptop), { agencyName: AGENCY, code17: '91310113MA1G7H8K3', inspectedOn: '2026-12-04', district: '宝山区' }));
    const sent = await caller(laptop).ok('sync/now', {});
    expect(sent.outcomes.map((o) => o.outcome)).toContain('delivered');

    await desk.page.reload();
    expect(await syncNowOnScreen(desk)).toMatch(/从接收端拉取 \d+ 个数据包，导入 1 个/);
    await shows(desk.page.getByTestId('sync-imported-today').getByText('1 个数据包'));
    await shows(desk.page.getByTestId('sync-last-pull').getByText(/\d{4}-\d{2}-\d{2} \d{2}:\d{2}/));
    await shot(desk, '0-desk-sync');
    const { page } = desk;
    await page.getByRole('menuitem', { name: /审核/ }).click();
    const row = page.getByTestId('review-table').locator('.ant-table-row').filter({ hasText: AGENCY });
    await shows(row.getByTestId('review-state').getByText('待审核'));
    await shows(row.getByText('第 1 版'));
    await shows(page.getByText('审核（宝山区市场监管局审核端）'));
    await shot(desk, '1-desk-pending');

    await row.getByRole('button', { name: /退回补正/ }).click();
    const modal = page.locator('.ant-modal').filter({ hasText: `退回补正：${AGENCY}` });
    await modal.getByLabel('退回理由').fill(REASON);
    await modal.getByRole('button', { name: /退回补正/ }).click();
    await page.getByTestId('review-filter').getByText(/^退回补正/).click();
    await shows(row.getByTestId('review-state').getByText('退回补正'));
    await shows(row.getByText(new RegExp(`宝山区.*${REASON.slice(0, 8)}`)));
    expect(await syncNowOnScreen(desk)).toContain('报送审核结论 1 项');
    expect(desk.pageErrors).toEqual([]);
  });

  it('the laptop shows the reason, amends with it, re-signs; the desk sees 第 2 版 and accepts', async () => {
    if (!laptop || !desk) throw new Error('not started');
    await laptop.page.reload();
    expect(await syncNowOnScreen(laptop)).toContain('收到审核结论 1 项');
    const { page } = laptop;
    await page.getByRole('menuitem', { name: /检查任务/ }).click();
    await page.getByRole('row').filter({ hasText: AGENCY }).getByRole('button', { name: /^评分/ }).click();
    const banner = page.getByTestId('review-banner');
    await shows(banner.getByText(`第 1 版被退回补正：${REASON}`));
    await shows(banner.getByText(/宝山区（陈立，/));
    await shot(laptop, '2-laptop-returned');

    await banner.getByRole('button', { name: '开始修改' }).click();
    const modal = page.locator('.ant-modal').filter({ hasText: '按退回理由修改' });
    expect(await modal.getByLabel('更改理由').inputValue()).toBe(`按宝山区退回补正意见修改：${REASON}`);
    await modal.getByRole('button', { name: '开始修改' }).click();
    await shows(page.getByTestId('inspection-status').getByText(/已完成|草稿/));
    expect(await page.getByTestId('review-banner').count()).toBe(0);

    const app = caller(laptop);
    await signAll(app, inspectionId);
    expect((await app.ok('inspections/sign', { id: inspectionId })).number).toBe(2);
    // Revision 2 carries the bureau's reason as its amendment reason.
    const revisions = await app.ok('inspections/revisions', { id: inspectionId });
    expect(revisions.map((r) => [r.number, r.reason])).toEqual([
      [1, ''],
      [2, `按宝山区退回补正意见修改：${REASON}`],
    ]);
    expect((await app.ok('sync/now', {})).outcomes.some((o) => o.outcome === 'delivered')).toBe(true);

    await desk.page.reload();
    expect(await syncNowOnScreen(desk)).toMatch(/导入 1 个/);
    await desk.page.getByRole('menuitem', { name: /审核/ }).click();
    const row = desk.page.getByTestId('review-table').locator('.ant-table-row').filter({ hasText: AGENCY });
    await shows(row.getByText('第 2 版'));
    await shows(row.getByTestId('review-state').getByText('待审核'));
    await row.getByRole('button', { name: /受理/ }).click();
    await desk.page.locator('.ant-modal-confirm').getByRole('button', { name: '受理' }).click();
    await desk.page.getByTestId('review-filter').getByText(/^已受理/).click();
    await shows(row.getByTestId('review-state').getByText('已受理'));
    expect(await syncNowOnScreen(desk)).toContain('报送审核结论 1 项');

    // The record's 版本与日志 on the desk: both decisions, the return marked as about the earlier revision.
    await desk.page.getByRole('menuitem', { name: /审核/ }).click();
    await desk.page.getByTestId('review-filter').getByText(/^全部/).click();
    await row.getByText(AGENCY).click();
    // Read-only on the desk: no 发起更改 on the inspector's record.
    await shows(desk.page.getByTestId('read-only-tag'));
    expect(await desk.page.getByRole('button', { name: '发起更改' }).count()).toBe(0);
    await desk.page.getByRole('tab', { name: '版本与日志' }).click();
    const decisions = desk.page.getByTestId('review-history');
    await shows(decisions.getByText('针对较早版本'));
    await shows(decisions.getByText(`理由：${REASON}`));
    expect(await decisions.locator('.ant-timeline-item').count()).toBe(2);

    const history = await caller(desk).ok('reviews/history', { inspectionId });
    expect(history.items.map((h) => [h.revision, h.state, h.current, h.posted])).toEqual([
      [2, 'accepted', true, true],
      [1, 'returned', false, true],
    ]);
    expect(desk.pageErrors).toEqual([]);
  });

  it('the laptop then shows 已受理 on the record and in 审核结果', async () => {
    if (!laptop) throw new Error('not started');
    await laptop.page.reload();
    expect(await syncNowOnScreen(laptop)).toContain('收到审核结论 1 项');
    const { page } = laptop;
    await page.getByRole('menuitem', { name: /审核/ }).click();
    await shows(page.getByText('审核结果'));
    await page.getByTestId('review-filter').getByText(/^已受理/).click();
    const row = page.getByTestId('review-table').locator('.ant-table-row').filter({ hasText: AGENCY });
    await shows(row.getByTestId('review-state').getByText('已受理'));
    await row.getByText(AGENCY).click();
    await shows(page.getByTestId('review-banner').getByText(/第 2 版已受理：宝山区/));
    await shot(laptop, '3-laptop-accepted');
    await page.getByRole('button', { name: '检查任务' }).click();
    await shows(page.getByRole('row').filter({ hasText: AGENCY }).getByTestId('list-review-tag').getByText('已受理'));
    expect(laptop.pageErrors).toEqual([]);
  });
});
