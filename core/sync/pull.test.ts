/**
 * A 区局 desk that is a real Ducha installation, against a real receiver: it pulls the bundles
 * of its scope through the feed and imports them as a USB file would be, posts its own signed
 * decisions, and the laptop that sent the record reads them back and believes only those that
 * verify and name the revision it signed.
 */
import { reviewRowOf } from '../records/review-row';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reviewText, signReview, type Review } from '../../bundle/review';
import { feedAnswerSchema, reviewsAnswerSchema, SYNC_PATHS, type DeliveredReview } from '../../bundle/sync-api';
import { getInspection } from '../../db/repositories/inspections';
import { getReview, insertReview } from '../../db/repositories/reviews';
import { getConnection } from '../../db/repositories/sync';
import { LAPTOP_PROFILE, makeSignedInspection } from '../../test/support/signed-inspection';
import { startReceiver, type ReceiverProcess } from '../../test/support/receiver-process';
import { openTempApp, type TempApp } from '../../test/support/temp-app';
import { deviceKey } from '../domain/device-key';
import { nowIso } from '../ids';
import { callReceiver } from './client';
import { pinOf } from './connection';
import { runPass } from './pass';
import { checkDelivered } from './reviews-exchange';

interface Laptop {
  app: TempApp;
  inspectionId: string;
  revisionSha256: string;
}

const DESK_PROFILE = { name: '周敏', badgeNo: '31011300021', unit: '上海市宝山区市场监督管理局' };

let receiver: ReceiverProcess;
/** 宝山区 agencies: in the desk's scope. */
let a: Laptop;
let c: Laptop;
/** 闵行区 agency inspected by 浦东新区: outside 宝山区's scope. */
let b: Laptop;
let desk: TempApp;

async function connect(app: TempApp): Promise<void> {
  const preview = await app.ok('sync/preview', { text: receiver.connectionText });
  await app.ok('sync/connect', { text: receiver.connectionText, fingerprint: preview.fingerprint });
  await runPass(app.ctx, { force: true });
}

async function approve(app: TempApp, ...role: string[]): Promise<void> {
  const approved = await receiver.cli(['receiver', 'devices', 'approve', deviceKey(app.ctx).keyId, ...role]);
  expect(approved.code, approved.stderr).toBe(0);
}

async function laptop(options: Parameters<typeof makeSignedInspection>[1]): Promise<Laptop> {
  const app = openTempApp({ today: '2026-11-27' });
  const { inspectionId } = await makeSignedInspection(app, { photo: false, ...options });
  await connect(app);
  await approve(app);
  const pass = await runPass(app.ctx, { force: true });
  expect(pass.outcomes.map((o) => o.outcome)).toEqual(['delivered']);
  const revisionSha256 = app.ctx.store.sqlite.prepare('SELECT sha256 FROM revisions WHERE inspection_id = ? AND number = 1').pluck().get(inspectionId) as string;
  return { app, inspectionId, revisionSha256 };
}

function decisionAbout(sent: Laptop, fields: Partial<Parameters<typeof signReview>[0]> = {}): Review {
  return signReview(
    {
      reviewId: `0190c000-0000-7000-8000-${Math.floor(Math.random() * 1e12).toString().padStart(12, '0')}`,
      inspectionId: sent.inspectionId,
      revision: 1,
      revisionSha256: sent.revisionSha256,
      state: 'returned',
      reason: '第 16 项扣分依据未附照片，请补充证据后重新签署。',
      decidedAt: '2026-11-28T02:00:00.000Z',
      reviewer: DESK_PROFILE,
      reviewUnit: '宝山区',
      ...fields,
    },
    deviceKey(desk.ctx),
  );
}

function storeOwn(review: Review): void {
  const stored = insertReview(desk.ctx.store.db, reviewRowOf(review, 'own', nowIso()));
  expect(stored).toBe(true);
}

const askAs = (app: TempApp, path: string) => callReceiver(pinOf(getConnection(app.ctx.store.db)!), deviceKey(app.ctx), { method: 'GET', path });

beforeAll(async () => {
  receiver = await startReceiver({});
  a = await laptop({ district: '宝山区' });
  b = await laptop({
    district: '闵行区',
    agencyName: '上海闵申检测有限公司',
    code17: '91310112MA1H2K3L4',
    profile: { ...LAPTOP_PROFILE, name: '林涛', badgeNo: '31011500017', unit: '上海市浦东新区市场监督管理局', inspectingUnit: '浦东新区' },
  });
  c = await laptop({ district: '宝山区', agencyName: '上海宝通计量检测有限公司', code17: '91310113MA1G9K2L5', profile: { ...LAPTOP_PROFILE, name: '李娜', badgeNo: '31000120033' } });

  desk = openTempApp({ today: '2026-11-28' });
  await desk.ok('profile/save', DESK_PROFILE);
  await desk.ok('role/set', { role: 'district', district: '宝山区' });
  // Trusted as over USB: otherwise the pulled bundles would wait in quarantine (as intended).
  for (const sender of [a, b, c]) await desk.ok('bundles/trustEnrollment', { text: (await sender.app.ok('keys/exportEnrollment', {})).text });
  await connect(desk);
  await approve(desk, '--role', 'district', '--district', '宝山区');
}, 240_000);

afterAll(async () => {
  for (const app of [a?.app, b?.app, c?.app, desk]) app?.dispose();
  await receiver?.stop();
});

describe('a desk’s pull from the feed', () => {
  it('imports the bundles of its scope once, moves its cursor to the last, and never gets one outside it', async () => {
    const first = await runPass(desk.ctx, { force: true });
    expect(first.pulled).toEqual({ counts: { imported: 2, duplicate: 0, quarantined: 0, refused: 0 }, errors: [], cursor: expect.any(Number) });
    for (const sent of [a, c]) expect(getInspection(desk.ctx.store.db, sent.inspectionId)?.revision).toBe(1);
    expect(getInspection(desk.ctx.store.db, b.inspectionId)).toBeUndefined();

    const feed = feedAnswerSchema.parse((await askAs(desk, SYNC_PATHS.feed(0, 100))).json);
    expect(feed.items).toHaveLength(2);
    const connection = getConnection(desk.ctx.store.db)!;
    expect(connection.feedCursor).toBe(feed.last);
    expect(first.pulled?.cursor).toBe(feed.last);
    expect(connection.lastPullAt).not.toBeNull();

    // Nothing new: a background pass (nothing to send) imports nothing again.
    const second = await runPass(desk.ctx);
    expect(second.pulled).toEqual({ counts: { imported: 0, duplicate: 0, quarantined: 0, refused: 0 }, errors: [], cursor: feed.last });
    expect(getInspection(desk.ctx.store.db, b.inspectionId)).toBeUndefined();
  });

  it('a laptop pulls nothing from the feed', async () => {
    const pass = await runPass(a.app.ctx);
    expect(pass.pulled).toBeUndefined();
    expect(pass.reviews).toMatchObject({ posted: 0, refused: 0, errors: [] });
  });
});

describe('review decisions over the receiver', () => {
  let review: Review;

  it('posts the desk’s own decision once, and the laptop that sent the record stores it as received', async () => {
    review = decisionAbout(a);
    storeOwn(review);
    const deskPass = await runPass(desk.ctx);
    expect(deskPass.reviews).toMatchObject({ posted: 1, refused: 0, errors: [] });
    expect(getReview(desk.ctx.store.db, review.reviewId)?.postedAt).not.toBeNull();
    // Posted once: the next pass has nothing to post.
    expect((await runPass(desk.ctx)).reviews?.posted).toBe(0);

    const laptopPass = await runPass(a.app.ctx);
    expect(laptopPass.reviews).toEqual({ posted: 0, received: 1, refused: 0, errors: [] });
    expect(getReview(a.app.ctx.store.db, review.reviewId)).toMatchObject({
      origin: 'received',
      postedAt: null,
      state: 'returned',
      reason: review.reason,
      reviewerName: '周敏',
      reviewerBadgeNo: '31011300021',
      reviewUnit: '宝山区',
      deskKeyId: deviceKey(desk.ctx).keyId,
      document: reviewText(review),
    });
    expect(getConnection(a.app.ctx.store.db)?.reviewsCursor).toBeGreaterThan(0);
    expect((await runPass(a.app.ctx)).reviews?.received).toBe(0);
    // The other laptop is told nothing about a record it did not send.
    expect((await runPass(c.app.ctx)).reviews).toEqual({ posted: 0, received: 0, refused: 0, errors: [] });
  });

  it('keeps a decision the receiver refuses unposted, with its reason, tried once per pass', async () => {
    const outside = decisionAbout(b, { revisionSha256: b.revisionSha256 });
    storeOwn(outside);
    const pass = await runPass(desk.ctx);
    expect(pass.reviews?.posted).toBe(0);
    expect(pass.reviews?.errors).toEqual([expect.stringMatching(/审核结论未被接收端接受：/)]);
    expect(getReview(desk.ctx.store.db, outside.reviewId)?.postedAt).toBeNull();
  });

  it('refuses an altered or mis-aimed decision, and skips one about a record it does not hold', async () => {
    const delivered = reviewsAnswerSchema.parse((await askAs(a.app, SYNC_PATHS.reviewsAfter(0, 100))).json);
    const item = delivered.items.find((i) => (i.review as Review).reviewId === review.reviewId)!;
    expect(checkDelivered(a.app.ctx, item).kind).toBe('store');

    const altered: DeliveredReview = { ...item, review: { ...review, reason: '经审核，予以受理。' } };
    const refused = checkDelivered(a.app.ctx, altered);
    expect(refused).toEqual({ kind: 'refuse', message: expect.stringMatching(/^关于“上海申𠮷检测有限公司” 2026-11-27 的检查记录（第 1 版）的审核结论：审核结论的签名验证失败/) });

    const otherHash = { ...item, review: decisionAbout(a, { revisionSha256: 'e'.repeat(64) }) };
    expect(checkDelivered(a.app.ctx, otherHash)).toEqual({ kind: 'refuse', message: expect.stringMatching(/与本机记录不一致/) });

    const wrongUnit = { ...item, review: decisionAbout(a, { reviewUnit: '闵行区' }) };
    expect(checkDelivered(a.app.ctx, wrongUnit)).toEqual({ kind: 'refuse', message: expect.stringMatching(/与其审核端核准的辖区不符/) });

    expect(checkDelivered(a.app.ctx, { ...item, review: decisionAbout(a, { revision: 2 }) })).toEqual({ kind: 'skip' });
    expect(checkDelivered(a.app.ctx, { ...item, review: decisionAbout(b) })).toEqual({ kind: 'skip' });
    expect(checkDelivered(a.app.ctx, { ...item, review: 'x' }).kind).toBe('refuse');
  });
});
