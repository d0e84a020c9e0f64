/**
 * A receiver's data folder: its settings (receiver.json), its signing key (key/), its
 * store (receiver.sqlite), the bundle files (bundles/) and the connection file the bureau
 * hands to its inspectors. `init` makes one; everything else opens it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { createKeyFile, KeyFileError, loadKeyFile } from '../bundle/key-file';
import { fingerprintOf, generateDeviceKey, type DeviceKey, type KeyAlg } from '../bundle/keys';
import { buildReceiverConnection, RECEIVER_CONNECTION_SUFFIX } from '../bundle/receiver-connection';
import { parseSafeJson } from '../bundle/safe-json';
import { writeFileAtomicSync } from '../lib/atomic-write';
import { AppError } from '../lib/errors';

export const RECEIVER_CONFIG_FORMAT = 'ducha-receiver-config';

const configSchema = z.strictObject({
  format: z.literal(RECEIVER_CONFIG_FORMAT),
  version: z.literal(1),
  name: z.string().min(1).max(100),
  urls: z.array(z.string()).min(1).max(8),
  createdAt: z.iso.datetime(),
  /** Serve https with the certificate and key kept in tls/ (the certificate also travels in the connection file). */
  tls: z.boolean(),
});
export type ReceiverConfig = z.infer<typeof configSchema>;

export interface ReceiverPaths {
  dir: string;
  config: string;
  keyDir: string;
  database: string;
  connection: string;
  tlsCert: string;
  tlsKey: string;
}

export function receiverPaths(dir: string): ReceiverPaths {
  const root = path.resolve(dir);
  return {
    dir: root,
    config: path.join(root, 'receiver.json'),
    keyDir: path.join(root, 'key'),
    database: path.join(root, 'receiver.sqlite'),
    connection: path.join(root, `connection${RECEIVER_CONNECTION_SUFFIX}`),
    tlsCert: path.join(root, 'tls', 'cert.pem'),
    tlsKey: path.join(root, 'tls', 'key.pem'),
  };
}

export interface InitOptions {
  dir: string;
  name: string;
  urls: string[];
  alg?: KeyAlg;
  /** PEM files of a TLS certificate and its key, copied into the folder. */
  tls?: { certFile: string; keyFile: string };
}

export interface InitResult {
  paths: ReceiverPaths;
  config: ReceiverConfig;
  keyId: string;
  fingerprint: string;
}

function readPem(file: string, what: string): string {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    throw new AppError('VALIDATION', `无法读取${what}文件“${file}”。请检查路径。`);
  }
  if (!/-----BEGIN [A-Z ]+-----/.test(text) || text.length > 20_000) throw new AppError('VALIDATION', `“${file}”不是 PEM 格式的${what}。`);
  return text;
}

/**
 * Creates a receiver's folder: key, settings and connection file. Refuses a folder that is
 * a receiver already, so a second `init` never replaces the key the laptops have pinned.
 */
export function initReceiver(options: InitOptions): InitResult {
  const paths = receiverPaths(options.dir);
  if (fs.existsSync(paths.config) || loadKeyFileSafe(paths.keyDir)) {
    throw new AppError('CONFLICT', `“${paths.dir}”已经是一个接收端的数据目录。重新初始化会更换接收端密钥，所有已连接的电脑都要重新导入连接文件，因此不予执行。如确要新建，请换一个空目录。`);
  }
  const tls = options.tls ? { cert: readPem(options.tls.certFile, 'TLS 证书'), key: readPem(options.tls.keyFile, 'TLS 私钥') } : null;
  const createdAt = new Date().toISOString();
  const urls = options.urls.map((u) => u.replace(/\/+$/, ''));
  for (const u of urls) {
    if (tls && !u.startsWith('https://')) throw new AppError('VALIDATION', `已提供 TLS 证书，地址“${u}”应以 https:// 开头。`);
    if (!tls && u.startsWith('https://')) throw new AppError('VALIDATION', `地址“${u}”是 https://，请同时用 --tls-cert 和 --tls-key 提供证书与私钥。`);
  }
  const fresh = generateDeviceKey(options.alg ?? 'ed25519');
  const connectionOf = (key: DeviceKey) => buildReceiverConnection({ name: options.name, urls, createdAt, ...(tls ? { tlsCertificate: tls.cert } : {}) }, key);
  try {
    // Built before anything is written: a bad name or address leaves no half-made folder.
    connectionOf(fresh);
  } catch (error) {
    const issue = (error as { issues?: { path: (string | number)[]; message: string }[] }).issues?.[0];
    if (!issue) throw error;
    throw new AppError('VALIDATION', `接收端设置不正确（${issue.path.join('.') || '?'}：${/[\u4e00-\u9fff]/.test(issue.message) ? issue.message : '名称 1–100 字，地址为 http(s):// 网址'}）。`);
  }

  fs.mkdirSync(paths.dir, { recursive: true, mode: 0o700 });
  const { key } = createKeyFile(paths.keyDir, fresh);
  if (tls) {
    fs.mkdirSync(path.dirname(paths.tlsCert), { recursive: true, mode: 0o700 });
    writeFileAtomicSync(paths.tlsCert, tls.cert);
    writeFileAtomicSync(paths.tlsKey, tls.key);
    fs.chmodSync(paths.tlsKey, 0o600);
  }
  const config: ReceiverConfig = { format: RECEIVER_CONFIG_FORMAT, version: 1, name: options.name, urls, createdAt, tls: tls !== null };
  writeFileAtomicSync(paths.connection, connectionOf(key));
  // The settings file is written last: its presence is what marks the folder as made.
  writeFileAtomicSync(paths.config, `${JSON.stringify(config, null, 2)}\n`);
  return { paths, config, keyId: key.keyId, fingerprint: fingerprintOf(key.alg, key.publicKey) ?? '' };
}

function loadKeyFileSafe(dir: string): DeviceKey | null {
  try {
    return loadKeyFile(dir);
  } catch {
    return null;
  }
}

export interface OpenedReceiver {
  paths: ReceiverPaths;
  config: ReceiverConfig;
  key: DeviceKey;
  fingerprint: string;
  tls: { cert: string; key: string } | null;
}

/** Reads a receiver folder made by initReceiver; AppError in Chinese when it is not one. */
export function openReceiverFolder(dir: string): OpenedReceiver {
  const paths = receiverPaths(dir);
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(paths.config);
  } catch {
    throw new AppError('NOT_FOUND', `“${paths.dir}”不是接收端的数据目录（没有 receiver.json）。请先运行 ducha receiver init --dir ${dir} --name 名称 --url 地址。`);
  }
  const parsed = parseSafeJson(bytes, { maxBytes: 64 * 1024 });
  const checked = parsed.ok ? configSchema.safeParse(parsed.value) : null;
  if (!checked?.success) throw new AppError('INTEGRITY', `接收端设置文件“${paths.config}”已损坏。请从备份恢复该文件。`);
  let key: DeviceKey | null;
  try {
    key = loadKeyFile(paths.keyDir);
  } catch (error) {
    if (error instanceof KeyFileError) throw new AppError('INTEGRITY', error.message.replace('设备密钥', '接收端密钥'));
    throw error;
  }
  if (!key) throw new AppError('INTEGRITY', `接收端密钥文件（${paths.keyDir}）不见了。请从备份恢复 key/ 目录；没有备份只能重新 init 并向所有电脑重发连接文件。`);
  const tls = checked.data.tls ? { cert: fs.readFileSync(paths.tlsCert, 'utf8'), key: fs.readFileSync(paths.tlsKey, 'utf8') } : null;
  return { paths, config: checked.data, key, fingerprint: fingerprintOf(key.alg, key.publicKey) ?? '', tls };
}
