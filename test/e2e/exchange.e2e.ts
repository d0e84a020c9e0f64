/**
 * 数据交换 as a new user meets it: on the inspector's laptop,
 * export a signed inspection to a file from the 数据交换 page; on a second data folder
 * (the bureau), import it — it waits in quarantine until the key is trusted — and see
 * it in 检查任务 with its signatures and history; import it again and see 重复; import
 * a tampered copy and see it refused with the reason.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUREAU_PROFILE, makeSignedInspection, signAll } from '../support/signed-inspection';
import { tempDir } from '../support/temp-app';
import { caller, startE2e, type E2e } from './harness';
import { hides, shows } from './wait';

const AGENCY = '上海浦江交接检测有限公司';

/** Waits for running CSS animations (tab switches, fades) so screenshots show the settled page. */
async function settled(e: E2e): Promise<void> {
  // Endless animations (spinners, pulsing badges) never finish: wait only for the finite ones.
  await e.page.evaluate(() =>
    Promise.all(
      document
        .getAnimations()
        .filter((a) => a.effect?.getComputedTiming().iterations !== Infinity)
        .map((a) => a.finished.catch(() => undefined)),
    ),
  );
}

describe('数据交换: laptop → file → bureau', () => {
  let laptop: E2e | null = null;
  let bureau: E2e | null = null;
  const files = tempDir('ducha-e2e-usb-');
  let bundlePath = '';
  let fingerprint = '';
  let inspectionId = '';

  beforeAll(async () => {
    laptop = await startE2e({ seed: true });
    ({ inspectionId } = await makeSignedInspection(caller(laptop), { agencyName: AGENCY, code17: '91310115MA1H9P3Q4', inspectedOn: '2026-11-20' }));
  });
  afterAll(async () => {
    await laptop?.close();
    await bureau?.close();
    fs.rmSync(files, { recursive: true, force: true });
  });

  it('exports the signed inspection from the 数据交换 page as a .ducha.json download', async () => {
    if (!laptop) throw new Error('no laptop');
    const { page } = laptop;
    await page.goto(`${laptop.host.url.replace('/#', '/?p=exchange#')}`);
    await shows(page.getByText(/选择已签署的检查，导出为签名数据包/));
    // Drafts cannot be chosen; the signed inspection can.
    const box = page.getByRole('checkbox', { name: `选择 ${AGENCY} 2026-11-20` });
    await box.check();
    await settled(laptop);
    await laptop.screenshot('exchange-export-selected');
    const exportButton = page.getByRole('button', { name: /导出数据包/ });
    const [download] = await Promise.all([page.waitForEvent('download'), exportButton.click()]);
    expect(download.suggestedFilename()).toMatch(/^上海浦江交接检测有限公司_2026-11-20_[0-9a-f]{8}\.ducha\.json$/);
    bundlePath = path.join(files, download.suggestedFilename());
    await download.saveAs(bundlePath);
    await shows(page.getByText('已导出 1 个数据包'));
    await shows(page.getByText(`已标记为「已提交」：${AGENCY} 2026-11-20`));
    await settled(laptop);
    await laptop.screenshot('exchange-export-done');

    // Settings shows this device's fingerprint, the one the bureau will compare.
    await page.goto(`${laptop.host.url.replace('/#', '/?p=settings#')}`);
    const shown = page.getByTestId('device-fingerprint');
    await shows(shown);
    fingerprint = ((await shown.textContent()) ?? '').trim();
    expect(fingerprint).toMatch(/^([0-9A-F]{4} ){7}[0-9A-F]{4}$/);
    await page.getByText('设备密钥（数据包签名）').evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await settled(laptop);
    await laptop.screenshot('exchange-settings-key');
    expect(laptop.pageErrors).toEqual([]);
  });

  it('on the bureau: quarantined until the key is trusted, then imported with its signatures and history', async () => {
    bureau = await startE2e();
    await bureau.app.dispatch('profile/save', BUREAU_PROFILE);
    const { page } = bureau;
    await page.goto(`${bureau.host.url.replace('/#', '/?p=exchange&tab=import#')}`);
    await page.locator('input[type=file]').setInputFiles(bundlePath);
    await page.getByRole('button', { name: '开始导入' }).click();
    const results = page.getByTestId('import-results');
    await shows(results.getByTestId('outcome-quarantined'));
    await shows(results.getByText(/尚未受信任/));
    await settled(bureau);
    await bureau.screenshot('exchange-import-quarantined');

    await page.getByRole('tab', { name: /隔离区/ }).click();
    await shows(page.getByTestId('quarantine-fingerprint').getByText(fingerprint));
    await shows(page.getByText('王春艳（31000120001）'));
    await page.getByRole('button', { name: '信任此密钥' }).click();
    await shows(page.getByText('请先与 王春艳（31000120001）核对指纹'));
    await settled(bureau);
    await bureau.screenshot('exchange-quarantine-trust');
    await page.getByRole('button', { name: '指纹一致，信任' }).click();
    await shows(page.getByText('已信任', { exact: true }));
    await page.getByRole('button', { name: '释放导入' }).click();
    await shows(page.getByText(`${AGENCY} 2026-11-20`).first());
    await shows(page.getByTestId('outcome-imported'));
    await shows(page.getByText('隔离区是空的'));

    // 检查任务 lists it, 已提交; its page shows the signatures and the signed history.
    await page.getByRole('menuitem', { name: /检查任务/ }).click();
    await shows(page.getByRole('cell', { name: AGENCY }).first());
    await shows(page.getByRole('row', { name: new RegExp(AGENCY) }).getByText('已提交'));
    await page.getByRole('button', { name: `评分：${AGENCY} 2026-11-20` }).click();
    await page.getByRole('tab', { name: '签名' }).click();
    for (const name of ['检查人员：王春艳', '检查人员：林涛', '受检单位代表：张喆']) await shows(page.getByText(name).first());
    // The signature images travelled with the bundle.
    await shows(page.getByAltText('张喆的签名'));
    await settled(bureau);
    await bureau.screenshot('exchange-bureau-signatures');
    await page.getByRole('tab', { name: '版本与日志' }).click();
    await shows(page.getByText('第 1 版').last());
    await shows(page.getByText(/哈希链完整/));
    await settled(bureau);
    await bureau.screenshot('exchange-bureau-history');
  });

  it('importing the same file again says 重复; a tampered copy is refused with the reason', async () => {
    if (!bureau) throw new Error('no bureau');
    const { page } = bureau;
    const text = fs.readFileSync(bundlePath, 'utf8');
    const tampered = path.join(files, '改过的数据包.ducha.json');
    fs.writeFileSync(tampered, text.replace('部分检验报告缺少审核人签字', '全部检验报告都有审核人签字'));
    // A bureau's selection is often hundreds of files: 120 copies of the same bundle go in
    // several calls, with a running count, a summary and a paged table.
    const copies = Array.from({ length: 120 }, (_, i) => {
      const copy = path.join(files, `副本-${String(i + 1).padStart(3, '0')}.ducha.json`);
      fs.writeFileSync(copy, text);
      return copy;
    });
    await page.goto(`${bureau.host.url.replace('/#', '/?p=exchange&tab=import#')}`);
    await page.locator('input[type=file]').setInputFiles([bundlePath, ...copies, tampered]);
    await shows(page.getByText('已选择 122 个文件', { exact: false }));
    const start = page.getByRole('button', { name: '开始导入' });
    await start.click();
    const results = page.getByTestId('import-results');
    await shows(results.getByTestId('import-summary').getByText('共 122 个文件：重复 121 个，拒绝 1 个。'));
    await hides(page.getByRole('status'));
    await shows(results.getByTestId('outcome-duplicate').first());
    await shows(results.getByText(/本次未作任何更改/).first());
    await settled(bureau);
    await bureau.screenshot('exchange-import-many');
    // 50 rows a page: the tampered copy, offered last, is on page 3.
    await results.locator('.ant-pagination').getByTitle('3').click();
    await shows(results.getByTestId('outcome-refused'));
    await shows(results.getByText(/SHA-256.*不一致/));
    await settled(bureau);
    await bureau.screenshot('exchange-import-duplicate-refused');

    await page.getByRole('tab', { name: '导入记录' }).click();
    await shows(page.getByText('改过的数据包.ducha.json'));
    await page.getByRole('tab', { name: '受信任的密钥' }).click();
    await shows(page.getByText(fingerprint));
    await hides(page.locator('.ant-spin-spinning'));
    await settled(bureau);
    await bureau.screenshot('exchange-trusted-keys');
    expect(bureau.pageErrors).toEqual([]);
  });

  it('two amendments of the same revision: both kept as a conflict, resolved on the 版本冲突 tab', async () => {
    if (!bureau || !laptop) throw new Error('no apps');
    // The laptop and the bureau each amend revision 1 and sign their own revision 2.
    for (const [e, reason, score] of [
      [laptop, '第 16 项扣分依据补充', 2.5],
      [bureau, '市局复核调整第 16 项', 2],
    ] as const) {
      const api = caller(e);
      await api.ok('inspections/amend', { id: inspectionId, reason });
      await api.ok('inspections/saveItem', { inspectionId, no: 16, score });
      await signAll(api, inspectionId);
      await api.ok('inspections/sign', { id: inspectionId });
    }
    const out = await caller(laptop).ok('bundles/export', { inspectionIds: [inspectionId] });
    const second = path.join(files, out.files[0]?.fileName ?? 'second.ducha.json');
    fs.writeFileSync(second, out.files[0]?.text ?? '');

    const { page } = bureau;
    await page.goto(`${bureau.host.url.replace('/#', '/?p=exchange&tab=import#')}`);
    await page.locator('input[type=file]').setInputFiles(second);
    await page.getByRole('button', { name: '开始导入' }).click();
    await shows(page.getByText(`${AGENCY} 2026-11-20：版本冲突，待处理`));
    // The inspection itself says so, and leads to where it is resolved.
    await page.goto(`${bureau.host.url.replace('/#', `/?p=inspection&id=${inspectionId}#`)}`);
    const flagged = page.getByTestId('inspection-conflict');
    await shows(flagged.getByText(/都以第 1 版为上一版/));
    await shows(flagged.getByText(/这里显示的仍是本机的第 2 版/));
    await settled(bureau);
    await bureau.screenshot('exchange-conflict-on-inspection');
    await flagged.getByRole('button', { name: '去处理' }).click();
    await shows(page.getByRole('tab', { name: /版本冲突/, selected: true }));
    await shows(page.getByText(/都以第 1 版为上一版/));
    await hides(page.locator('.ant-spin-spinning'));
    await settled(bureau);
    await bureau.screenshot('exchange-conflict');
    await page.getByRole('button', { name: '采用导入版本' }).click();
    await page.getByRole('button', { name: '采用导入版本' }).last().click();
    await shows(page.getByText('没有待处理的版本冲突'));
    const revisions = await caller(bureau).ok('inspections/revisions', { id: inspectionId });
    expect(revisions.map((r) => [r.number, r.reason])).toEqual([
      [1, ''],
      [2, '市局复核调整第 16 项'],
      [3, '第 16 项扣分依据补充'],
    ]);
    const audit = await caller(bureau).ok('inspections/audit', { id: inspectionId });
    expect(audit.check.ok).toBe(true);
    expect(bureau.pageErrors).toEqual([]);
    expect(laptop.pageErrors).toEqual([]);
  });
});
