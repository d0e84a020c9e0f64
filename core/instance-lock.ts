/**
 * One program per data folder. Two programs writing one folder race each other: both
 * make a device key, both migrate, both sign. So whoever opens the folder first writes
 * the lock file `ducha.lock` into it, and every later program finds it and is told who
 * holds the folder (process, what it is, since when) and what to do.
 *
 * The lock file is created exclusively: its content is written to a temporary file that
 * is then hard-linked to the lock's name — link() fails when the name exists, and the
 * file appears with its whole content, so nobody reads a half-written lock. (Where the
 * file system has no hard links, `open(…, 'wx')` does the same with a short window in
 * which the file is still empty; readers wait that out.)
 *
 * A lock whose program is gone is stale: its process no longer runs on this computer
 * (process.kill(pid, 0) answers ESRCH), it was taken before the computer last started,
 * or it was copied here with the folder (it names another folder). A program killed
 * without a chance to clean up leaves exactly that, and the next start takes it over.
 * Taking over must not let two programs win: removing the stale file and creating a new
 * one are two steps, and a second taker that saw the same stale file could remove the
 * first taker's fresh lock. So a taker first claims that stale file by exclusively
 * creating a claim file named after its content, checks the lock still holds that same
 * content, and only then removes it; afterwards everyone competes by exclusive creation
 * again. Only a taker holding the claim for a content ever removes a file with that
 * content, and a live program's lock is never judged stale, so a fresh lock cannot be
 * removed by mistake. A taker holds its claim for one read and one removal; a claim
 * still there seconds later was left by a taker that died, and is removed.
 *
 * A lock from another computer (a data folder on a shared drive) cannot be checked from
 * here and counts as held.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AppError } from '../lib/errors';
import { lockFile } from './data-dir';

/** What the lock file says. */
export interface LockHolder {
  pid: number;
  hostname: string;
  /** ISO time the program took the lock. */
  startedAt: string;
  /** What the program is, for the person reading the message ("ducha serve", "督查台桌面程序"). */
  what: string;
  /** The data folder's identity (device and inode) when the lock was taken: a copy of the folder has another. */
  folder: string;
  /** Tells two locks of the same process apart. */
  nonce: string;
}

export interface InstanceLock {
  readonly file: string;
  readonly holder: LockHolder;
  /** Removes the lock file if it is still this lock's; safe to call more than once. */
  release(): void;
}

export type LockAttempt = { ok: true; lock: InstanceLock } | { ok: false; holder: LockHolder };

/**
 * The locks this process holds now, by nonce, with their release: a lock naming this pid
 * but not listed here is a leftover. A program that ends without closing (process.exit
 * after an error) still lets go of them all, from one exit listener; one killed outright
 * leaves its file behind, and the next start finds it stale.
 */
const heldHere = new Map<string, () => void>();
let exitListener = false;

function holdUntilExit(nonce: string, release: () => void): void {
  heldHere.set(nonce, release);
  if (exitListener) return;
  exitListener = true;
  process.on('exit', () => {
    for (const held of [...heldHere.values()]) held();
  });
}

// Taking over is a few file operations; the bound only stops a pathological loop.
const MAX_ATTEMPTS = 50;
const PAUSE_MS = 20;
/** An unreadable lock younger than this is still being written (the no-hard-link path). */
const BEING_WRITTEN_MS = 5_000;
/** A claim older than this was abandoned mid-takeover (its taker died). */
const ABANDONED_CLAIM_MS = 10_000;
/** Slack for the boot time computed from the uptime. */
const BOOT_SLACK_MS = 60_000;

function pause(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function codeOf(error: unknown): string | undefined {
  return (error as { code?: string } | null)?.code;
}

/** Device and inode of the folder; '' where the file system reports none. */
function folderIdentity(dataDir: string): string {
  const st = fs.statSync(dataDir, { bigint: true });
  return st.ino === 0n ? '' : `${st.dev}:${st.ino}`;
}

function readRaw(file: string): Buffer | null {
  try {
    return fs.readFileSync(file);
  } catch (error) {
    if (codeOf(error) === 'ENOENT') return null;
    throw error;
  }
}

function parseHolder(raw: Buffer): LockHolder | null {
  try {
    const v = JSON.parse(raw.toString('utf8')) as Partial<LockHolder> | null;
    if (
      v &&
      Number.isInteger(v.pid) &&
      typeof v.hostname === 'string' &&
      typeof v.startedAt === 'string' &&
      typeof v.what === 'string' &&
      typeof v.folder === 'string' &&
      typeof v.nonce === 'string'
    ) {
      return v as LockHolder;
    }
  } catch {
    // Not JSON: half written, or not a lock of ours at all.
  }
  return null;
}

function processRuns(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, under another user.
    return codeOf(error) !== 'ESRCH';
  }
}

/** Whether the program the lock names may still have the folder open. */
function holderIsLive(holder: LockHolder, folder: string): boolean {
  if (holder.hostname !== os.hostname()) return true;
  if (holder.folder !== '' && folder !== '' && holder.folder !== folder) return false;
  if (holder.pid === process.pid) return heldHere.has(holder.nonce);
  const bootedAt = Date.now() - os.uptime() * 1000;
  if (Date.parse(holder.startedAt) < bootedAt - BOOT_SLACK_MS) return false;
  return processRuns(holder.pid);
}

function ageMs(file: string): number {
  try {
    return Date.now() - fs.statSync(file).mtimeMs;
  } catch {
    return 0;
  }
}

function createWithOpen(file: string, content: Buffer): boolean {
  let fd: number;
  try {
    fd = fs.openSync(file, 'wx', 0o644);
  } catch (error) {
    if (codeOf(error) === 'EEXIST') return false;
    throw error;
  }
  try {
    fs.writeSync(fd, content);
  } finally {
    fs.closeSync(fd);
  }
  return true;
}

/** Creates `file` with `content` unless it exists; false when it does. */
function createExclusive(file: string, content: Buffer): boolean {
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${crypto.randomBytes(6).toString('hex')}.partial`);
  fs.writeFileSync(temp, content, { flag: 'wx', mode: 0o644 });
  try {
    fs.linkSync(temp, file);
    return true;
  } catch (error) {
    const code = codeOf(error);
    if (code === 'EEXIST') return false;
    // FAT and exFAT volumes, some network shares: no hard links.
    if (code === 'EPERM' || code === 'ENOTSUP' || code === 'EOPNOTSUPP' || code === 'ENOSYS') {
      return createWithOpen(file, content);
    }
    throw error;
  } finally {
    fs.rmSync(temp, { force: true });
  }
}

function claimFileFor(file: string, stale: Buffer): string {
  return `${file}.takeover-${crypto.createHash('sha256').update(stale).digest('hex').slice(0, 16)}`;
}

/** Removes the lock file if it still holds `stale`; see the top of this file for why a claim comes first. */
function removeStale(file: string, stale: Buffer): void {
  const claim = claimFileFor(file, stale);
  const mine = Buffer.from(JSON.stringify({ pid: process.pid, hostname: os.hostname() }));
  if (!createExclusive(claim, mine)) {
    // Another program is taking this same lock over right now — a claim lives for one
    // read and one removal — or died doing so, which an old claim tells.
    if (ageMs(claim) > ABANDONED_CLAIM_MS) fs.rmSync(claim, { force: true });
    else pause(PAUSE_MS);
    return;
  }
  try {
    const now = readRaw(file);
    if (now !== null && now.equals(stale)) fs.rmSync(file, { force: true });
  } finally {
    fs.rmSync(claim, { force: true });
  }
}

function lockError(dataDir: string, error: unknown): AppError {
  const code = codeOf(error);
  return new AppError(
    'INTEGRITY',
    `无法在数据目录 ${dataDir} 中创建锁文件${code ? `（${code}）` : ''}：请检查该目录是否存在且可写（U盘是否被设为只读），或换一个数据目录。`,
  );
}

/**
 * Takes the data folder for this program, or says who holds it. Throws an AppError only
 * when the folder cannot be written, or when takers kept racing past every attempt.
 */
export function tryAcquireInstanceLock(dataDir: string, what: string): LockAttempt {
  const file = lockFile(dataDir);
  let folder: string;
  try {
    fs.mkdirSync(dataDir, { recursive: true });
    folder = folderIdentity(dataDir);
  } catch (error) {
    throw lockError(dataDir, error);
  }
  const holder: LockHolder = {
    pid: process.pid,
    hostname: os.hostname(),
    startedAt: new Date().toISOString(),
    what,
    folder,
    nonce: crypto.randomBytes(8).toString('hex'),
  };
  const content = Buffer.from(`${JSON.stringify(holder, null, 2)}\n`);
  try {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      if (createExclusive(file, content)) return { ok: true, lock: heldLock(file, holder, content) };
      const seen = readRaw(file);
      if (seen === null) continue; // released meanwhile: try again
      const other = parseHolder(seen);
      if (other && holderIsLive(other, folder)) return { ok: false, holder: other };
      if (!other && ageMs(file) < BEING_WRITTEN_MS) {
        pause(PAUSE_MS);
        continue;
      }
      removeStale(file, seen);
    }
  } catch (error) {
    throw lockError(dataDir, error);
  }
  throw new AppError('CONFLICT', `多个督查台程序正同时打开数据目录 ${dataDir}。请稍候片刻后重试。`);
}

/** Takes the data folder for this program; another live holder is an AppError CONFLICT naming it. */
export function acquireInstanceLock(dataDir: string, what: string): InstanceLock {
  const attempt = tryAcquireInstanceLock(dataDir, what);
  if (!attempt.ok) throw new AppError('CONFLICT', lockedMessage(dataDir, attempt.holder));
  return attempt.lock;
}

function heldLock(file: string, holder: LockHolder, content: Buffer): InstanceLock {
  let released = false;
  const release = (): void => {
    if (released) return;
    released = true;
    heldHere.delete(holder.nonce);
    try {
      // Only this program removes a file with its content (nobody judges a live lock
      // stale), so between this read and the removal it cannot become another's.
      const now = readRaw(file);
      if (now !== null && now.equals(content)) fs.rmSync(file, { force: true });
    } catch {
      // The folder went away (a USB stick pulled out): nothing left to release.
    }
  };
  holdUntilExit(holder.nonce, release);
  return { file, holder, release };
}

/** "2026-05-01 09:30:12", Shanghai time, as the inspector reads a clock. */
function shanghaiTime(iso: string): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return iso;
  return new Intl.DateTimeFormat('sv-SE', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hour12: false,
  }).format(at);
}

/** "ducha serve（进程号 1234，2026-05-01 09:30:12 启动）": the holder, for messages. */
export function describeHolder(holder: LockHolder): string {
  return `${holder.what}（进程号 ${holder.pid}，${shanghaiTime(holder.startedAt)} 启动）`;
}

/** Why this program cannot open the folder, and what to do. */
export function lockedMessage(dataDir: string, holder: LockHolder): string {
  const file = lockFile(dataDir);
  if (holder.hostname !== os.hostname()) {
    return (
      `数据目录 ${dataDir} 已被另一台电脑“${holder.hostname}”上的督查台打开：${describeHolder(holder)}。` +
      `同一数据目录同时只能由一个督查台程序打开。请先在那台电脑上关闭督查台；` +
      `如果这个数据目录是从那台电脑复制来的、那边已不再使用，请删除文件 ${file} 后重试。`
    );
  }
  return (
    `数据目录 ${dataDir} 已被另一个督查台程序打开：${describeHolder(holder)}。` +
    `同一数据目录同时只能由一个督查台程序打开，以免两边同时写入造成数据冲突。` +
    `请切换到已打开的督查台继续工作，或先关闭它（命令行命令请等它运行结束）后再试。` +
    `若确认进程 ${holder.pid} 不是督查台，请删除文件 ${file} 后重试。`
  );
}

/** Why a write is refused by a program that opened the folder only to read beside its holder. */
export function readOnlyMessage(dataDir: string, holder: LockHolder): string {
  return (
    `数据目录 ${dataDir} 正被${describeHolder(holder)}打开，本命令只能读取数据，不能修改，未写入任何内容。` +
    `请在已打开的督查台中进行此操作，或先关闭它后再运行本命令。`
  );
}
