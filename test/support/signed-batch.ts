/**
 * Many signed inspections of one agency on one laptop, made through the API as an
 * inspector would (every item scored, three signatures, signed), for the sync tests and
 * benches that need a full outbox.
 */
import { makeCreditCode } from '../../forms/credit-code';
import { LAPTOP_PROFILE, scoreAll, signAll, type Caller } from './signed-inspection';

/** `laptop` (0–99) keeps the agencies of different laptops apart. */
export async function makeSignedBatch(app: Caller, laptop: number, count: number): Promise<string[]> {
  await app.ok('profile/save', { ...LAPTOP_PROFILE, badgeNo: String(31000120100 + laptop) });
  const agency = await app.ok('agencies/save', {
    name: `上海第${laptop + 1}特种设备检测有限公司`,
    address: '上海市浦东新区张杨路 1 号',
    creditCode: makeCreditCode(`9131011${String(5_000_000_000 + laptop).slice(0, 10)}`),
    legalRep: '王强',
    district: '浦东新区',
    kind: '检测机构',
  });
  return signInspections(app, [agency.id], count);
}

/** `count` signed inspections, the agencies taken in turn, dated through November 2026. */
export async function signInspections(app: Caller, agencyIds: readonly string[], count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const day = String(1 + (i % 28)).padStart(2, '0');
    const inspection = await app.ok('inspections/create', {
      agencyId: agencyIds[i % agencyIds.length]!,
      type: '专项监督检查',
      inspectedOn: `2026-11-${day}`,
      inspectors: [
        { name: '王春艳', badgeNo: '31000120001' },
        { name: '林涛', badgeNo: '31000120017' },
      ],
    });
    await scoreAll(app, inspection.id, { 16: i % 4 });
    await signAll(app, inspection.id);
    await app.ok('inspections/sign', { id: inspection.id });
    ids.push(inspection.id);
  }
  return ids;
}
