/**
 * The receiver's bureau desks, as the administrator sets them up (`ducha receiver devices
 * approve KEY --role district --district 区名 | --role city`): each desk reads the feed and the
 * bundles of its own scope only (agencies registered in its district, or inspections its unit
 * made), posts signed review decisions about exact revisions in that scope, and the laptop that
 * sent a bundle reads the decisions about it, with the desk key to check them by.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../bundle/canonical';
import { buildEnrollmentRequest } from '../../bundle/enrollment';
import { generateDeviceKey, type DeviceKey } from '../../bundle/keys';
import { readReceiverConnection } from '../../bundle/receiver-connection';
import { reviewText, signReview, verifyReview, type Review } from '../../bundle/review';
import { feedAnswerSchema, reviewsAnswerSchema, SYNC_PATHS, type FeedAnswer } from '../../bundle/sync-api';
import { deviceKey } from '../../core/domain/device-key';
import { callReceiver, type ReceiverAnswer } from '../../core/sync/client';
import type { ReceiverPin } from '../../core/sync/connection';
import { runPass } from '../../core/sync/pass';
import { getBody, listRevisionRows } from '../../db/repositories/sync';
import { LAPTOP_PROFILE, makeSignedInspection } from '../support/signed-inspection';
import { startReceiver, type ReceiverProcess } from '../support/receiver-process';
import { openTempApp, type TempApp } from '../support/temp-app';

interface Sent {
  app: TempApp;
  inspectionId: string;
  bundleId: string;
  body: Buffer;
  revisionSha256: string;
}

let receiver: ReceiverProcess;
let pin: ReceiverPin;
/** 宝山区 agency, inspected by 市局: in 宝山区's and the city's scope. */
let a: Sent;
/** 闵行区 agency, inspected by 浦东新区's own inspectors: in 闵行区's, 浦东新区's and the city's scope. */
let b: Sent;
const baoshan = generateDeviceKey('ed25519');
const pudong = generateDeviceKey('sm2');
const city = generateDeviceKey('ed25519');

const ask = (key: DeviceKey, method: 'GET' | 'PUT' | 'POST', p: string, body?: Buffer): Promise<ReceiverAnswer> =>
  callReceiver(pin, key, { method, path: p, ...(body ? { body, contentType: 'application/json' } : {}) });
const codeOf = (answer: ReceiverAnswer) => (answer.json as { error?: { code: string } }).error?.code;

async function enrollDesk(key: DeviceKey, name: string, badgeNo: string, role: string[]): Promise<void> {
  const request = buildEnrollmentRequest({ inspector: { name, badgeNo, unit: '上海市宝山区市场监督管理局' }, appVersion: '0.1.0' }, key);
  const enrolled = await ask(key, 'POST', SYNC_PATHS.enroll, Buffer.from(request));
  expect(enrolled.status).toBe(200);
  const approved = await receiver.cli(['receiver', 'devices', 'approve', key.keyId, ...role]);
  expect(approved.code, approved.stderr).toBe(0);
}

async function sendFrom(options: Parameters<typeof makeSignedInspection>[1]): Promise<Sent> {
  const app = openTempApp({ today: '2026-11-27' });
  const { inspectionId } = await makeSignedInspection(app, { photo: false, ...options });
  const preview = await app.ok('sync/preview', { text: receiver.connectionText });
  await app.ok('sync/connect', { text: receiver.connectionText, fingerprint: preview.fingerprint });
  // The outbox keeps the bundle's bytes only until its receipt.
  const [queued] = listRevisionRows(app.ctx.store.db, inspectionId, 1);
  const body = getBody(app.ctx.store.db, queued!.seq)!;
  await runPass(app.ctx, { force: true });
  const approved = await receiver.cli(['receiver', 'devices', 'approve', deviceKey(app.ctx).keyId]);
  expect(approved.code, approved.stderr).toBe(0);
  const pass = await runPass(app.ctx, { force: true });
  expect(pass.outcomes.map((o) => o.outcome)).toEqual(['delivered']);
  const [row] = listRevisionRows(app.ctx.store.db, inspectionId, 1);
  const revision = app.ctx.store.sqlite.prepare('SELECT sha256 FROM revisions WHERE inspection_id = ? AND number = 1').pluck().get(inspectionId) as string;
  return { app, inspectionId, bundleId: row!.bundleId!, body, revisionSha256: revision };
}

async function feedOf(key: DeviceKey, after = 0, limit = 100): Promise<FeedAnswer> {
  const answer = await ask(key, 'GET', SYNC_PATHS.feed(after, limit));
  expect(answer.status, JSON.stringify(answer.json)).toBe(200);
  return feedAnswerSchema.parse(answer.json);
}

function decision(key: DeviceKey, sent: Sent, fields: Partial<Parameters<typeof signReview>[0]> = {}): Review {
  return signReview(
    {
      reviewId: `0190b000-0000-7000-8000-${Math.floor(Math.random() * 1e12).toString().padStart(12, '0')}`,
      inspectionId: sent.inspectionId,
      revision: 1,
      revisionSha256: sent.revisionSha256,
      state: 'returned',
      reason: '第 16 项扣分依据未附照片，请补充证据后重新签署。',
      decidedAt: '2026-11-28T02:00:00.000Z',
      reviewer: { name: '周敏', badgeNo: '31011300021', unit: '上海市宝山区市场监督管理局' },
      reviewUnit: '宝山区',
      ...fields,
    },
    key,
  );
}
const post = (key: DeviceKey, review: Review | string) => ask(key, 'POST', SYNC_PATHS.reviews, Buffer.from(typeof review === 'string' ? review : reviewText(review)));

beforeAll(async () => {
  receiver = await startReceiver({});
  const connection = readReceiverConnection(receiver.connectionText);
  if (!connection.ok) throw new Error(connection.reason);
  pin = { ...connection.connection, tlsCertificate: null };
  a = await sendFrom({ district: '宝山区' });
  b = await sendFrom({
    district: '闵行区',
    agencyName: '上海闵申检测有限公司',
    code17: '91310112MA1H2K3L4',
    profile: { ...LAPTOP_PROFILE, name: '林涛', badgeNo: '31011500017', unit: '上海市浦东新区市场监督管理局', inspectingUnit: '浦东新区' },
  });
  await enrollDesk(baoshan, '周敏', '31011300021', ['--role', 'district', '--district', '宝山区']);
  await enrollDesk(pudong, '陆佳', '31011500002', ['--role', 'district', '--district', '浦东新区']);
  await enrollDesk(city, '陈立', '31000100003', ['--role', 'city']);
}, 120_000);
afterAll(async () => {
  a?.app.dispose();
  b?.app.dispose();
  await receiver?.stop();
});

describe('bureau desks on the receiver', () => {
  it('lists each device with the role it was approved as', async () => {
    const listed = await receiver.cli(['receiver', 'devices', 'list']);
    expect(listed.stdout).toMatch(/宝山区审核端/);
    expect(listed.stdout).toMatch(/浦东新区审核端/);
    expect(listed.stdout).toMatch(/市局审核端/);
    expect(listed.stdout).toMatch(/检查人员设备/);
    const wrong = await receiver.cli(['receiver', 'devices', 'approve', city.keyId, '--role', 'district', '--district', '北京市']);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/--district 指定辖区/);
  });

  it('feeds each desk the bundles of its scope, in arrival order, paged', async () => {
    expect((await feedOf(baoshan)).items.map((i) => i.bundleId)).toEqual([a.bundleId]);
    // 浦东新区 gets b because its own inspectors made it, though the agency is in 闵行区.
    expect((await feedOf(pudong)).items.map((i) => i.bundleId)).toEqual([b.bundleId]);
    const whole = await feedOf(city);
    expect(whole.items.map((i) => i.bundleId)).toEqual([a.bundleId, b.bundleId]);
    expect(whole.more).toBe(false);
    expect(whole.items[0]).toMatchObject({ sha256: sha256Hex(a.body), bytes: a.body.length, deviceKeyId: deviceKey(a.app.ctx).keyId, partOf: null });

    const first = await feedOf(city, 0, 1);
    expect([first.items.map((i) => i.bundleId), first.more]).toEqual([[a.bundleId], true]);
    const second = await feedOf(city, first.last, 1);
    expect([second.items.map((i) => i.bundleId), second.more]).toEqual([[b.bundleId], false]);
    const past = await feedOf(city, second.last, 1);
    expect([past.items, past.last, past.more]).toEqual([[], second.last, false]);

    for (const bad of ['/v1/feed?after=-1', '/v1/feed?limit=0', '/v1/feed?limit=501', '/v1/feed?after=1&x=2']) {
      const refused = await ask(city, 'GET', bad);
      expect([bad, refused.status, codeOf(refused)]).toEqual([bad, 400, 'BAD_REQUEST']);
    }
  });

  it('gives a desk the exact bytes of a bundle in its scope, and refuses (403, logged) one outside it', async () => {
    const got = await ask(baoshan, 'GET', SYNC_PATHS.bundle(a.bundleId));
    expect(got.status).toBe(200);
    expect(got.body.equals(a.body)).toBe(true);
    const refused = await ask(baoshan, 'GET', SYNC_PATHS.bundle(b.bundleId));
    expect([refused.status, codeOf(refused)]).toEqual([403, 'FORBIDDEN']);
    expect(receiver.output()).toMatch(new RegExp(`越权读取：审核端 周敏（${baoshan.keyId}，宝山区）请求数据包 ${b.bundleId}`));
    expect((await ask(city, 'GET', SYNC_PATHS.bundle(b.bundleId))).body.equals(b.body)).toBe(true);
    const missing = await ask(city, 'GET', SYNC_PATHS.bundle('0190a000-0000-7000-8000-00000000dead'));
    expect(missing.status).toBe(404);
  });

  it('refuses the feed, bundles and decisions to an inspector’s laptop (403)', async () => {
    const laptop = deviceKey(a.app.ctx);
    for (const [method, target] of [
      ['GET', SYNC_PATHS.feed(0, 10)],
      ['GET', SYNC_PATHS.bundle(b.bundleId)],
      ['GET', SYNC_PATHS.bundle(a.bundleId)],
    ] as const) {
      const refused = await ask(laptop, method, target);
      expect([target, refused.status, codeOf(refused)]).toEqual([target, 403, 'FORBIDDEN']);
    }
    const posted = await post(laptop, decision(laptop, a));
    expect([posted.status, codeOf(posted)]).toEqual([403, 'FORBIDDEN']);
  });

  it('stores a desk’s signed decision once, and refuses forged, foreign, mislabelled and unknown ones', async () => {
    const returned = decision(baoshan, a);
    const first = await post(baoshan, returned);
    expect(first.status, JSON.stringify(first.json)).toBe(201);
    expect(first.json).toMatchObject({ review: { reviewId: returned.reviewId, seq: 1 } });
    expect((await post(baoshan, returned)).status).toBe(200);
    // The same id with other content.
    const other = decision(baoshan, a, { reviewId: returned.reviewId, reason: '另一理由' });
    expect(codeOf(await post(baoshan, other))).toBe('REVIEW_CONFLICT');
    // Altered after signing: the desk's signature no longer holds.
    const altered = reviewText({ ...returned, reviewId: `${returned.reviewId.slice(0, -1)}9`, reason: '已受理' });
    const forged = await post(baoshan, altered);
    expect([forged.status, codeOf(forged)]).toEqual([400, 'REVIEW_INVALID']);
    // Signed by another key than the one sending it.
    expect(codeOf(await post(baoshan, decision(city, a, { reviewUnit: '宝山区' })))).toBe('REVIEW_INVALID');
    // Outside its scope; signed as another unit than the one it was approved for.
    const foreign = await post(baoshan, decision(baoshan, b));
    expect([foreign.status, codeOf(foreign)]).toEqual([403, 'FORBIDDEN']);
    expect(codeOf(await post(pudong, decision(pudong, b, { reviewUnit: '闵行区' })))).toBe('FORBIDDEN');
    // A revision the receiver never received.
    const unknown = await post(baoshan, decision(baoshan, a, { revision: 2 }));
    expect([unknown.status, codeOf(unknown)]).toEqual([404, 'NOT_FOUND']);
    const wrongHash = await post(baoshan, decision(baoshan, a, { revisionSha256: 'f'.repeat(64) }));
    expect(wrongHash.status).toBe(404);
    expect(receiver.output()).toMatch(/审核结论 #1：宝山区 周敏 对检查 .* 第 1 版 退回补正/);
  });

  it('delivers the decisions about a laptop’s own bundles to it, with the desk key they verify with', async () => {
    const accepted = decision(city, b, { state: 'accepted', reason: '', reviewUnit: '市局', reviewer: { name: '陈立', badgeNo: '31000100003', unit: '上海市市场监督管理局' } });
    expect((await post(city, accepted)).status).toBe(201);

    const toA = reviewsAnswerSchema.parse((await ask(deviceKey(a.app.ctx), 'GET', SYNC_PATHS.reviewsAfter(0, 100))).json);
    expect(toA.items).toHaveLength(1);
    const [item] = toA.items;
    expect(item!.desk).toMatchObject({ keyId: baoshan.keyId, role: 'district', district: '宝山区', name: '周敏' });
    const checked = verifyReview(item!.review, item!.desk, { inspectionId: a.inspectionId, revision: 1, revisionSha256: a.revisionSha256 });
    expect(checked.ok && checked.review.state).toBe('returned');
    // Someone else's key presented as the desk's: refused by the laptop.
    expect(verifyReview(item!.review, { ...item!.desk, publicKey: city.publicKey }).ok).toBe(false);

    const toB = reviewsAnswerSchema.parse((await ask(deviceKey(b.app.ctx), 'GET', SYNC_PATHS.reviewsAfter(0, 100))).json);
    expect(toB.items.map((i) => (i.review as Review).state)).toEqual(['accepted']);
    const afterLast = reviewsAnswerSchema.parse((await ask(deviceKey(b.app.ctx), 'GET', SYNC_PATHS.reviewsAfter(toB.last, 100))).json);
    expect(afterLast.items).toEqual([]);

    // Desks see the decisions of their scope: 浦东新区 sees 市局's on b, not 宝山区's on a.
    const toPudong = reviewsAnswerSchema.parse((await ask(pudong, 'GET', SYNC_PATHS.reviewsAfter(0, 100))).json);
    expect(toPudong.items.map((i) => (i.review as Review).inspectionId)).toEqual([b.inspectionId]);
  });

  it('does not let a desk review what its own device sent', async () => {
    const laptopB = deviceKey(b.app.ctx);
    const made = await receiver.cli(['receiver', 'devices', 'approve', laptopB.keyId, '--role', 'district', '--district', '浦东新区']);
    expect(made.code, made.stderr).toBe(0);
    const own = await post(laptopB, decision(laptopB, b, { reviewUnit: '浦东新区', reviewer: { name: '林涛', badgeNo: '31011500017', unit: '上海市浦东新区市场监督管理局' } }));
    expect([own.status, codeOf(own)]).toEqual([403, 'FORBIDDEN']);
    expect((own.json as { error: { message: string } }).error.message).toMatch(/不能审核本人或本设备提交的检查记录/);
  });
});
