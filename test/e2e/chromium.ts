import fs from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/** Debian's Chromium; never a downloaded browser. */
export const CHROMIUM_PATH = process.env.DUCHA_CHROMIUM ?? '/usr/bin/chromium';

/** Flags that work on these machines: no network chatter, no GPU. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function assertChromium(): void {
  if (!fs.existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `端到端测试需要 Chromium，但找不到 ${CHROMIUM_PATH}。请安装 Debian 软件包：sudo apt-get install chromium fonts-noto-cjk（或用 DUCHA_CHROMIUM 指定路径）。`,
    );
  }
}

/**
 * playwright's launch() always starts Chromium with a fresh temporary
 * --user-data-dir of its own (and refuses one passed in args), which is the
 * fresh profile per test.
 */
export async function launchChromium(): Promise<Browser> {
  assertChromium();
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
}
