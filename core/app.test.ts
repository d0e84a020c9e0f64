import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { agencyInput } from '../test/support/roster-files';
import { tempDir } from '../test/support/temp-app';
import { defaultLockLabel, openApp, type App, type OpenAppOptions } from './app';
import { lockFile } from './data-dir';
import { deviceKey } from './domain/device-key';
import { thrownAppError as thrown } from '../test/support/app-error';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = path.join(ROOT, 'bin', 'ducha.mjs');

const dirs: string[] = [];
const apps: App[] = [];
const children: ChildProcess[] = [];
afterEach(() => {
  for (const a of apps.splice(0)) a.close();
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function freshDir(): string {
  const d = tempDir('ducha-app-');
  dirs.push(d);
  return d;
}

function open(dataDir: string, options: Partial<OpenAppOptions> = {}): App {
  const app = openApp({ dataDir, host: 'cli', logError: () => {}, ...options });
  apps.push(app);
  return app;
}

describe('openApp and the data folder lock', () => {
  it('refuses a second app on the same folder, naming the holder, and opens again once the first closed', () => {
    const dir = freshDir();
    const first = open(dir, { lockLabel: 'ducha serve' });
    expect(first.readOnly).toBe(false);
    const err = thrown(() => open(dir));
    expect(err.code).toBe('CONFLICT');
    expect(err.message).toContain(`进程号 ${process.pid}`);
    expect(err.message).toContain('ducha serve');
    first.close();
    expect(fs.existsSync(lockFile(dir))).toBe(false);
    expect(open(dir).readOnly).toBe(false);
  });

  it('opens a folder whose lock was left by a process that has ended', () => {
    const dir = freshDir();
    const st = fs.statSync(dir, { bigint: true });
    const dead = spawnSync(process.execPath, ['-e', '']).pid;
    fs.writeFileSync(
      lockFile(dir),
      JSON.stringify({ pid: dead, hostname: os.hostname(), startedAt: new Date().toISOString(), what: 'ducha serve', folder: `${st.dev}:${st.ino}`, nonce: 'x' }),
    );
    expect(open(dir).readOnly).toBe(false);
  });

  it('read-if-busy: reads beside the holder, and refuses every write with a message naming it', async () => {
    const dir = freshDir();
    const holder = open(dir, { lockLabel: '督查台桌面程序' });
    const saved = await holder.dispatch('agencies/save', agencyInput('上海读取检测有限公司'));
    expect(saved.ok).toBe(true);

    const reader = open(dir, { access: 'read-if-busy' });
    expect(reader.readOnly).toBe(true);
    const listed = await reader.dispatch('agencies/list', {});
    expect(listed.ok && (listed.value as { name: string }[]).map((a) => a.name)).toEqual(['上海读取检测有限公司']);

    const write = await reader.dispatch('agencies/save', agencyInput('上海写入检测有限公司'));
    expect(write.ok).toBe(false);
    if (!write.ok) {
      expect(write.error.code).toBe('CONFLICT');
      expect(write.error.message).toContain(`进程号 ${process.pid}`);
      expect(write.error.message).toContain('督查台桌面程序');
      expect(write.error.message).toMatch(/只能读取/);
    }
    // No device key of its own either: the holder would never know of it.
    expect(thrown(() => deviceKey(reader.ctx)).code).toBe('CONFLICT');
    expect(fs.existsSync(path.join(dir, 'keys'))).toBe(false);

    reader.close();
    expect(fs.existsSync(lockFile(dir))).toBe(true);
    holder.close();
    expect(open(dir, { access: 'read-if-busy' }).readOnly).toBe(false);
  });

  it('labels the lock by what holds it', () => {
    expect(defaultLockLabel('electron')).toBe('督查台桌面程序');
    expect(defaultLockLabel('cli', ['/usr/bin/node', '/opt/ducha/bin/ducha.mjs', 'serve', '--port', '0'])).toBe('ducha serve --port 0');
    expect(defaultLockLabel('cli', ['/usr/bin/node', '/x/vitest.mjs'])).toBe('督查台命令行（ducha）');
  });

  it('the ducha command reads while another process holds the folder, is refused a write naming it, and writes after it closed', async () => {
    const dir = freshDir();
    const script = `
      const { openApp } = await import(${JSON.stringify(pathToFileURL(path.join(ROOT, 'core', 'app.ts')).href)});
      const app = openApp({ dataDir: process.argv[1], host: 'browser' });
      process.stdout.write('open\\n');
      process.stdin.on('end', () => { app.close(); process.exit(0); });
      process.stdin.resume();
    `;
    const holder = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script, dir], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
    children.push(holder);
    let stderr = '';
    holder.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`holder did not open: ${stderr}`)), 45_000);
      holder.stdout?.on('data', (d: Buffer) => {
        if (d.toString().includes('open')) {
          clearTimeout(timer);
          resolve();
        }
      });
      holder.once('close', () => reject(new Error(`holder ended: ${stderr}`)));
    });

    // Reading beside the open app is allowed; writing is not.
    const read = spawnSync(process.execPath, [BIN, '--data-dir', dir, 'inspections', 'list', '--json'], { encoding: 'utf8', timeout: 60_000 });
    expect(read.stderr).toBe('');
    expect(read.status).toBe(0);
    expect(JSON.parse(read.stdout)).toEqual([]);
    const refused = spawnSync(process.execPath, [BIN, '--data-dir', dir, 'demo', 'seed'], { encoding: 'utf8', timeout: 60_000 });
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain(`进程号 ${holder.pid}`);
    expect(refused.stderr).toContain('督查台本机浏览器服务');

    holder.stdin?.end();
    await new Promise<void>((resolve) => (holder.exitCode !== null ? resolve() : holder.once('exit', () => resolve())));
    expect(holder.exitCode).toBe(0);
    const after = spawnSync(process.execPath, [BIN, '--data-dir', dir, 'demo', 'seed'], { encoding: 'utf8', timeout: 60_000 });
    expect(after.stderr).toBe('');
    expect(after.status).toBe(0);
  }, 120_000);
});
