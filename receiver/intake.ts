/**
 * What the receiver answers to each request of sync protocol v1, apart from HTTP: the
 * server hands it the method, the target as sent, the headers and the body's bytes, and
 * sends back (signed) what it returns. Every request must be signed by an enrolled
 * device's key and carry a nonce not seen before; a bundle is acknowledged (201/200) only
 * once its file is flushed and its row committed, and only with a signed receipt.
 */
import fs from 'node:fs';
import { sha256Hex } from '../bundle/canonical';
import { verifyEnrollmentRequest } from '../bundle/enrollment';
import { keyAlgOf, type BundleSigner } from '../bundle/format';
import { checkRequestSignature, MAX_CLOCK_SKEW_SECONDS, readRequestSignature, type HeaderBag, type ReadSignature } from '../bundle/http-signature';
import { signReceipt } from '../bundle/receipt';
import { BUNDLE_ID_PATTERN, DEVICE_STATE_MESSAGES, SYNC_PATHS, type SyncErrorCode } from '../bundle/sync-api';
import { checkBundleUpload } from '../core/exchange/verify-upload';
import { writeBundleFile } from './bundle-files';
import type { BundleRow, DeviceRow, NewBundle, ReceiptMaker, ReceiverStore } from './store/types';

export interface IntakeRequest {
  method: string;
  /** Path and query exactly as sent (what the signature covers). */
  target: string;
  headers: HeaderBag;
  body: Buffer;
}

export interface IntakeAnswer {
  status: number;
  json: unknown;
}

export interface IntakeDeps {
  store: ReceiverStore;
  /** The receiver's key: signs receipts. */
  key: BundleSigner;
  dataDir: string;
  maxBundleBytes: number;
  /** One line per event worth a log: enrollments, stored bundles, refusals. Never key material. */
  log?: (line: string) => void;
  now?: () => Date;
}

export function receiptMaker(key: BundleSigner): ReceiptMaker {
  return (b: NewBundle, seq: number) =>
    JSON.stringify(signReceipt({ deviceKeyId: b.deviceKeyId, bundleId: b.bundleId, sha256: b.sha256, bytes: b.bytes, receivedAt: b.receivedAt, seq }, key));
}

function refuse(status: number, code: SyncErrorCode, message: string): IntakeAnswer {
  return { status, json: { error: { code, message } } };
}

function deviceAnswer(d: DeviceRow): IntakeAnswer {
  return { status: 200, json: { device: { keyId: d.keyId, state: d.state, message: DEVICE_STATE_MESSAGES[d.state] } } };
}

/** 200/201 with the receipt of a stored bundle, 202 for one held for its device's approval. */
function bundleAnswer(row: BundleRow, isNew: boolean): IntakeAnswer {
  if (row.state === 'stored' && row.receipt) return { status: isNew ? 201 : 200, json: { receipt: JSON.parse(row.receipt) as unknown } };
  return { status: 202, json: { held: { bundleId: row.bundleId, sha256: row.sha256, bytes: row.bytes, message: DEVICE_STATE_MESSAGES.pending } } };
}

const REPLAYED = refuse(401, 'REPLAYED', '该请求已被处理过（重放）。请重试；如反复出现，请检查网络中是否有代理重发请求。');

const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true });

export function createIntake(deps: IntakeDeps): (request: IntakeRequest) => Promise<IntakeAnswer> {
  const { store, key } = deps;
  const now = deps.now ?? (() => new Date());
  const log = deps.log ?? (() => undefined);
  const makeReceipt = receiptMaker(key);

  async function freshNonce(read: ReadSignature): Promise<boolean> {
    const seconds = Math.floor(now().getTime() / 1000);
    // Twice the skew window: a request older than that is refused for its clock anyway.
    return store.useNonce(read.keyId, read.nonce, read.created, seconds - 2 * MAX_CLOCK_SKEW_SECONDS);
  }

  async function enroll(read: ReadSignature, body: Buffer): Promise<IntakeAnswer> {
    const checked = verifyEnrollmentRequest(body);
    if (!checked.ok) return refuse(400, 'BAD_REQUEST', checked.reason);
    const request = checked.request;
    if (request.keyId !== read.keyId) return refuse(400, 'BAD_REQUEST', '登记申请中的设备密钥与请求签名所用的密钥不一致。请升级督查台后重试。');
    const signed = checkRequestSignature(read, { alg: keyAlgOf(request.alg), publicKey: request.publicKey });
    if (!signed.ok) return refuse(signed.status, signed.code, signed.message);
    if (!(await freshNonce(read))) return REPLAYED;
    const known = await store.getDevice(request.keyId);
    if (known) return deviceAnswer(known);
    const device = await store.enrollDevice({
      keyId: request.keyId,
      alg: request.alg,
      publicKey: request.publicKey,
      fingerprint: request.fingerprint,
      inspectorName: request.inspector.name,
      badgeNo: request.inspector.badgeNo,
      unit: request.inspector.unit,
      appVersion: request.appVersion,
      enrollment: body.toString('utf8'),
      enrolledAt: now().toISOString(),
    });
    log(`新设备登记：${device.inspectorName}（执法证号 ${device.badgeNo}，${device.unit}），密钥 ${device.keyId}，指纹 ${device.fingerprint}。核对指纹后运行 ducha receiver devices approve ${device.keyId} 批准。`);
    return deviceAnswer(device);
  }

  async function putBundle(device: DeviceRow, bundleId: string, body: Buffer): Promise<IntakeAnswer> {
    if (body.length > deps.maxBundleBytes) return refuse(413, 'TOO_LARGE', `数据包超过接收端允许的 ${Math.round(deps.maxBundleBytes / 1024 / 1024)} MB。请改用 U 盘导出，或请市局调大接收端的上限。`);
    const sha256 = sha256Hex(body);
    const compare = (row: BundleRow): IntakeAnswer => {
      if (row.deviceKeyId !== device.keyId) return refuse(403, 'NOT_YOUR_BUNDLE', '接收端已有另一台设备送来的同一编号数据包，本设备不能覆盖或查询它。');
      if (row.sha256 !== sha256) return refuse(409, 'BUNDLE_CONFLICT', `接收端已保存编号 ${bundleId} 的数据包，但内容与本次发送的不同。已保存的不会被覆盖；请联系市局核对。`);
      return bundleAnswer(row, false);
    };
    const existing = await store.getBundle(bundleId);
    if (existing) return compare(existing);

    let text: string;
    try {
      text = STRICT_UTF8.decode(body);
    } catch {
      return refuse(400, 'BUNDLE_INVALID', '数据包不是有效的 UTF-8 文本，已拒收。请重新同步；如反复出现，请改用 U 盘导出并联系市局。');
    }
    const check = checkBundleUpload(text, { maxBytes: deps.maxBundleBytes });
    if (!check.ok) return refuse(400, 'BUNDLE_INVALID', `数据包未通过校验，已拒收：${check.reason}`);
    if (check.header.bundleId !== bundleId) return refuse(400, 'BAD_REQUEST', '数据包内的编号与上传地址中的编号不一致，已拒收。');
    if (check.header.keyId !== device.keyId) return refuse(403, 'NOT_YOUR_BUNDLE', '数据包不是由发送它的设备密钥签署的。每台设备只能上传自己签署的数据包。');

    const file = await writeBundleFile(deps.dataDir, sha256, body);
    const added = await store.addBundle(
      {
        bundleId,
        deviceKeyId: device.keyId,
        sha256,
        bytes: body.length,
        receivedAt: now().toISOString(),
        inspections: check.inspections,
        evidence: check.evidence,
        partOf: check.partOf?.bundleId ?? null,
      },
      makeReceipt,
    );
    if (added.kind === 'exists') {
      // Another request with this id committed first. A file under another hash is ours alone.
      if (added.row.sha256 !== sha256) fs.rmSync(file, { force: true });
      return compare(added.row);
    }
    const row = added.row;
    const what = `数据包 ${bundleId}（${check.inspections} 份检查，${check.evidence} 件证据，${Math.ceil(body.length / 1024)} KB），来自 ${device.inspectorName}（${device.keyId}）`;
    log(row.state === 'stored' ? `已入库 #${row.seq}：${what}` : `已暂存，待批准设备：${what}`);
    return bundleAnswer(row, true);
  }

  async function getReceipt(device: DeviceRow, bundleId: string): Promise<IntakeAnswer> {
    const row = await store.getBundle(bundleId);
    // Another device's bundle is answered as absent: ids are not a way to learn what others sent.
    if (!row || row.deviceKeyId !== device.keyId) return refuse(404, 'NOT_FOUND', '接收端没有本设备送来的该数据包，将重新发送。');
    return bundleAnswer(row, false);
  }

  return async function intake(request: IntakeRequest): Promise<IntakeAnswer> {
    const method = request.method.toUpperCase();
    const at = request.target.indexOf('?');
    const path = at < 0 ? request.target : request.target.slice(0, at);
    const bundleMatch = /^\/v1\/bundles\/([^/]+)$/.exec(path);
    const receiptMatch = /^\/v1\/receipts\/([^/]+)$/.exec(path);
    const route =
      method === 'POST' && path === SYNC_PATHS.enroll
        ? 'enroll'
        : method === 'GET' && path === SYNC_PATHS.device
          ? 'device'
          : method === 'PUT' && bundleMatch
            ? 'bundle'
            : method === 'GET' && receiptMatch
              ? 'receipt'
              : null;
    if (!route) return refuse(404, 'NOT_FOUND', '接收端没有这个地址。请核对连接文件中的地址，并升级督查台。');

    const read = readRequestSignature({ method, target: request.target, headers: request.headers, body: request.body }, Math.floor(now().getTime() / 1000));
    if (!read.ok) return refuse(read.status, read.code, read.message);
    if (route === 'enroll') return enroll(read, request.body);

    const device = await store.getDevice(read.keyId);
    if (!device) return refuse(401, 'UNKNOWN_DEVICE', '接收端不认识本设备，将自动重新登记。');
    const signed = checkRequestSignature(read, { alg: keyAlgOf(device.alg), publicKey: device.publicKey });
    if (!signed.ok) return refuse(signed.status, signed.code, signed.message);
    if (!(await freshNonce(read))) return REPLAYED;
    if (route === 'device') return deviceAnswer(device);
    if (device.state === 'revoked') return refuse(403, 'REVOKED', DEVICE_STATE_MESSAGES.revoked);

    const id = (bundleMatch ?? receiptMatch)![1]!;
    if (!BUNDLE_ID_PATTERN.test(id)) return refuse(400, 'BAD_REQUEST', '数据包编号格式不正确。请升级督查台后重试。');
    return route === 'bundle' ? putBundle(device, id, request.body) : getReceipt(device, id);
  };
}
