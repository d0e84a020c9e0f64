/**
 * Issue 3 benchmarks (`npm run bench`):
 *  1. Host side, one score edit: dispatch('inspections/saveItem') → input validation →
 *     validated write in one transaction, median and p95 over 1 000 edits; beside the bare
 *     better-sqlite3 UPDATE of the same row on the same connection (same WAL +
 *     synchronous=FULL), i.e. the cost of the disk alone. Target p95 ≤ 5 ms.
 *  2. In Chromium, keystroke → updated total on screen, p95 over 200 edits, timed inside
 *     the page from the key event to the DOM change of the total; beside a bare DOM write
 *     on a key event in the same page (the browser's own floor). Target p95 ≤ 50 ms.
 *
 * Run alone with `npx tsx bench/scoring.ts`.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { openApp, type App } from '../core/app';
import type { OutputOf } from '../core/contract';
import { PROJECT_ROOT } from '../core/paths';
import { makeCreditCode } from '../forms/credit-code';
import { startE2e } from '../test/e2e/harness';
import { tempDir } from '../test/support/temp-app';
import { summarize, timeRuns, type BenchRow, type BenchTable } from './table';

const HOST_EDITS = 1000;
const BROWSER_EDITS = 200;
const WARMUP = 50;

async function ok<T>(app: App, method: string, input: unknown): Promise<T> {
  const r = await app.dispatch(method, input);
  if (!r.ok) throw new Error(`${method}: ${r.error.message}`);
  return r.value as T;
}

async function newInspection(app: App): Promise<string> {
  const agency = await ok<{ id: string }>(app, 'agencies/save', {
    name: '上海基准测试检验有限公司',
    creditCode: makeCreditCode('91310115MA1K4B2C7'),
    address: '上海市浦东新区张杨路 1 号',
    legalRep: '王强',
    district: '浦东新区',
    kind: '检验机构',
  });
  const inspection = await ok<{ id: string }>(app, 'inspections/create', {
    agencyId: agency.id,
    type: '专项监督检查',
    inspectedOn: '2024-09-02',
  });
  return inspection.id;
}

async function benchHostSide(): Promise<BenchRow> {
  const dataDir = tempDir('ducha-bench-scoring-');
  const app = openApp({ dataDir, host: 'cli' });
  try {
    const inspectionId = await newInspection(app);
    // Two scores in turn, so every edit really changes the row (and the totals).
    const edit = (i: number) => ok(app, 'inspections/saveItem', { inspectionId, no: 1, score: i % 2 === 0 ? 3 : 4 });
    await timeRuns(WARMUP, edit);
    const samples = await timeRuns(HOST_EDITS, edit);

    const update = app.ctx.store.sqlite.prepare(
      'UPDATE inspection_items SET score = ?, updated_at = ? WHERE inspection_id = ? AND item_no = ?',
    );
    const bare = (i: number) => update.run(i % 2 === 0 ? 3 : 4, new Date().toISOString(), inspectionId, 1);
    await timeRuns(WARMUP, bare);
    const baseline = await timeRuns(HOST_EDITS, bare);
    return {
      name: `一次评分保存：dispatch inspections/saveItem → 校验 → 写入（${HOST_EDITS} 次）`,
      ...summarize(samples),
      unit: 'ms',
      baseline: { name: 'better-sqlite3 直接 UPDATE 同一行', ...summarize(baseline) },
      target: 'p95 ≤ 5 ms',
    };
  } finally {
    app.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/** A production build of the renderer in a private folder (as the e2e global setup does). */
function buildRenderer(): string {
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ducha-bench-renderer-'));
  execFileSync(
    process.execPath,
    [path.join(PROJECT_ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn', '--outDir', outDir, '--emptyOutDir'],
    // NODE_ENV=production explicitly: under a test runner it is 'test', which would bundle React's dev build.
    { cwd: PROJECT_ROOT, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } },
  );
  return outDir;
}

declare global {
  interface Window {
    __benchKeyAt?: number;
    __benchWait?: Promise<number>;
  }
}

/** Arms a watch on `selector`'s text; the next keypress's time is taken in the capture phase. */
async function arm(page: Page, selector: string): Promise<void> {
  await page.evaluate((sel) => {
    const el = document.querySelector(sel);
    if (!el) throw new Error(`no ${sel}`);
    const before = el.textContent;
    window.__benchWait = new Promise<number>((resolve) => {
      const mo = new MutationObserver(() => {
        if (el.textContent !== before) {
          mo.disconnect();
          resolve(performance.now() - (window.__benchKeyAt ?? performance.now()));
        }
      });
      mo.observe(el, { characterData: true, childList: true, subtree: true });
    });
  }, selector);
}

async function measure(page: Page, selector: string, press: () => Promise<void>): Promise<number> {
  await arm(page, selector);
  await press();
  return page.evaluate(() => window.__benchWait ?? Promise.resolve(NaN));
}

async function benchKeystroke(): Promise<BenchRow> {
  const rendererOut = buildRenderer();
  const previous = process.env.DUCHA_RENDERER_DIR;
  process.env.DUCHA_RENDERER_DIR = rendererOut;
  const e2e = await startE2e({ seed: true });
  try {
    const list = await ok<OutputOf<'inspections/list'>>(e2e.app, 'inspections/list', {});
    const target = list.find((i) => i.kind === 'agency' && i.scoredCount === 0);
    if (!target) throw new Error('no unscored demo inspection');
    const url = new URL(e2e.host.url);
    await e2e.page.goto(`${url.origin}/?p=inspection&id=${target.id}&item=1${url.hash}`);
    await e2e.page.getByTestId('scoring-page').waitFor();
    const { page } = e2e;

    // Time from the key event (its own timestamp, taken before any handler runs) to the DOM change.
    await page.evaluate(() => {
      window.addEventListener('keydown', (ev) => (window.__benchKeyAt = ev.timeStamp), { capture: true });
      // Baseline: the least a page can do on a key — write a text node.
      const probe = document.createElement('div');
      probe.id = 'bench-probe';
      probe.style.cssText = 'position:fixed;left:-100px;top:0';
      probe.textContent = '0';
      document.body.append(probe);
      window.addEventListener('keydown', (ev) => {
        if (ev.key === 'F9') probe.textContent = String(Number(probe.textContent) + 1);
      });
    });

    // Item 1 (max 4) alternates between "m" (4) and "2 Enter" (2): each confirming key changes the total.
    const edit = async (i: number) =>
      measure(page, '[data-testid="total-total"]', async () => {
        if (i % 2 === 0) {
          await page.keyboard.press('2');
          await page.keyboard.press('Enter');
        } else {
          await page.keyboard.press('m');
        }
      });
    for (let i = 0; i < 20; i++) await edit(i);
    const samples: number[] = [];
    for (let i = 0; i < BROWSER_EDITS; i++) samples.push(await edit(i));

    const baseline: number[] = [];
    for (let i = 0; i < BROWSER_EDITS; i++) baseline.push(await measure(page, '#bench-probe', () => page.keyboard.press('F9')));
    if (e2e.pageErrors.length > 0) throw new Error(`page errors: ${e2e.pageErrors.join('; ')}`);
    return {
      name: `按键 → 页面总分更新（Chromium，${BROWSER_EDITS} 次）`,
      ...summarize(samples),
      unit: 'ms',
      baseline: { name: '同页按键 → 直接改写一个文字节点', ...summarize(baseline) },
      target: 'p95 ≤ 50 ms',
    };
  } finally {
    await e2e.close();
    if (previous === undefined) delete process.env.DUCHA_RENDERER_DIR;
    else process.env.DUCHA_RENDERER_DIR = previous;
    fs.rmSync(rendererOut, { recursive: true, force: true });
  }
}

export async function benchScoring(): Promise<BenchTable> {
  const host = await benchHostSide();
  const browser = await benchKeystroke();
  return { title: '附件3 评分', rows: [host, browser] };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const table = await benchScoring();
  console.log(table.title);
  for (const r of table.rows) {
    const b = r.baseline ? `  | ${r.baseline.name}: median ${r.baseline.median.toFixed(3)} p95 ${r.baseline.p95.toFixed(3)}` : '';
    console.log(`${r.name}: median ${r.median.toFixed(3)} ${r.unit}, p95 ${r.p95.toFixed(3)} ${r.unit} (${r.target ?? ''})${b}`);
  }
}
