/**
 * reviews/*: a district desk imports a laptop's signed inspection and decides about it;
 * the laptop, which signed it, may not decide.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTempApp, type TempApp } from '../../test/support/temp-app';
import { BUREAU_PROFILE, makeSignedInspection } from '../../test/support/signed-inspection';
import { readAudit } from '../audit/chain';

let laptop: TempApp;
let desk: TempApp;
let inspectionId: string;

beforeEach(async () => {
  laptop = openTempApp({ today: '2026-11-27' });
  desk = openTempApp({ today: '2026-11-28' });
  ({ inspectionId } = await makeSignedInspection(laptop));
  const enrollment = await laptop.ok('keys/exportEnrollment', {});
  await desk.ok('bundles/trustEnrollment', { text: enrollment.text });
  const out = await laptop.ok('bundles/export', { inspectionIds: [inspectionId] });
  const text = out.files[0]?.text;
  if (!text) throw new Error('no bundle text');
  const { results } = await desk.ok('bundles/import', { files: [{ name: 'bundle.ducha.json', text }] });
  expect(results[0]?.outcome).toBe('imported');
  await desk.ok('role/set', { role: 'district', district: '宝山区' });
  await desk.ok('profile/save', BUREAU_PROFILE);
});
afterEach(() => {
  laptop.dispose();
  desk.dispose();
});

describe('reviews', () => {
  it('lists an imported inspection as pending on the desk', async () => {
    const { items } = await desk.ok('reviews/list', {});
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ inspectionId, district: '宝山区', inspectedOn: '2026-11-27', revision: 1, state: 'pending', reason: null, decidedAt: null, reviewUnit: null });
    expect((await desk.ok('reviews/list', { state: 'accepted' })).items).toEqual([]);
  });

  it('refuses a return without a reason, then returns with one', async () => {
    const err = await desk.fail('reviews/return', { inspectionId, reason: '  ' });
    expect(err.code).toBe('VALIDATION');
    expect(err.message).toContain('退回补正必须写明理由');

    const item = await desk.ok('reviews/return', { inspectionId, reason: ' 第16项检验报告缺审核人签字，请补正。 ' });
    expect(item).toMatchObject({ inspectionId, revision: 1, state: 'returned', reason: '第16项检验报告缺审核人签字，请补正。', reviewUnit: '宝山区' });
    expect((await desk.ok('reviews/list', { state: 'returned' })).items.map((i) => i.inspectionId)).toEqual([inspectionId]);

    // The list of inspections carries the standing decision on the desk; the laptop learns it at its next sync.
    expect((await desk.ok('inspections/list', {})).find((i) => i.id === inspectionId)).toMatchObject({ reviewState: 'returned', reviewReason: '第16项检验报告缺审核人签字，请补正。' });
    expect((await laptop.ok('inspections/list', {})).find((i) => i.id === inspectionId)?.reviewState).toBe('pending');

    const { items } = await desk.ok('reviews/history', { inspectionId });
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ revision: 1, state: 'returned', reviewerName: BUREAU_PROFILE.name, reviewUnit: '宝山区', origin: 'own', posted: false, current: true });

    // The inspector's audit chain stays as signed: the decision lives beside it.
    expect(readAudit(desk.ctx.store, inspectionId).some((e) => e.action === 'review')).toBe(false);
  });

  it('accepts on the desk; refuses a decision on the laptop that signed it', async () => {
    expect((await desk.ok('reviews/accept', { inspectionId })).state).toBe('accepted');
    expect((await laptop.fail('reviews/accept', { inspectionId })).code).toBe('FORBIDDEN');
    // Made a desk, the laptop still may not review what it signed itself.
    await laptop.ok('role/set', { role: 'city' });
    const own = await laptop.fail('reviews/accept', { inspectionId });
    expect(own).toMatchObject({ code: 'FORBIDDEN', message: '不能审核本机签署的检查记录。' });
    await laptop.ok('role/set', { role: 'inspector' });
    expect((await laptop.ok('reviews/list', {})).items.map((i) => i.state)).toEqual(['pending']);
  });
});

describe('reviews scope', () => {
  it('a desk of another district neither lists nor decides the record', async () => {
    await desk.ok('role/set', { role: 'district', district: '浦东新区' });
    expect((await desk.ok('reviews/list', {})).items).toEqual([]);
    const err = await desk.fail('reviews/accept', { inspectionId });
    expect(err).toMatchObject({ code: 'FORBIDDEN' });
    expect(err.message).toContain('宝山区');
    await desk.ok('role/set', { role: 'city' });
    expect((await desk.ok('reviews/list', {})).items.map((i) => i.inspectionId)).toEqual([inspectionId]);
    expect((await desk.ok('reviews/accept', { inspectionId })).reviewUnit).toBe('市局');
  });
});

describe('imported records on a desk', () => {
  it('cannot be amended there; the laptop amends after a return', async () => {
    await desk.ok('reviews/return', { inspectionId, reason: '第16项缺审核人签字' });
    const err = await desk.fail('inspections/amend', { id: inspectionId, reason: '改一下' });
    expect(err.code).toBe('FORBIDDEN');
    expect(err.message).toContain('退回补正');
    expect((await desk.ok('inspections/get', { id: inspectionId })).inspection.status).toBe('submitted');
    expect((await laptop.ok('inspections/amend', { id: inspectionId, reason: '按宝山区退回补正意见修改' })).revision).toBe(1);
  });
});
