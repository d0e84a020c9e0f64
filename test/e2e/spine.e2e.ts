/**
 * The platform spine as a new user meets it: seed demo data with the CLI, start
 * `ducha serve`, open the printed URL in Chromium, see the agencies, add one
 * through the form (a wrong credit code is refused in Chinese), find it again.
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { PROJECT_ROOT } from '../../core/paths';
import { makeCreditCode } from '../../forms/credit-code';
import { tempDir } from '../support/temp-app';
import { launchChromium } from './chromium';
import { SCREENSHOT_DIR } from './harness';
import { hides, shows } from './wait';

const BIN = path.join(PROJECT_ROOT, 'bin', 'ducha.mjs');

describe('spine: CLI + browser host + renderer', () => {
  let dataDir: string;
  let server: ChildProcess;
  let url: string;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    dataDir = tempDir('ducha-e2e-cli-');
    execFileSync(process.execPath, [BIN, '--data-dir', dataDir, 'demo', 'seed'], { encoding: 'utf8' });
    server = spawn(process.execPath, [BIN, '--data-dir', dataDir, 'serve', '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    url = await new Promise<string>((resolve, reject) => {
      let out = '';
      const timer = setTimeout(() => reject(new Error(`serve printed no URL: ${out}`)), 30_000);
      server.stdout?.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /(http:\/\/127\.0\.0\.1:\d+\/#token=[\w-]+)/.exec(out);
        if (m?.[1]) {
          clearTimeout(timer);
          resolve(m[1]);
        }
      });
      server.on('exit', (code) => reject(new Error(`serve exited with ${code}: ${out}`)));
    });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN' });
    page.on('pageerror', (e) => pageErrors.push(e.message));
  });

  afterAll(async () => {
    await browser?.close();
    server?.kill('SIGTERM');
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('serves the seeded agencies to Chromium', async () => {
    await page.goto(`${url.replace('/#', '/?p=agencies#')}`);
    await expect.poll(() => page.getByRole('row').count(), { timeout: 15_000 }).toBeGreaterThan(7);
    await shows(page.getByText('上海市闵行区特种设备监督检验所'));
    // Names outside the BMP arrive intact.
    await shows(page.getByText('上海申𠮷无损检测有限公司'));
    // Certificate warnings are visible.
    await shows(page.getByText(/已过期 12 天/));
    await shows(page.getByTestId('online-indicator'));
    fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'spine-agencies.png') });
  });

  it('refuses API calls without the token (401) and from foreign origins (403)', async () => {
    const origin = new URL(url).origin;
    const token = /#token=([\w-]+)/.exec(url)?.[1] ?? '';
    const noToken = await fetch(`${origin}/api/agencies/list`, { method: 'POST', body: '{}' });
    expect(noToken.status).toBe(401);
    const badToken = await fetch(`${origin}/api/agencies/list`, {
      method: 'POST',
      body: '{}',
      headers: { Authorization: 'Bearer wrongwrongwrongwrongwrong' },
    });
    expect(badToken.status).toBe(401);
    const foreign = await fetch(`${origin}/api/agencies/list`, {
      method: 'POST',
      body: '{}',
      headers: { Authorization: `Bearer ${token}`, Origin: 'http://evil.example' },
    });
    expect(foreign.status).toBe(403);
    const unknown = await fetch(`${origin}/api/nope/nothing`, {
      method: 'POST',
      body: '{}',
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(unknown.status).toBe(404);
    const good = await fetch(`${origin}/api/agencies/list`, {
      method: 'POST',
      body: '{}',
      headers: { Authorization: `Bearer ${token}`, Origin: origin },
    });
    expect(good.status).toBe(200);
    expect(((await good.json()) as { value: unknown[] }).value).toHaveLength(7);
  });

  it('adds an agency through the form, refusing a wrong credit code in Chinese', async () => {
    const code = makeCreditCode('91310104MA1FL0000');
    const wrong = code.slice(0, 17) + (code.endsWith('0') ? '1' : '0');
    await page.getByRole('button', { name: '新增机构' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('法人单位名称（必须与营业执照或法人证书一致）').fill('上海堃龑𠮷检测技术有限公司');
    await dialog.getByLabel('统一社会信用代码').fill(wrong);
    await dialog.getByLabel('所在区').click();
    await page.getByTitle('徐汇区').click();
    await dialog.getByLabel('机构类别').click();
    await page.getByTitle('检测机构').click();
    await dialog.getByLabel('单位地址').fill('上海市徐汇区宜山路 700 号');
    await dialog.getByLabel('法定代表人', { exact: true }).fill('王喆');
    await dialog.getByRole('button', { name: '保存' }).click();
    await shows(dialog.getByText(/校验码错误/).first());

    await dialog.getByLabel('统一社会信用代码').fill(code);
    await dialog.getByRole('button', { name: '保存' }).click();
    await hides(dialog);
    await page.getByLabel('搜索机构').fill('堃龑');
    await page.getByLabel('搜索机构').press('Enter');
    await shows(page.getByRole('cell', { name: '上海堃龑𠮷检测技术有限公司' }));
    await shows(page.getByRole('cell', { name: code }));
    expect(pageErrors).toEqual([]);
  });
});
