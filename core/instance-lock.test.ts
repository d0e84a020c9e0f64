import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { tempDir } from '../test/support/temp-app';
import { lockFile } from './data-dir';
import { acquireInstanceLock, tryAcquireInstanceLock, type InstanceLock, type LockHolder } from './instance-lock';
import { thrownAppError as thrown } from '../test/support/app-error';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const LOCK_MODULE = pathToFileURL(path.join(ROOT, 'core', 'instance-lock.ts')).href;

const dirs: string[] = [];
const locks: InstanceLock[] = [];
const children: ChildProcess[] = [];
function freshDir(): string {
  const d = tempDir('ducha-lock-');
  dirs.push(d);
  return d;
}
afterEach(() => {
  vi.restoreAllMocks();
  for (const l of locks.splice(0)) l.release();
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function take(dataDir: string, what = 'test'): InstanceLock {
  const lock = acquireInstanceLock(dataDir, what);
  locks.push(lock);
  return lock;
}

function folderOf(dataDir: string): string {
  const st = fs.statSync(dataDir, { bigint: true });
  return `${st.dev}:${st.ino}`;
}

/** A pid that certainly ran on this computer and has ended. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', '']);
  if (!r.pid) throw new Error('no pid');
  return r.pid;
}

function writeLock(dataDir: string, holder: Partial<LockHolder>): void {
  const full: LockHolder = {
    pid: deadPid(),
    hostname: os.hostname(),
    startedAt: new Date().toISOString(),
    what: 'ducha serve',
    folder: folderOf(dataDir),
    nonce: 'left-behind',
    ...holder,
  };
  fs.writeFileSync(lockFile(dataDir), JSON.stringify(full));
}

/**
 * A child process that waits for `go` to exist (so several start their attempt together),
 * tries the lock, prints the outcome as one JSON line and, when it won, holds the lock
 * until its stdin closes.
 */
const CHILD = `
const { existsSync } = await import('node:fs');
const { tryAcquireInstanceLock } = await import(${JSON.stringify(LOCK_MODULE)});
const [dataDir, go] = process.argv.slice(1);
process.stdout.write('ready\\n');
for (let i = 0; i < 3000 && !existsSync(go); i++) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5);
const r = tryAcquireInstanceLock(dataDir, 'child ' + process.pid);
process.stdout.write(JSON.stringify(r.ok ? { ok: true, pid: process.pid } : { ok: false, holder: r.holder }) + '\\n');
if (r.ok) {
  process.stdin.on('end', () => { r.lock.release(); process.exit(0); });
  process.stdin.resume();
} else process.exit(0);
`;

function startChild(dataDir: string, go: string): { child: ChildProcess; lines: string[]; line: (n: number) => Promise<string> } {
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', CHILD, dataDir, go], {
    cwd: ROOT,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  children.push(child);
  const lines: string[] = [];
  let buffered = '';
  let stderr = '';
  const waiters: (() => void)[] = [];
  child.stdout?.on('data', (d: Buffer) => {
    buffered += d.toString();
    let i: number;
    while ((i = buffered.indexOf('\n')) >= 0) {
      lines.push(buffered.slice(0, i));
      buffered = buffered.slice(i + 1);
    }
    for (const w of waiters.splice(0)) w();
  });
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  // 'close' comes after the last output, where 'exit' may come before it.
  let closed = false;
  child.once('close', () => {
    closed = true;
    for (const w of waiters.splice(0)) w();
  });
  const line = (n: number) =>
    new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`child printed no line ${n}: ${lines.join('|')} ${stderr}`)), 30_000);
      const check = () => {
        if (lines.length > n) {
          clearTimeout(timer);
          resolve(lines[n] as string);
        } else if (closed) {
          clearTimeout(timer);
          reject(new Error(`child ended (${child.exitCode}) before line ${n}: ${stderr}`));
        } else waiters.push(check);
      };
      check();
    });
  return { child, lines, line };
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

describe('instance lock', () => {
  it('writes who holds the folder, refuses a second taker naming the pid, and lets go on release', () => {
    const dir = freshDir();
    const lock = take(dir, 'ducha serve');
    const stored = JSON.parse(fs.readFileSync(lockFile(dir), 'utf8')) as LockHolder;
    expect(stored).toMatchObject({ pid: process.pid, hostname: os.hostname(), what: 'ducha serve' });
    expect(Number.isNaN(Date.parse(stored.startedAt))).toBe(false);

    const second = tryAcquireInstanceLock(dir, 'another');
    expect(second.ok).toBe(false);
    const err = thrown(() => acquireInstanceLock(dir, 'another'));
    expect(err.code).toBe('CONFLICT');
    expect(err.message).toContain(`进程号 ${process.pid}`);
    expect(err.message).toContain('ducha serve');
    expect(err.message).toContain(dir);
    expect(err.message).toMatch(/请切换到已打开的督查台/);

    lock.release();
    lock.release();
    expect(fs.existsSync(lockFile(dir))).toBe(false);
    take(dir, 'the next one');
  });

  it('takes over a lock whose process has ended', () => {
    const dir = freshDir();
    writeLock(dir, {});
    const lock = take(dir);
    expect((JSON.parse(fs.readFileSync(lockFile(dir), 'utf8')) as LockHolder).pid).toBe(process.pid);
    expect(lock.holder.pid).toBe(process.pid);
    expect(fs.readdirSync(dir).filter((f) => f !== 'ducha.lock')).toEqual([]);
  });

  it('takes over a lock taken before the computer last started, even when its pid runs again', () => {
    const dir = freshDir();
    writeLock(dir, { pid: process.ppid, startedAt: new Date(Date.now() - os.uptime() * 1000 - 3_600_000).toISOString() });
    expect(take(dir).holder.pid).toBe(process.pid);
  });

  it('takes over a lock copied in with the folder, and one naming this process that it does not hold', () => {
    const original = freshDir();
    take(original);
    const copy = freshDir();
    fs.cpSync(original, copy, { recursive: true });
    expect(take(copy).holder.pid).toBe(process.pid);

    const other = freshDir();
    writeLock(other, { pid: process.pid, nonce: 'not-one-of-ours' });
    expect(take(other).holder.pid).toBe(process.pid);
  });

  it('takes over a stale lock whose earlier taker died holding its claim', () => {
    const dir = freshDir();
    writeLock(dir, {});
    const digest = crypto.createHash('sha256').update(fs.readFileSync(lockFile(dir))).digest('hex').slice(0, 16);
    const claim = `${lockFile(dir)}.takeover-${digest}`;
    fs.writeFileSync(claim, JSON.stringify({ pid: deadPid(), hostname: os.hostname() }));
    const old = new Date(Date.now() - 60_000);
    fs.utimesSync(claim, old, old);
    expect(take(dir).holder.pid).toBe(process.pid);
    expect(fs.readdirSync(dir)).toEqual(['ducha.lock']);
  });

  it('counts a lock from another computer as held and says which one', () => {
    const dir = freshDir();
    writeLock(dir, { hostname: 'laptop-of-someone-else', pid: 4242 });
    const err = thrown(() => acquireInstanceLock(dir, 'test'));
    expect(err.code).toBe('CONFLICT');
    expect(err.message).toContain('另一台电脑“laptop-of-someone-else”');
    expect(err.message).toContain('进程号 4242');
  });

  it('takes over an unreadable lock once it is old, and waits out a fresh one (still being written)', () => {
    const dir = freshDir();
    fs.writeFileSync(lockFile(dir), '');
    expect(thrown(() => acquireInstanceLock(dir, 'test')).code).toBe('CONFLICT');
    const old = new Date(Date.now() - 60_000);
    fs.utimesSync(lockFile(dir), old, old);
    expect(take(dir).holder.pid).toBe(process.pid);
  });

  it('works where the file system has no hard links', () => {
    vi.spyOn(fs, 'linkSync').mockImplementation(() => {
      throw Object.assign(new Error('operation not permitted'), { code: 'EPERM' });
    });
    const dir = freshDir();
    take(dir, 'first');
    expect(tryAcquireInstanceLock(dir, 'second').ok).toBe(false);
  });

  it('a second process is refused while the first holds the folder, and starts after it let go', async () => {
    const dir = freshDir();
    const go = path.join(freshDir(), 'go');
    fs.writeFileSync(go, '');
    const first = startChild(dir, go);
    const won = JSON.parse(await first.line(1)) as { ok: boolean; pid: number };
    expect(won).toEqual({ ok: true, pid: first.child.pid });

    const second = tryAcquireInstanceLock(dir, 'second');
    expect(second.ok).toBe(false);
    if (!second.ok) expect(second.holder.pid).toBe(first.child.pid);
    expect(thrown(() => acquireInstanceLock(dir, 'second')).message).toContain(`进程号 ${first.child.pid}`);

    first.child.stdin?.end();
    await exited(first.child);
    expect(first.child.exitCode).toBe(0);
    take(dir, 'after');
  }, 60_000);

  it('lets go when the process exits without closing', () => {
    const dir = freshDir();
    const script = `const { acquireInstanceLock } = await import(${JSON.stringify(LOCK_MODULE)}); acquireInstanceLock(process.argv[1], 'x'); process.exit(3);`;
    const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script, dir], { cwd: ROOT, encoding: 'utf8', timeout: 30_000 });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(3);
    expect(fs.readdirSync(dir)).toEqual([]);
  }, 60_000);

  it('the next start takes over from a process killed while it held the folder', async () => {
    const dir = freshDir();
    const go = path.join(freshDir(), 'go');
    fs.writeFileSync(go, '');
    const holder = startChild(dir, go);
    expect((JSON.parse(await holder.line(1)) as { ok: boolean }).ok).toBe(true);
    holder.child.kill('SIGKILL');
    await exited(holder.child);
    expect(fs.existsSync(lockFile(dir))).toBe(true);
    expect(take(dir).holder.pid).toBe(process.pid);
  }, 60_000);

  it('of several processes taking over one stale lock at once, exactly one wins', async () => {
    const dir = freshDir();
    writeLock(dir, {});
    const go = path.join(freshDir(), 'go');
    const racers = Array.from({ length: 4 }, () => startChild(dir, go));
    await Promise.all(racers.map((r) => r.line(0)));
    fs.writeFileSync(go, '');
    const outcomes = (await Promise.all(racers.map((r) => r.line(1)))).map(
      (l) => JSON.parse(l) as { ok: boolean; pid?: number; holder?: LockHolder },
    );
    const winners = outcomes.filter((o) => o.ok);
    expect(winners).toHaveLength(1);
    const winner = winners[0]?.pid;
    for (const o of outcomes.filter((x) => !x.ok)) expect(o.holder?.pid).toBe(winner);
    expect((JSON.parse(fs.readFileSync(lockFile(dir), 'utf8')) as LockHolder).pid).toBe(winner);
    for (const r of racers) r.child.stdin?.end();
    await Promise.all(racers.map((r) => exited(r.child)));
    expect(fs.existsSync(lockFile(dir))).toBe(false);
  }, 90_000);
});
