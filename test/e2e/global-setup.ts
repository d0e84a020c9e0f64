/**
 * Once per e2e run: make sure Chromium is there (fail loudly, naming the Debian
 * package, if not) and build the renderer the tests will load.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PROJECT_ROOT } from '../../core/paths';
import { assertChromium } from './chromium';

export default function setup(): () => void {
  assertChromium();
  // A private build folder per run, so two runs at once never serve each other's half-written files.
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ducha-renderer-'));
  execFileSync(
    process.execPath,
    [path.join(PROJECT_ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn', '--outDir', outDir, '--emptyOutDir'],
    // vitest sets NODE_ENV=test; the app under test must be the production build users get.
    { cwd: PROJECT_ROOT, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } },
  );
  process.env.DUCHA_RENDERER_DIR = outDir;
  return () => fs.rmSync(outDir, { recursive: true, force: true });
}
