/**
 * Online sync as an inspector meets it: 设置 → 同步, import the bureau's connection file,
 * compare the fingerprint shown with the file's, connect, and see 设备待批准; the bureau
 * approves this laptop on its receiver; a signed inspection shows 待发送 in 检查任务, then
 * 已送达 with its receipt time after 立即同步, and the status bar says 全部已送达. A second
 * signing goes out by itself through the background sender.
 *
 * The receiver is a real one in its own process, driven through its CLI as the bureau's
 * administrator would.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSender, type Sender } from '../../core/sync/sender';
import { makeCreditCode } from '../../forms/credit-code';
import { makeSignedInspection, scoreAll, signAll } from '../support/signed-inspection';
import { startReceiver } from '../support/receiver-process';
import { caller, startE2e, type E2e } from './harness';
import { shows } from './wait';

const AGENCY = '上海浦江同步检测有限公司';
const SECOND = '上海申江第二检测有限公司';
const THIRD = '上海闵浦第三检测有限公司';
const SHOTS = process.env.DUCHA_SYNC_SHOTS ?? '/tmp/sync-shots';

type Receiver = Awaited<ReturnType<typeof startReceiver>>;

/** Waits for running CSS animations (tab switches, fades) so screenshots show the settled page. */
async function settled(e: E2e): Promise<void> {
  await e.page.evaluate(() =>
    Promise.all(
      document
        .getAnimations()
        .filter((a) => a.effect?.getComputedTiming().iterations !== Infinity)
        .map((a) => a.finished.catch(() => undefined)),
    ),
  );
}

async function shot(e: E2e, name: string, fullPage = false, keepPointer = false): Promise<void> {
  // Off the button just clicked, so the picture shows its resting look (tooltips closed).
  if (!keepPointer) {
    await e.page.mouse.move(0, 0);
    await e.page
      .waitForFunction(() => ![...document.querySelectorAll('.ant-tooltip')].some((t) => !t.classList.contains('ant-tooltip-hidden')), undefined, { timeout: 3_000 })
      .catch(() => undefined);
  }
  await settled(e);
  fs.mkdirSync(SHOTS, { recursive: true });
  await e.page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage });
  await e.screenshot(`sync-${name}`);
}

/** The fingerprint as the page groups it: eight groups of four hex digits. */
function grouped(fingerprint: string): string {
  return (fingerprint.replace(/[^0-9a-fA-F]/g, '').toUpperCase().match(/.{4}/g) ?? []).join(' ');
}

describe('同步: laptop → receiver', () => {
  let laptop: E2e | null = null;
  let receiver: Receiver | null = null;
  let sender: Sender | null = null;
  let inspectionId = '';

  beforeAll(async () => {
    receiver = await startReceiver();
    laptop = await startE2e({ seed: true });
  });
  afterAll(async () => {
    await sender?.stop();
    await laptop?.close();
    await receiver?.stop();
  });

  it('imports the connection file, shows its fingerprint to compare, connects and waits for approval', async () => {
    if (!laptop || !receiver) throw new Error('not started');
    const { page } = laptop;
    await page.goto(`${laptop.host.url.replace('/#', '/?p=settings&tab=sync#')}`);
    await shows(page.getByTestId('sync-connect'));
    // Not connected: no badge in the status bar, no 送达 column.
    expect(await page.getByTestId('sync-badge').count()).toBe(0);

    await page.getByLabel('选择接收端连接文件').setInputFiles(receiver.connectionFile);
    const fingerprint = page.getByTestId('preview-fingerprint');
    await shows(fingerprint);
    const fromFile = (JSON.parse(receiver.connectionText) as { fingerprint: string; name: string }).fingerprint;
    expect((await fingerprint.textContent())?.trim()).toBe(grouped(fromFile));
    await shows(page.getByText('请与市局管理员核对指纹（电话或书面），一致后再确认'));
    await shows(page.getByTestId('sync-preview').getByText(receiver.url));
    await shot(laptop, '1-preview');

    await page.getByRole('button', { name: '指纹一致，连接' }).click();
    await shows(page.getByTestId('sync-connected'));
    expect((await page.getByTestId('sync-receiver-fingerprint').textContent())?.trim()).toBe(grouped(fromFile));
    const device = page.getByTestId('sync-device-state');
    await shows(device.getByText('设备待批准', { exact: true }), 20_000);
    await shows(device.getByText(/设备尚未获批准，请联系市局管理员核准指纹/));
    await shows(page.getByTestId('sync-badge').getByText('设备待批准'));
    await shot(laptop, '2-pending', true);
    expect(laptop.pageErrors).toEqual([]);
  });

  it('after the bureau approves, a signed inspection goes 待发送 → 已送达 and the status bar says 全部已送达', async () => {
    if (!laptop || !receiver) throw new Error('not started');
    const { page } = laptop;
    // The bureau approves this laptop by the key id shown on 设置 → 同步.
    const keyId = ((await page.getByTestId('sync-device-keyid').textContent()) ?? '').trim();
    expect(keyId).toMatch(/^[0-9a-f]{16}$/);
    const approved = await receiver.cli(['receiver', 'devices', 'approve', keyId]);
    expect(approved.code, approved.stderr).toBe(0);

    // Signed while no sender runs: it waits in the outbox, 待发送.
    ({ inspectionId } = await makeSignedInspection(caller(laptop), { agencyName: AGENCY, code17: '91310115MA1H9P3Q5', inspectedOn: '2026-12-01' }));
    await page.getByRole('menuitem', { name: /检查任务/ }).click();
    const row = page.getByRole('row').filter({ hasText: AGENCY });
    await shows(row.getByTestId('delivery-tag').getByText('待发送'));
    // The laptop learns of the approval at its next contact; until then it still says so.
    await shows(page.getByTestId('sync-badge').getByText('设备待批准'));
    await shot(laptop, '3-list-queued');

    // The badge leads to 设置 → 同步, where 立即同步 sends it.
    await page.getByTestId('sync-badge').click();
    await shows(page.getByTestId('sync-connected'));
    await page.getByRole('button', { name: '立即同步' }).click();
    const result = page.getByTestId('sync-now-result');
    await shows(result, 30_000);
    expect(await result.textContent()).toMatch(/同步完成：共 \d+ 个数据包，已送达 \d+ 个/);
    await shows(page.getByTestId('sync-device-state').getByText(/^设备已获批准/).first());
    await shows(page.getByTestId('sync-last-contact').getByText(/\d{4}-\d{2}-\d{2} \d{2}:\d{2}/));
    await shows(page.getByTestId('sync-badge').getByText('同步：全部已送达'));
    await shot(laptop, '4-synced', true);

    await page.getByRole('menuitem', { name: /检查任务/ }).click();
    await shows(row.getByTestId('delivery-tag').getByText(/^已送达 \d{2}-\d{2} \d{2}:\d{2}$/));
    await shot(laptop, '5-list-delivered');

    // The inspection's own header carries the same tag.
    await row.getByRole('button', { name: /^评分/ }).click();
    await shows(page.getByTestId('scoring-agency').getByText(AGENCY));
    await shows(page.getByTestId('delivery-tag').getByText(/^已送达/));
    await shot(laptop, '6-inspection-header');
    expect(laptop.pageErrors).toEqual([]);
  });

  it('with the background sender running, an inspection signed on its page is delivered without a click', async () => {
    if (!laptop) throw new Error('not started');
    const { page } = laptop;
    sender = startSender(laptop.app.ctx, { intervalMs: 2_000, kickDelayMs: 200 });
    // Scored and signed by everyone through the API; 签署锁定 on screen.
    const app = caller(laptop);
    const agency = await app.ok('agencies/save', {
      name: SECOND,
      address: '上海市浦东新区申江路 2 号',
      creditCode: makeCreditCode('91310115MA1H9P3Q6'),
      legalRep: '李明',
      district: '浦东新区',
      kind: '检测机构',
    });
    const created = await app.ok('inspections/create', {
      agencyId: agency.id,
      type: '专项监督检查',
      inspectedOn: '2026-12-02',
      inspectors: [
        { name: '王春艳', badgeNo: '31000120001' },
        { name: '林涛', badgeNo: '31000120017' },
      ],
    });
    await scoreAll(app, created.id);
    await signAll(app, created.id);
    await page.getByRole('menuitem', { name: /检查任务/ }).click();
    const row = page.getByRole('row').filter({ hasText: SECOND });
    await row.getByRole('button', { name: /^评分/ }).click();
    await shows(page.getByTestId('scoring-agency').getByText(SECOND));
    expect(await page.getByTestId('delivery-tag').count()).toBe(0);
    await page.getByRole('button', { name: '签署锁定' }).click();
    await page.locator('.ant-modal-confirm').getByRole('button', { name: '签署锁定' }).click();
    await shows(page.getByTestId('delivery-tag').getByText(/^已送达 \d{2}-\d{2} \d{2}:\d{2}$/), 30_000);
    await shows(page.getByTestId('sync-badge').getByText('同步：全部已送达'));
    const deliveries = await app.ok('sync/deliveries', { inspectionIds: [inspectionId, created.id] });
    expect(deliveries.deliveries.map((d) => d.state)).toEqual(['delivered', 'delivered']);
    expect(laptop.pageErrors).toEqual([]);
  });

  it('when the receiver is out of reach, the list says 发送失败 with the reason and the next retry; nothing is lost', async () => {
    if (!laptop || !receiver) throw new Error('not started');
    const { page } = laptop;
    await receiver.stop();
    receiver = null;
    await makeSignedInspection(caller(laptop), { agencyName: THIRD, code17: '91310115MA1H9P3Q7', inspectedOn: '2026-12-03', photo: false });
    await page.getByRole('menuitem', { name: /检查任务/ }).click();
    const row = page.getByRole('row').filter({ hasText: THIRD });
    const tag = row.getByTestId('delivery-tag');
    await shows(tag.getByText(/^发送失败/), 30_000);
    expect(await tag.getAttribute('data-state')).toBe('failed');
    await shows(page.getByTestId('sync-badge').getByText('同步：发送失败 1'));
    // The reason and the retry are in the tooltip.
    await tag.hover();
    await shows(page.locator('.ant-tooltip').getByText(/发送失败.*数据仍在本机，不会丢失/));
    await shot(laptop, '7-list-failed', false, true);
    await page.getByTestId('sync-badge').click();
    await shows(page.getByTestId('sync-last-error'));
    await shot(laptop, '8-settings-failed', true);
    expect(laptop.pageErrors).toEqual([]);
  });
});
