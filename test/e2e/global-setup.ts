/**
 * Once per e2e run: make sure Chromium is there (fail loudly, naming the Debian
 * package, if not) and build the renderer the tests will load.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { PROJECT_ROOT } from '../../core/paths';
import { assertChromium } from './chromium';

export default function setup(): void {
  assertChromium();
  execFileSync(process.execPath, [path.join(PROJECT_ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn'], {
    cwd: PROJECT_ROOT,
    stdio: 'inherit',
  });
}
