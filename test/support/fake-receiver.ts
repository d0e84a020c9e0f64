/**
 * A small in-process stand-in for the bureau's receiver, speaking sync protocol v1 with
 * real signatures (requests checked, answers and receipts signed), for the laptop's sender
 * tests. It can be switched to answer unsigned, sign with another key, or fail outright.
 */
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { sha256Hex } from '../../bundle/canonical';
import { verifyEnrollmentRequest } from '../../bundle/enrollment';
import { checkRequestSignature, readRequestSignature, signAnswer } from '../../bundle/http-signature';
import { generateDeviceKey, type DeviceKey } from '../../bundle/keys';
import { keyAlgOf } from '../../bundle/format';
import { signReceipt, type Receipt } from '../../bundle/receipt';
import { buildReceiverConnection } from '../../bundle/receiver-connection';
import { DEVICE_STATE_MESSAGES, type DeviceState, type SyncErrorCode } from '../../bundle/sync-api';

export interface FakeReceiver {
  url: string;
  key: DeviceKey;
  connectionText: string;
  devices: Map<string, { state: DeviceState; publicKey: string; alg: 'ed25519' | 'sm2-sm3' }>;
  bundles: Map<string, { sha256: string; bytes: number; keyId: string; receipt: Receipt | null }>;
  requests: string[];
  /** Called with each request line before it is answered; the answer waits for it. */
  beforeAnswer: ((request: string) => Promise<void>) | null;
  /** Bundle ids whose PUT answers 500 (the rest are accepted). */
  failing: Set<string>;
  /** 'signed' normally; 'unsigned', 'other-key' or 'bad-receipt' (for other bytes) to test what the laptop believes; 'error' answers 500. */
  mode: 'signed' | 'unsigned' | 'other-key' | 'error' | 'bad-receipt';
  approve(keyId: string): void;
  revoke(keyId: string): void;
  close(): Promise<void>;
}

export async function startFakeReceiver(options: { port?: number; tls?: { key: string; cert: string } } = {}): Promise<FakeReceiver> {
  const key = generateDeviceKey('ed25519');
  const impostor = generateDeviceKey('ed25519');
  let seq = 0;
  const receiptFor = (bundleId: string, b: { sha256: string; bytes: number; keyId: string }): Receipt =>
    signReceipt({ deviceKeyId: b.keyId, bundleId, sha256: b.sha256, bytes: b.bytes, receivedAt: new Date().toISOString(), seq: ++seq }, key);

  const self: FakeReceiver = {
    url: '',
    key,
    connectionText: '',
    devices: new Map(),
    bundles: new Map(),
    requests: [],
    failing: new Set(),
    beforeAnswer: null,
    mode: 'signed',
    approve(keyId) {
      const d = self.devices.get(keyId);
      if (d) d.state = 'approved';
      for (const [id, b] of self.bundles) if (b.keyId === keyId && !b.receipt) b.receipt = receiptFor(id, b);
    },
    revoke(keyId) {
      const d = self.devices.get(keyId);
      if (d) d.state = 'revoked';
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };

  function handle(method: string, target: string, body: Buffer, headers: http.IncomingHttpHeaders): { status: number; json: unknown } {
    const refuse = (status: number, code: SyncErrorCode, message: string) => ({ status, json: { error: { code, message } } });
    const read = readRequestSignature({ method, target, body, headers });
    if (!read.ok) return refuse(read.status, read.code, read.message);
    let device = self.devices.get(read.keyId);
    if (method === 'POST' && target === '/v1/enroll') {
      const request = verifyEnrollmentRequest(body);
      if (!request.ok || request.request.keyId !== read.keyId) return refuse(400, 'BAD_REQUEST', '登记申请无效。');
      if (!checkRequestSignature(read, { alg: keyAlgOf(request.request.alg), publicKey: request.request.publicKey }).ok) return refuse(401, 'BAD_SIGNATURE', '签名无效。');
      device ??= { state: 'pending', publicKey: request.request.publicKey, alg: request.request.alg };
      self.devices.set(read.keyId, device);
      return { status: 200, json: { device: { keyId: read.keyId, state: device.state, message: DEVICE_STATE_MESSAGES[device.state] } } };
    }
    if (!device) return refuse(401, 'UNKNOWN_DEVICE', '接收端不认识本设备，请重新登记。');
    if (!checkRequestSignature(read, { alg: keyAlgOf(device.alg), publicKey: device.publicKey }).ok) return refuse(401, 'BAD_SIGNATURE', '签名无效。');
    if (method === 'GET' && target === '/v1/device') return { status: 200, json: { device: { keyId: read.keyId, state: device.state, message: DEVICE_STATE_MESSAGES[device.state] } } };
    if (device.state === 'revoked') return refuse(403, 'REVOKED', DEVICE_STATE_MESSAGES.revoked);
    const put = /^\/v1\/bundles\/([0-9A-Za-z-]+)$/.exec(target);
    if (method === 'PUT' && put) {
      const id = put[1]!;
      if (self.failing.has(id)) return refuse(500, 'INTERNAL', '接收端暂时无法保存。');
      const sha256 = sha256Hex(body);
      const known = self.bundles.get(id);
      if (known && known.sha256 !== sha256) return refuse(409, 'BUNDLE_CONFLICT', '接收端已有同一编号、内容不同的数据包。');
      const b = known ?? { sha256, bytes: body.length, keyId: read.keyId, receipt: null };
      self.bundles.set(id, b);
      if (device.state !== 'approved') return { status: 202, json: { held: { bundleId: id, sha256, bytes: body.length, message: DEVICE_STATE_MESSAGES.pending } } };
      const isNew = !b.receipt;
      b.receipt ??= receiptFor(id, b);
      if (self.mode === 'bad-receipt') return { status: 201, json: { receipt: receiptFor(id, { ...b, sha256: '0'.repeat(64) }) } };
      return { status: isNew ? 201 : 200, json: { receipt: b.receipt } };
    }
    const receipt = /^\/v1\/receipts\/([0-9A-Za-z-]+)$/.exec(target);
    if (method === 'GET' && receipt) {
      const b = self.bundles.get(receipt[1]!);
      if (!b) return refuse(404, 'NOT_FOUND', '接收端没有该数据包。');
      if (!b.receipt) return { status: 202, json: { held: { bundleId: receipt[1], sha256: b.sha256, bytes: b.bytes, message: DEVICE_STATE_MESSAGES.pending } } };
      return { status: 200, json: { receipt: b.receipt } };
    }
    return refuse(404, 'NOT_FOUND', '没有这个地址。');
  }

  const onRequest = (req: http.IncomingMessage, res: http.ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const target = req.url ?? '/';
      self.requests.push(`${req.method} ${target}`);
      await self.beforeAnswer?.(`${req.method} ${target}`);
      if (res.destroyed) return;
      let { status, json } = handle(req.method ?? 'GET', target, Buffer.concat(chunks), req.headers);
      if (self.mode === 'error') ({ status, json } = { status: 500, json: { error: { code: 'INTERNAL', message: '接收端内部错误。' } } });
      const body = Buffer.from(JSON.stringify(json));
      const signer = self.mode === 'other-key' ? impostor : key;
      const headers = self.mode === 'unsigned' ? {} : signAnswer({ status, body, requestSignature: String(req.headers.signature ?? '') }, signer);
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(body);
    });
  };
  const server = options.tls ? https.createServer(options.tls, onRequest) : http.createServer(onRequest);
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  self.url = `${options.tls ? 'https' : 'http'}://127.0.0.1:${(server.address() as AddressInfo).port}`;
  self.connectionText = buildReceiverConnection({ name: '上海市市场监督管理局（测试接收端）', urls: [self.url], ...(options.tls ? { tlsCertificate: options.tls.cert } : {}) }, key);
  return self;
}
