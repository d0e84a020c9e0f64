/**
 * One e2e session: a fresh data folder, the app opened in this process, the
 * browser host on a free port, and a fresh Chromium profile at 1366×768 — the
 * smallest screen inspectors use.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { openApp, type App } from '../../core/app';
import { startHost, type RunningHost } from '../../core/host/server';
import { rendererDir } from '../../core/paths';
import { seedDemo } from '../../core/demo/seed';
import type { InputOf, MethodName, OutputOf } from '../../core/contract';
import type { Caller } from '../support/signed-inspection';
import { tempDir } from '../support/temp-app';
import { launchChromium } from './chromium';

export interface E2e {
  page: Page;
  browser: Browser;
  app: App;
  host: RunningHost;
  dataDir: string;
  /** Errors the page threw or logged; tests assert this stays empty. */
  pageErrors: string[];
  screenshot(name: string): Promise<string>;
  close(): Promise<void>;
}

export const SCREENSHOT_DIR = path.join(process.cwd(), 'test-results');

/** The inspector profile a first start asks for; set up front unless a test wants the first-start dialog. */
export const E2E_PROFILE = { name: '王春艳', badgeNo: '31000120001', unit: '上海市市场监督管理局特种设备安全监察处' };

export async function startE2e(options: { seed?: boolean; today?: string; profile?: boolean } = {}): Promise<E2e> {
  const dataDir = tempDir('ducha-e2e-');
  const app = openApp({
    dataDir,
    host: 'browser',
    logError: (method, err) => console.error(`[e2e] ${method}`, err),
    ...(options.today ? { today: () => options.today as string } : {}),
  });
  if (options.profile !== false) await app.dispatch('profile/save', E2E_PROFILE);
  if (options.seed) await seedDemo(app);
  const host = await startHost({ dispatch: app.dispatch, staticDir: rendererDir() });
  const browser = await launchChromium();
  const page = await browser.newPage({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') pageErrors.push(m.text());
  });
  await page.goto(host.url);
  return {
    page,
    browser,
    app,
    host,
    dataDir,
    pageErrors,
    async screenshot(name) {
      fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
      const file = path.join(SCREENSHOT_DIR, `${name}.png`);
      await page.screenshot({ path: file, fullPage: false });
      return file;
    },
    async close() {
      await browser.close();
      await host.close();
      app.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The API of the page's app, as the test fixtures call it (failures thrown with their message). */
export function caller(e: E2e): Caller {
  return {
    async ok<M extends MethodName>(method: M, input: InputOf<M>): Promise<OutputOf<M>> {
      const r = await e.app.dispatch(method, input);
      if (!r.ok) throw new Error(`${method}: ${r.error.message}`);
      return r.value as OutputOf<M>;
    },
  } as Caller;
}
