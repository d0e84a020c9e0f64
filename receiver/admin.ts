/**
 * What the bureau's administrator does with a receiver folder: serve it, look at its
 * devices and counts, approve a device after checking its fingerprint (which stores the
 * bundles held for it), revoke one. The CLI (`ducha receiver …`) is a thin layer on these.
 */
import { AppError } from '../lib/errors';
import { DISTRICTS, isDistrict } from '../forms/districts';
import { sweepBundleFiles } from './bundle-files';
import { openReceiverFolder, type OpenedReceiver } from './config';
import { receiptMaker } from './intake';
import { startReceiverServer, type ReceiverServer } from './server';
import { openSqliteReceiverStore } from './store/sqlite';
import type { BundleRow, DeviceRow, ReceiverStatus, ReceiverStore } from './store/types';

export async function withReceiver<T>(dir: string, fn: (folder: OpenedReceiver, store: ReceiverStore) => Promise<T>): Promise<T> {
  const folder = openReceiverFolder(dir);
  const store = openSqliteReceiverStore(folder.paths.database);
  try {
    return await fn(folder, store);
  } finally {
    await store.close();
  }
}

/** Key ids are 16 hex digits; fingerprints are read out in groups, so spaces and case do not matter. */
function normalise(text: string): string {
  return text.replace(/[\s:-]/g, '').toUpperCase();
}

async function findDevice(store: ReceiverStore, keyOrFingerprint: string): Promise<DeviceRow> {
  const wanted = normalise(keyOrFingerprint);
  const devices = await store.listDevices();
  const found = devices.filter((d) => normalise(d.keyId) === wanted || normalise(d.fingerprint) === wanted);
  if (found.length === 1) return found[0]!;
  throw new AppError('NOT_FOUND', `接收端没有密钥编号或指纹为“${keyOrFingerprint}”的设备。请用 ducha receiver devices list 查看已登记的设备。`);
}

export interface ApproveResult {
  device: DeviceRow;
  stored: BundleRow[];
  alreadyApproved: boolean;
}

/**
 * What an approval grants: an inspector's laptop (the default), a 区局 desk for one unit of
 * forms/districts.ts, or the 市局 desk. Given again for an approved device, it changes the scope.
 */
export type ApproveRole = { role: 'inspector' } | { role: 'district'; district: string } | { role: 'city' };

export function approveRoleOf(role: string | undefined, district: string | undefined): ApproveRole {
  if (role === undefined || role === 'inspector') {
    if (district !== undefined) throw new AppError('VALIDATION', '--district 只能与 --role district 一起使用。');
    return { role: 'inspector' };
  }
  if (role === 'city') {
    if (district !== undefined) throw new AppError('VALIDATION', '市局审核端（--role city）覆盖全市，不需要 --district。');
    return { role: 'city' };
  }
  if (role === 'district') {
    if (!isDistrict(district)) throw new AppError('VALIDATION', `--role district 需要 --district 指定辖区，可选：${DISTRICTS.join('、')}。`);
    return { role: 'district', district };
  }
  throw new AppError('VALIDATION', `--role 只能是 inspector（检查人员）、district（区局审核端）或 city（市局审核端），收到「${role}」。`);
}

export async function approveDevice(dir: string, keyOrFingerprint: string, grant: ApproveRole = { role: 'inspector' }): Promise<ApproveResult> {
  return withReceiver(dir, async (folder, store) => {
    const device = await findDevice(store, keyOrFingerprint);
    if (device.state === 'revoked') {
      throw new AppError('CONFLICT', `设备 ${device.keyId}（${device.inspectorName}）已被停用，不能再批准。如确属本人新设备，请让其在督查台中重新生成设备密钥后再登记。`);
    }
    const role = { role: grant.role, district: grant.role === 'district' ? grant.district : null };
    if (device.state === 'approved' && device.role === role.role && device.district === role.district) return { device, stored: [], alreadyApproved: true };
    const done = await store.approveDevice(device.keyId, new Date().toISOString(), receiptMaker(folder.key), role);
    if (!done) throw new AppError('NOT_FOUND', `设备 ${device.keyId} 在批准时不见了。请重试。`);
    return { ...done, alreadyApproved: false };
  });
}

export async function revokeDevice(dir: string, keyOrFingerprint: string): Promise<DeviceRow> {
  return withReceiver(dir, async (_folder, store) => {
    const device = await findDevice(store, keyOrFingerprint);
    if (device.state === 'revoked') return device;
    const done = await store.revokeDevice(device.keyId, new Date().toISOString());
    if (!done) throw new AppError('NOT_FOUND', `设备 ${device.keyId} 在停用时不见了。请重试。`);
    return done;
  });
}

export async function listDevices(dir: string): Promise<DeviceRow[]> {
  return withReceiver(dir, async (_folder, store) => store.listDevices());
}

export interface ReceiverSummary extends ReceiverStatus {
  name: string;
  urls: string[];
  keyId: string;
  fingerprint: string;
  dir: string;
  connectionFile: string;
}

export async function receiverStatus(dir: string): Promise<ReceiverSummary> {
  return withReceiver(dir, async (folder, store) => ({
    name: folder.config.name,
    urls: folder.config.urls,
    keyId: folder.key.keyId,
    fingerprint: folder.fingerprint,
    dir: folder.paths.dir,
    connectionFile: folder.paths.connection,
    ...(await store.status()),
  }));
}

export interface ServeOptions {
  dir: string;
  host: string;
  /** Default: the port of the first address in the settings. */
  port?: number;
  maxBundleBytes: number;
  rateLimit?: number;
  log?: (line: string) => void;
}

export interface RunningReceiver {
  server: ReceiverServer;
  folder: OpenedReceiver;
  sweep: { partial: number; orphans: number };
  stop(): Promise<void>;
}

function defaultPort(url: string): number {
  const u = new URL(url);
  if (u.port) return Number(u.port);
  return u.protocol === 'https:' ? 443 : 80;
}

/** Opens the folder, removes what a crash left half-written, and listens. */
export async function serveReceiver(options: ServeOptions): Promise<RunningReceiver> {
  const folder = openReceiverFolder(options.dir);
  const store = openSqliteReceiverStore(folder.paths.database);
  const port = options.port ?? defaultPort(folder.config.urls[0]!);
  try {
    const sweep = sweepBundleFiles(folder.paths.dir, await store.bundleHashes());
    const server = await startReceiverServer({
      store,
      key: folder.key,
      dataDir: folder.paths.dir,
      host: options.host,
      port,
      maxBundleBytes: options.maxBundleBytes,
      tls: folder.tls,
      ...(options.rateLimit ? { rateLimit: options.rateLimit } : {}),
      ...(options.log ? { log: options.log } : {}),
    });
    return {
      server,
      folder,
      sweep,
      stop: async () => {
        await server.close();
        await store.close();
      },
    };
  } catch (error) {
    await store.close();
    const code = (error as { code?: string }).code;
    if (code === 'EADDRINUSE') throw new AppError('CONFLICT', `端口 ${port} 已被其他程序占用。请关闭它，或用 --port 换一个端口（连接文件中的地址也要随之更改）。`);
    if (code === 'EACCES') throw new AppError('FORBIDDEN', `没有权限监听端口 ${port}（1024 以下的端口需要管理员权限）。请用 --port 换一个 1024 以上的端口。`);
    throw error;
  }
}
