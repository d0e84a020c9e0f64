import { describe, expect, it } from 'vitest';
import { generateDeviceKey, type KeyAlg } from './keys';
import { bundleAlgOf } from './format';
import { parseReviewText, reviewText, signReview, verifyReview, type Review } from './review';

const inspectionId = '01900000-0000-7000-8000-000000000201';
const sha = 'c'.repeat(64);
const decision = {
  reviewId: '0190f2a4-0000-7000-8000-00000000a001',
  inspectionId,
  revision: 2,
  revisionSha256: sha,
  state: 'returned' as const,
  reason: '第 12 项（检验报告审核）扣分依据未附证据，请补充照片后重新提交。',
  decidedAt: '2026-12-03T08:00:00.000Z',
  reviewer: { name: '李静', badgeNo: '31010520230042', unit: '徐汇区市场监督管理局特种设备安全监察科' },
  reviewUnit: '徐汇区',
};

function deskOf(alg: KeyAlg) {
  const key = generateDeviceKey(alg);
  return { key, pin: { keyId: key.keyId, alg: bundleAlgOf(key.alg), publicKey: key.publicKey } };
}

describe.each(['ed25519', 'sm2'] as const)('review decisions signed with %s', (alg) => {
  const { key, pin } = deskOf(alg);
  const review = signReview(decision, key);

  it('verifies against the desk key and the revision it names', () => {
    expect(review).toMatchObject({ format: 'ducha-review', version: 1, alg: bundleAlgOf(alg), keyId: key.keyId, state: 'returned' });
    expect(verifyReview(review, pin)).toEqual({ ok: true, review });
    expect(verifyReview(review, pin, { inspectionId, revision: 2, revisionSha256: sha })).toEqual({ ok: true, review });
    const accepted = signReview({ ...decision, state: 'accepted', reason: '', reviewUnit: '市局' }, key);
    expect(verifyReview(accepted, pin, { inspectionId })).toMatchObject({ ok: true });
  });

  it('refuses an altered reason', () => {
    const check = verifyReview({ ...review, reason: '无需补正。' }, pin);
    expect(check).toEqual({ ok: false, message: '审核结论的签名验证失败，不予采信。' });
  });

  it('refuses another key', () => {
    const other = deskOf(alg);
    expect(verifyReview(review, other.pin)).toEqual({ ok: false, message: '审核结论不是由登记的审核端密钥签署，不予采信。' });
    expect(verifyReview(review, { ...pin, publicKey: other.pin.publicKey })).toEqual({ ok: false, message: '审核结论的签名验证失败，不予采信。' });
    // A decision re-labelled with the desk's key id but signed by another key.
    const forged = { ...signReview(decision, other.key), keyId: key.keyId };
    expect(verifyReview(forged, pin).ok).toBe(false);
  });
});

describe('review decisions', () => {
  const { key, pin } = deskOf('ed25519');
  const review = signReview(decision, key);
  const mismatch = { ok: false, message: '审核结论所指的检查记录或版本与本机记录不一致，不予采信。' };
  const badFormat = { ok: false, message: '审核结论格式不符合同步协议 v1，不予采信。' };

  it('will not sign a return without a reason', () => {
    expect(() => signReview({ ...decision, reason: '' }, key)).toThrow(/退回补正必须写明理由/);
    expect(() => signReview({ ...decision, reason: ' \n\t\u3000' }, key)).toThrow(/退回补正必须写明理由/);
  });

  it('refuses a decision about another revision, another SHA-256 or another inspection', () => {
    expect(verifyReview(review, pin, { inspectionId, revision: 3 })).toEqual(mismatch);
    expect(verifyReview(review, pin, { inspectionId, revisionSha256: 'd'.repeat(64) })).toEqual(mismatch);
    expect(verifyReview(review, pin, { inspectionId: '01900000-0000-7000-8000-000000000202' })).toEqual(mismatch);
  });

  it('refuses an extra field, a unit that is not a desk, or a garbled signature', () => {
    expect(verifyReview({ ...review, extra: 1 }, pin)).toEqual(badFormat);
    expect(verifyReview({ ...review, reviewUnit: '徐汇' }, pin)).toEqual(badFormat);
    expect(() => signReview({ ...decision, reviewUnit: '北京市' }, key)).toThrow();
    expect(verifyReview({ ...review, reason: '' }, pin)).toEqual(badFormat);
    expect(verifyReview(null, pin)).toEqual(badFormat);
    expect(verifyReview('x', pin)).toEqual(badFormat);
    // Same 64 bytes, spare bits of the last base64 digit set: not the signature's spelling.
    const digits = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
    const last = digits.indexOf(review.signature.charAt(85));
    const respelled = review.signature.slice(0, 85) + digits.charAt(last ^ 1) + '==';
    expect(Buffer.from(respelled, 'base64')).toEqual(Buffer.from(review.signature, 'base64'));
    expect(verifyReview({ ...review, signature: respelled }, pin).ok).toBe(false);
  });

  it('never throws on a value that throws when read', () => {
    const hostile = new Proxy({}, { get: () => { throw new Error('boom'); }, ownKeys: () => { throw new Error('boom'); } });
    expect(verifyReview(hostile, pin).ok).toBe(false);
  });

  it('round-trips through its text, and parses nothing else', () => {
    const text = reviewText(review);
    const parsed: Review | null = parseReviewText(text);
    expect(parsed).toEqual(review);
    expect(verifyReview(parsed, pin, { inspectionId, revision: 2, revisionSha256: sha })).toMatchObject({ ok: true });
    expect(parseReviewText('not json')).toBeNull();
    expect(parseReviewText('{"format":"ducha-review"}')).toBeNull();
    expect(parseReviewText(text.replace('"reason":"', '"reason":"x","reason":"'))).toBeNull();
    expect(parseReviewText(' '.repeat(64 * 1024) + text)).toBeNull();
  });
});
