/**
 * The receiver as a bureau runs it — its own process, made and administered through
 * `ducha receiver …` — against a laptop's real signed bundles: every answer of protocol
 * v1, each refusal with its code, and what lands on the receiver's disk.
 */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../bundle/canonical';
import { buildEnrollmentRequest } from '../../bundle/enrollment';
import { signRequest, verifyAnswer } from '../../bundle/http-signature';
import { generateDeviceKey, type DeviceKey } from '../../bundle/keys';
import { verifyReceipt } from '../../bundle/receipt';
import { readReceiverConnection } from '../../bundle/receiver-connection';
import { SYNC_PATHS } from '../../bundle/sync-api';
import { deviceKey } from '../../core/domain/device-key';
import { callReceiver, type ReceiverAnswer } from '../../core/sync/client';
import type { ReceiverPin } from '../../core/sync/connection';
import { runPass } from '../../core/sync/pass';
import { getBody, listRevisionRows } from '../../db/repositories/sync';
import { makeSignedInspection } from '../support/signed-inspection';
import { runCli, startReceiver, type ReceiverProcess } from '../support/receiver-process';
import { openTempApp, type TempApp } from '../support/temp-app';

let receiver: ReceiverProcess;
let laptop: TempApp;
let pin: ReceiverPin;
let inspectionId: string;
let body: Buffer;
let bundleId: string;

beforeAll(async () => {
  receiver = await startReceiver({ maxBundleMb: 1 });
  const connection = readReceiverConnection(receiver.connectionText);
  if (!connection.ok) throw new Error(connection.reason);
  pin = { ...connection.connection, tlsCertificate: null };
  laptop = openTempApp({ today: '2026-11-27' });
  ({ inspectionId } = await makeSignedInspection(laptop, { photo: false }));
  const [row] = listRevisionRows(laptop.ctx.store.db, inspectionId, 1);
  body = getBody(laptop.ctx.store.db, row!.seq)!;
  bundleId = row!.bundleId!;
}, 60_000);
afterAll(async () => {
  laptop?.dispose();
  await receiver?.stop();
});

const laptopKey = () => deviceKey(laptop.ctx);
const ask = (key: DeviceKey, method: 'GET' | 'PUT' | 'POST', p: string, b?: Buffer): Promise<ReceiverAnswer> =>
  callReceiver(pin, key, { method, path: p, ...(b ? { body: b, contentType: 'application/json' } : {}) });
const codeOf = (a: ReceiverAnswer) => (a.json as { error?: { code: string } }).error?.code;

async function enroll(key: DeviceKey, name = '王春艳'): Promise<ReceiverAnswer> {
  const request = buildEnrollmentRequest({ inspector: { name, badgeNo: '31000120001', unit: '上海市市场监督管理局' }, appVersion: '0.1.0' }, key);
  return ask(key, 'POST', SYNC_PATHS.enroll, Buffer.from(request));
}

/** A raw request, to send what the laptop never would. */
function raw(method: string, target: string, headers: Record<string, string>, b: Buffer = Buffer.alloc(0)): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${receiver.url}${target}`, { method, headers: { ...headers, 'content-length': String(b.length) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end(b);
  });
}

describe('the receiver process', () => {
  it('enrolls the laptop as pending, holds its bundle (202), and stores it with a receipt once approved', async () => {
    const connected = await laptop.ok('sync/preview', { text: receiver.connectionText });
    await laptop.ok('sync/connect', { text: receiver.connectionText, fingerprint: connected.fingerprint });
    const first = await runPass(laptop.ctx, { force: true });
    expect(first.outcomes.map((o) => o.outcome)).toEqual(['held']);
    const listed = await receiver.cli(['receiver', 'devices', 'list', '--json']);
    expect(listed.code, listed.stderr).toBe(0);
    expect(JSON.parse(listed.stdout)).toEqual([expect.objectContaining({ keyId: laptopKey().keyId, state: 'pending', inspectorName: '王春艳' })]);
    const held = JSON.parse((await receiver.cli(['receiver', 'status', '--json'])).stdout) as { held: number; stored: number };
    expect(held).toMatchObject({ held: 1, stored: 0 });

    // Approved by fingerprint, as read out on the phone (spaces and case do not matter).
    const approved = await receiver.cli(['receiver', 'devices', 'approve', laptopKey().fingerprint.toLowerCase()]);
    expect(approved.code, approved.stderr).toBe(0);
    expect(approved.stdout).toMatch(/暂存的 1 个数据包已入库（序号 1–1）/);

    const second = await runPass(laptop.ctx, { force: true });
    expect(second.outcomes.map((o) => o.outcome)).toEqual(['delivered']);
    const [row] = listRevisionRows(laptop.ctx.store.db, inspectionId, 1);
    expect(row?.state).toBe('delivered');
    const receipt = verifyReceipt(JSON.parse(row!.receipt!), pin, { bundleId, sha256: sha256Hex(body), bytes: body.length, deviceKeyId: laptopKey().keyId });
    expect(receipt.ok && receipt.receipt.seq).toBe(1);
    // The receiver holds exactly the bytes the laptop signed, under their hash.
    const sha = sha256Hex(body);
    expect(fs.readFileSync(path.join(receiver.dataDir, 'bundles', sha.slice(0, 2), `${sha}.ducha.json`)).equals(body)).toBe(true);
    expect(receiver.output()).toMatch(/已暂存，待批准设备：数据包/);
    const status = JSON.parse((await receiver.cli(['receiver', 'status', '--json'])).stdout) as Record<string, unknown>;
    expect(status).toMatchObject({ stored: 1, held: 0, lastSeq: 1, storedBytes: body.length, devices: { approved: 1, pending: 0, revoked: 0 } });
  });

  it('answers the same bytes again with the same receipt (200), and other bytes under that id with 409', async () => {
    const again = await ask(laptopKey(), 'PUT', SYNC_PATHS.bundle(bundleId), body);
    expect(again.status).toBe(200);
    const [row] = listRevisionRows(laptop.ctx.store.db, inspectionId, 1);
    expect((again.json as { receipt: unknown }).receipt).toEqual(JSON.parse(row!.receipt!));
    const other = Buffer.from(body.toString('utf8').replace('"inspections"', ' "inspections"'));
    const conflict = await ask(laptopKey(), 'PUT', SYNC_PATHS.bundle(bundleId), other);
    expect([conflict.status, codeOf(conflict)]).toEqual([409, 'BUNDLE_CONFLICT']);
    const receiptAnswer = await ask(laptopKey(), 'GET', SYNC_PATHS.receipt(bundleId));
    expect(receiptAnswer.status).toBe(200);
  });

  it('refuses a bundle that fails verification (400) and keeps nothing of it', async () => {
    const text = body.toString('utf8');
    const forged = Buffer.from(text.replace(/"overallScore":\s*[0-9.]+/, '"overallScore":100').replace(bundleId, '0190a000-0000-7000-8000-000000000001'));
    const before = JSON.parse((await receiver.cli(['receiver', 'status', '--json'])).stdout) as { stored: number };
    const refused = await ask(laptopKey(), 'PUT', SYNC_PATHS.bundle('0190a000-0000-7000-8000-000000000001'), forged);
    expect([refused.status, codeOf(refused)]).toEqual([400, 'BUNDLE_INVALID']);
    expect((refused.json as { error: { message: string } }).error.message).toMatch(/数据包未通过校验/);
    const notUtf8 = await ask(laptopKey(), 'PUT', SYNC_PATHS.bundle('0190a000-0000-7000-8000-000000000002'), Buffer.from([0x7b, 0xff, 0xfe, 0x7d]));
    expect([notUtf8.status, codeOf(notUtf8)]).toEqual([400, 'BUNDLE_INVALID']);
    // A real bundle under another id in the path.
    const moved = await ask(laptopKey(), 'PUT', SYNC_PATHS.bundle('0190a000-0000-7000-8000-000000000003'), body);
    expect([moved.status, codeOf(moved)]).toEqual([400, 'BAD_REQUEST']);
    const bad = await ask(laptopKey(), 'PUT', '/v1/bundles/..%2F..%2Fetc', body);
    expect([bad.status, codeOf(bad)]).toEqual([400, 'BAD_REQUEST']);
    const after = JSON.parse((await receiver.cli(['receiver', 'status', '--json'])).stdout) as { stored: number };
    expect(after.stored).toBe(before.stored);
    const files = fs.readdirSync(path.join(receiver.dataDir, 'bundles'), { recursive: true }).filter((f) => String(f).endsWith('.ducha.json'));
    expect(files).toHaveLength(1);
  });

  it('refuses unsigned, replayed, altered and unknown-key requests (401/400), and still signs each answer', async () => {
    const unsigned = await raw('GET', SYNC_PATHS.device, {});
    expect(unsigned.status).toBe(401);
    expect(JSON.parse(unsigned.body.toString()).error.code).toBe('UNSIGNED');
    expect(verifyAnswer({ status: unsigned.status, headers: unsigned.headers, body: unsigned.body, requestSignature: '' }, pin).ok).toBe(true);

    const headers = signRequest({ method: 'GET', target: SYNC_PATHS.device, body: Buffer.alloc(0) }, laptopKey());
    expect((await raw('GET', SYNC_PATHS.device, headers)).status).toBe(200);
    const replay = await raw('GET', SYNC_PATHS.device, headers);
    expect([replay.status, JSON.parse(replay.body.toString()).error.code]).toEqual([401, 'REPLAYED']);

    const putHeaders = signRequest({ method: 'PUT', target: SYNC_PATHS.bundle(bundleId), body }, laptopKey());
    const altered = await raw('PUT', SYNC_PATHS.bundle(bundleId), putHeaders, Buffer.concat([body, Buffer.from(' ')]));
    expect([altered.status, JSON.parse(altered.body.toString()).error.code]).toEqual([400, 'DIGEST_MISMATCH']);
    const stale = signRequest({ method: 'GET', target: SYNC_PATHS.device, body: Buffer.alloc(0) }, laptopKey(), { created: Math.floor(Date.now() / 1000) - 3600 });
    expect(JSON.parse((await raw('GET', SYNC_PATHS.device, stale)).body.toString()).error.code).toBe('CLOCK_SKEW');
    // Signed by another key claiming the laptop's key id.
    const impostor = generateDeviceKey('ed25519');
    const forged = signRequest({ method: 'GET', target: SYNC_PATHS.device, body: Buffer.alloc(0) }, { ...impostor, keyId: laptopKey().keyId, alg: impostor.alg, publicKey: impostor.publicKey, sign: (b) => impostor.sign(b) });
    expect(JSON.parse((await raw('GET', SYNC_PATHS.device, forged)).body.toString()).error.code).toBe('BAD_SIGNATURE');

    const stranger = generateDeviceKey('ed25519');
    const unknown = await ask(stranger, 'GET', SYNC_PATHS.device);
    expect([unknown.status, codeOf(unknown)]).toEqual([401, 'UNKNOWN_DEVICE']);
    const nowhere = await ask(laptopKey(), 'GET', '/v1/nothing');
    expect([nowhere.status, codeOf(nowhere)]).toEqual([404, 'NOT_FOUND']);
  });

  it("keeps one device away from another's bundles (403/404), and refuses a revoked device (403)", async () => {
    const other = generateDeviceKey('ed25519');
    expect((await enroll(other, '林涛')).json).toMatchObject({ device: { keyId: other.keyId, state: 'pending' } });
    expect((await receiver.cli(['receiver', 'devices', 'approve', other.keyId])).code).toBe(0);
    const overwrite = await ask(other, 'PUT', SYNC_PATHS.bundle(bundleId), body);
    expect([overwrite.status, codeOf(overwrite)]).toEqual([403, 'NOT_YOUR_BUNDLE']);
    const peek = await ask(other, 'GET', SYNC_PATHS.receipt(bundleId));
    expect([peek.status, codeOf(peek)]).toEqual([404, 'NOT_FOUND']);

    expect((await receiver.cli(['receiver', 'devices', 'revoke', other.keyId])).code).toBe(0);
    const revoked = await ask(other, 'PUT', SYNC_PATHS.bundle('0190a000-0000-7000-8000-000000000009'), body);
    expect([revoked.status, codeOf(revoked)]).toEqual([403, 'REVOKED']);
    expect(((await ask(other, 'GET', SYNC_PATHS.device)).json as { device: { state: string } }).device.state).toBe('revoked');
    // Re-enrolling the same key does not undo the revocation.
    expect((await enroll(other, '林涛')).json).toMatchObject({ device: { state: 'revoked' } });
    const approveAgain = await receiver.cli(['receiver', 'devices', 'approve', other.keyId]);
    expect(approveAgain.code).toBe(1);
    expect(approveAgain.stderr).toMatch(/已被停用，不能再批准/);
  });

  it('refuses a body over the limit with 413 before storing anything', async () => {
    const big = Buffer.alloc(1024 * 1024 + 10, 0x20);
    const tooLarge = await ask(laptopKey(), 'PUT', SYNC_PATHS.bundle('0190a000-0000-7000-8000-00000000000a'), big);
    expect([tooLarge.status, codeOf(tooLarge)]).toEqual([413, 'TOO_LARGE']);
  });

  it('refuses to initialise a folder twice, and explains what is missing', async () => {
    const twice = await receiver.cli(['receiver', 'init', '--name', 'x', '--url', 'http://127.0.0.1:1']);
    expect(twice.code).toBe(1);
    expect(twice.stderr).toMatch(/已经是一个接收端的数据目录/);
    const noUrl = await receiver.cli(['receiver', 'init', '--name', 'x']);
    expect(noUrl.code).toBe(2);
    expect(noUrl.stderr).toMatch(/请用 --url/);
    // The global --data-dir names the folder too, and --out writes the connection file elsewhere as well.
    const other = path.join(receiver.dataDir, 'second');
    const out = path.join(receiver.dataDir, 'second.ducha-receiver.json');
    const made = await runCli(['receiver', 'init', '--data-dir', other, '--name', '第二接收端', '--url', 'http://127.0.0.1:1', '--out', out]);
    expect(made.code, made.stderr).toBe(0);
    expect(readReceiverConnection(fs.readFileSync(out)).ok).toBe(true);
    expect(fs.readFileSync(out, 'utf8')).toBe(fs.readFileSync(path.join(other, 'connection.ducha-receiver.json'), 'utf8'));
    const unknownDevice = await receiver.cli(['receiver', 'devices', 'approve', 'ffffffffffffffff']);
    expect(unknownDevice.code).toBe(2);
    expect(unknownDevice.stderr).toMatch(/没有密钥编号或指纹为/);
  });
});
