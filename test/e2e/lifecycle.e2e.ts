/**
 * The inspection lifecycle as a new user meets it: on a scored inspection, raise a
 * 严重事故隐患 with its follow-up, attach a photo from a file (a non-image is
 * refused), sign on screen, lock; editing is refused; amend with a reason, re-sign,
 * and see 已更改 and both revisions with an intact audit chain.
 *
 * Each case has its own data folder, app and browser, and builds the state it starts
 * from through the dispatcher (what earlier steps of the story did on screen), so any
 * case runs alone, in any order, and a failure stays in the case that has it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import type { App } from '../../core/app';
import type { InputOf, MethodName, OutputOf } from '../../core/contract';
import { demoSignaturePng } from '../../core/demo/signature';
import { startE2e, type E2e } from './harness';
import { hides, shows } from './wait';

/** The demo agency whose inspection the seed leaves fully scored and unsigned. */
const AGENCY = '上海市特种设备监督检验技术研究院';
const FINDING = '抽查发现 2 台电梯检验不合格，未向监管部门报告。';
const AMEND_REASON = '补记第 32 项问题的整改期限依据';

/** Waits until an element stops moving (open animations finished). */
async function settled(locator: Locator): Promise<void> {
  let last = '';
  for (let i = 0; i < 50; i++) {
    const box = JSON.stringify(await locator.boundingBox());
    if (box === last && box !== 'null') return;
    last = box;
    await new Promise((r) => setTimeout(r, 120));
  }
  throw new Error('element never stopped moving');
}

async function drawSignature(page: Page): Promise<void> {
  const canvas = page.getByTestId('signature-canvas');
  const box = await canvas.boundingBox();
  if (!box) throw new Error('signature canvas not visible');
  await page.mouse.move(box.x + 40, box.y + 120);
  await page.mouse.down();
  for (let i = 1; i <= 12; i++) await page.mouse.move(box.x + 40 + i * 25, box.y + 120 + Math.sin(i) * 40, { steps: 3 });
  await page.mouse.up();
}

async function sign(page: Page, button: string, agencyRep?: string): Promise<void> {
  await page.getByRole('button', { name: button }).click();
  const dialog = page.locator('.ant-modal').filter({ hasText: '手写签名' });
  await shows(dialog);
  // Draw only once the dialog has finished zooming in, or strokes land where the canvas was.
  await settled(page.getByTestId('signature-canvas'));
  if (agencyRep) await dialog.getByLabel('签名人姓名').fill(agencyRep);
  await drawSignature(page);
  await dialog.getByRole('button', { name: '确认签名' }).click();
  await hides(dialog);
}

async function signAll(page: Page): Promise<void> {
  await page.getByRole('tab', { name: '签名' }).click();
  await sign(page, '王春艳 签名');
  await sign(page, '林涛 签名');
  await sign(page, '受检单位代表签名', '陈立𠮷');
  await shows(page.getByText('签名已齐全，可以签署锁定'));
}

async function lock(page: Page): Promise<void> {
  await page.getByRole('button', { name: '签署锁定' }).click();
  await page.locator('.ant-modal-confirm').getByRole('button', { name: '签署锁定' }).click();
}

// --- state set up through the dispatcher ------------------------------------

async function call<M extends MethodName>(app: App, method: M, input: InputOf<M>): Promise<OutputOf<M>> {
  const r = await app.dispatch(method, input);
  if (!r.ok) throw new Error(`${method} failed: ${r.error.message}`);
  return r.value as OutputOf<M>;
}

async function agencyInspection(app: App): Promise<OutputOf<'inspections/list'>[number]> {
  const found = (await call(app, 'inspections/list', {})).find((i) => i.agencyName === AGENCY);
  if (!found) throw new Error(`the seed has no inspection of ${AGENCY}`);
  return found;
}

/** The 严重事故隐患 that the finding case records on screen, with the same follow-up dates. */
async function raiseFinding(app: App, inspectionId: string): Promise<void> {
  await call(app, 'findings/save', {
    inspectionId,
    itemNo: 32,
    description: FINDING,
    severity: '严重事故隐患',
    notifiedOn: '2026-11-27',
    reportedOn: '2026-11-27',
    dueOn: '2026-12-31',
  });
}

/** The signatures the signing case draws on screen (same signers), then 签署锁定. */
async function signAndLock(app: App, inspectionId: string): Promise<void> {
  const inspection = await agencyInspection(app);
  let seed = 1;
  for (const p of inspection.inspectors) {
    await call(app, 'signatures/add', {
      inspectionId,
      role: 'inspector',
      signerName: p.name,
      signerDetail: p.badgeNo,
      pngBase64: demoSignaturePng(seed++).toString('base64'),
    });
  }
  await call(app, 'signatures/add', { inspectionId, role: 'agency', signerName: '陈立𠮷', pngBase64: demoSignaturePng(seed).toString('base64') });
  await call(app, 'inspections/sign', { id: inspectionId });
}

// --- one session per case ---------------------------------------------------

const sessions: E2e[] = [];
afterEach(async () => {
  for (const e of sessions.splice(0)) await e.close();
});

/**
 * A fresh app with the demo data; `prepare` writes the case's starting state, and the
 * page is reloaded afterwards so it shows that state rather than the seed's.
 */
async function session(prepare?: (app: App, inspectionId: string) => Promise<void>): Promise<E2e> {
  const e = await startE2e({ seed: true });
  sessions.push(e);
  if (prepare) {
    await prepare(e.app, (await agencyInspection(e.app)).id);
    await e.page.reload();
  }
  return e;
}

/** From the list of inspections to the agency's scoring page. */
async function openInspection(page: Page): Promise<void> {
  const row = page.getByRole('row').filter({ hasText: AGENCY });
  await row.getByRole('button', { name: /^评分/ }).click();
  await shows(page.getByTestId('scoring-page'));
}

describe('inspection lifecycle', () => {
  it('opens a completed inspection', async () => {
    const { page } = await session();
    const row = page.getByRole('row').filter({ hasText: AGENCY });
    await shows(row.getByText('已完成'));
    await row.getByRole('button', { name: /^评分/ }).click();
    await shows(page.getByTestId('scoring-page'));
    await shows(page.getByTestId('scoring-agency').getByText(AGENCY));
  });

  it('raises a 严重事故隐患 with its follow-up', async () => {
    const { page } = await session();
    await openInspection(page);
    await page.getByRole('tab', { name: '问题与整改' }).click();
    await page.getByRole('button', { name: '记录问题' }).click();
    const drawer = page.locator('.ant-drawer').filter({ hasText: '记录问题' });
    await drawer.getByLabel('问题描述').fill(FINDING);
    await drawer.getByLabel('问题性质').click();
    await page.getByTitle('严重事故隐患').click();
    await shows(drawer.getByText(/第一时间向所在地特种设备安全监管部门报告/));
    await drawer.getByLabel('对应检查项（可选）').fill('事故隐患');
    await page.getByTitle('第 32 项 事故隐患上报及时率').click();
    for (const [label, date] of [
      ['书面告知受检单位', '2026-11-27'],
      ['报告监管部门', '2026-11-27'],
      ['整改期限', '2026-12-31'],
    ]) {
      await drawer.getByLabel(label as string).fill(date as string);
      await drawer.getByLabel(label as string).press('Enter');
    }
    await drawer.getByRole('button', { name: '保存' }).click();
    await hides(drawer);
    const row = page.getByRole('row').filter({ hasText: '未向监管部门报告' });
    await shows(row.getByText('严重事故隐患'));
    await shows(row.getByText('2026-12-31'));
  });

  it('attaches a photo from a file and refuses a file that is not an image', async () => {
    const e = await session();
    const { page } = e;
    await openInspection(page);
    await page.getByRole('tab', { name: '照片证据' }).click();
    const jpeg = await page.evaluate(async () => {
      const c = document.createElement('canvas');
      c.width = 2400;
      c.height = 1600; // 3.84 MP: the app must scale it to ≤ 2 MP
      const ctx = c.getContext('2d') as CanvasRenderingContext2D;
      ctx.fillStyle = '#8ab';
      ctx.fillRect(0, 0, c.width, c.height);
      ctx.fillStyle = '#234';
      ctx.fillRect(300, 300, 900, 600);
      const blob = await new Promise<Blob>((r) => c.toBlob((b) => r(b as Blob), 'image/jpeg', 0.9));
      return Array.from(new Uint8Array(await blob.arrayBuffer()));
    });
    const input = page.getByLabel('选择照片文件');
    await input.setInputFiles({ name: 'notes.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.7 not a photo') });
    await shows(page.getByText(/只能添加照片/));
    await input.setInputFiles({ name: '现场.jpg', mimeType: 'image/jpeg', buffer: Buffer.from(jpeg) });
    await shows(page.getByText(/已添加照片（1732×1154）/));
    await shows(page.getByText(/1732×1154/).last());
    const stored = await e.app.dispatch('inspections/list', {});
    const id = stored.ok ? (stored.value as { id: string; agencyName: string }[]).find((i) => i.agencyName === AGENCY)?.id : undefined;
    const evidence = await e.app.dispatch('evidence/list', { inspectionId: id });
    expect(evidence.ok && evidence.value).toHaveLength(1);
  });

  it('signs on screen and locks the record; editing is then refused', async () => {
    const e = await session(raiseFinding);
    const { page } = e;
    await openInspection(page);
    await signAll(page);
    await lock(page);
    await shows(page.getByTestId('inspection-status').getByText('已签署'));
    await shows(page.getByText('第 1 版', { exact: true }).first());
    await e.screenshot('lifecycle-signed');

    await page.getByRole('tab', { name: '评分（附件3）' }).click();
    await shows(page.getByText('该检查任务已签署或提交，评分已冻结，只能查看。'));
    await page.getByRole('tab', { name: '问题与整改' }).click();
    await shows(page.getByText('记录已锁定；如需修改请先发起更改。'));
    expect(await page.getByRole('button', { name: '记录问题' }).isDisabled()).toBe(true);
  });

  it('amends with a reason, re-signs, and shows 已更改 with both revisions', async () => {
    const e = await session(async (app, id) => {
      await raiseFinding(app, id);
      await signAndLock(app, id);
    });
    const { page } = e;
    await openInspection(page);
    await page.getByRole('button', { name: '发起更改' }).click();
    const dialog = page.locator('.ant-modal').filter({ hasText: '发起更改' });
    expect(await dialog.getByRole('button', { name: '开始更改' }).isDisabled()).toBe(true);
    await dialog.getByLabel('更改理由').fill(AMEND_REASON);
    await dialog.getByRole('button', { name: '开始更改' }).click();
    await hides(dialog);
    await shows(page.getByText('更改中（原第 1 版）'));

    await signAll(page);
    await lock(page);
    await shows(page.getByText('已更改 · 第 2 版'));

    await page.getByRole('tab', { name: '版本与日志' }).click();
    await shows(page.getByTestId('revision-1'));
    await shows(page.getByTestId('revision-2').getByText('已更改'));
    await shows(page.getByTestId('revision-2').getByText(AMEND_REASON));
    await shows(page.getByText(/哈希链完整/));
    await shows(page.getByText('版本与设备签章有效'));
    await e.screenshot('lifecycle-history');
  });

  it('shows a signed record changed behind the app as changed, and refuses to hand it over', async () => {
    const e = await session(async (app, id) => {
      await signAndLock(app, id);
      // What someone editing the database file would do: the log's tail, sign entry included, cut off.
      const db = app.ctx.store.db.$client;
      db.exec('DROP TRIGGER audit_log_append_only_delete');
      const sign = db.prepare("SELECT seq FROM audit_log WHERE inspection_id = ? AND action = 'sign'").get(id) as { seq: number };
      db.prepare('DELETE FROM audit_log WHERE inspection_id = ? AND seq >= ?').run(id, sign.seq);
    });
    const { page } = e;
    await openInspection(page);
    await page.getByRole('tab', { name: '版本与日志' }).click();
    await shows(page.getByText('记录被改动', { exact: true }));
    await shows(page.getByTestId('record-problems').getByText(/日志被截断/));
    await shows(page.getByText(/哈希链无断点.*但与签署版本不符/));
    await page.getByRole('button', { name: '标记已提交' }).click();
    await shows(page.getByText(/被改动过.*不能提交/));
    await e.screenshot('lifecycle-tampered');
  });

  it('marks the record 已更改 in the list, and lists its open finding with the deadline', async () => {
    const e = await session(async (app, id) => {
      await raiseFinding(app, id);
      await signAndLock(app, id);
      await call(app, 'inspections/amend', { id, reason: AMEND_REASON });
      await signAndLock(app, id);
    });
    const { page } = e;
    // Back from the record, as after amending it: the list is fetched afresh.
    await openInspection(page);
    await page.getByRole('button', { name: '检查任务' }).first().click();
    const row = page.getByRole('row').filter({ hasText: AGENCY });
    await shows(row.getByText('已更改 · 第 2 版'));
    await page.getByText(/^未关闭问题/).click();
    const finding = page.getByRole('row').filter({ hasText: '未向监管部门报告' });
    await shows(finding.getByText('2026-12-31'));
    await shows(finding.getByText('已书面告知、已报告'));
    await e.screenshot('lifecycle-open-findings');
    await finding.click();
    await shows(page.getByRole('tab', { name: '问题与整改', selected: true }));
    expect(e.pageErrors).toEqual([]);
  });
});
