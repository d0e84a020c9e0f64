import { afterEach, describe, expect, it } from 'vitest';
import { openTempApp, type TempApp } from '../../test/support/temp-app';
import { BUREAU_PROFILE, LAPTOP_PROFILE, makeSignedInspection } from '../../test/support/signed-inspection';

/** A profile with every optional field filled: what a district inspector sets up for 附件4. */
const FULL_PROFILE = { ...LAPTOP_PROFILE, unit: '宝山区市场监督管理局', phone: '021-56601234', inspectingUnit: '宝山区' as const };

const apps: TempApp[] = [];
const open = () => {
  const a = openTempApp();
  apps.push(a);
  return a;
};
afterEach(() => {
  for (const a of apps.splice(0)) a.dispose();
});

describe('the person named on what leaves the machine', () => {
  it('is name, 执法证号 and unit only, so a full profile still signs, exports, enrolls and imports', async () => {
    const laptop = open();
    const { inspectionId } = await makeSignedInspection(laptop, { profile: FULL_PROFILE });
    const enrollment = await laptop.ok('keys/exportEnrollment', {});
    expect(JSON.parse(enrollment.text)).toMatchObject({ inspector: { name: FULL_PROFILE.name, badgeNo: FULL_PROFILE.badgeNo, unit: FULL_PROFILE.unit } });
    expect(enrollment.text).not.toContain(FULL_PROFILE.phone);

    const out = await laptop.ok('bundles/export', { inspectionIds: [inspectionId] });
    const text = out.files[0]?.text ?? '';
    expect(text).not.toContain(FULL_PROFILE.phone);
    const header = (JSON.parse(text) as { header: { inspector: object } }).header;
    expect(header.inspector).toEqual({ name: FULL_PROFILE.name, badgeNo: FULL_PROFILE.badgeNo, unit: FULL_PROFILE.unit });

    const bureau = open();
    await bureau.ok('profile/save', BUREAU_PROFILE);
    await bureau.ok('bundles/trustEnrollment', { text: enrollment.text });
    const { results } = await bureau.ok('bundles/import', { files: [{ name: 'b.ducha.json', text }] });
    expect(results.map((r) => r.outcome)).toEqual(['imported']);
  });
});
