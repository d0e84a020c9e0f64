/**
 * A signed inspection made through the API, as an inspector would: profile, agency,
 * inspection, all 42 items scored, a finding, a photo, three signatures, signed.
 * For tests of what happens after signing (bundles, printing, the bureau side).
 */
import { ATTACHMENT3_ITEMS } from '../../forms/attachment3';
import { makeCreditCode } from '../../forms/credit-code';
import type { District } from '../../forms/districts';
import { DEFAULT_TEMPLATE } from '../../forms/scoring-template';
import { jpegHeaderOnly, TINY_PNG_BASE64 } from './images';
import type { Profile } from '../../core/contract/profile';
import type { TempApp } from './temp-app';

/** Anything that calls the API and fails the test on an error: a TempApp, or an e2e app wrapped likewise. */
export type Caller = Pick<TempApp, 'ok'>;

export const LAPTOP_PROFILE = { name: '王春艳', badgeNo: '31000120001', unit: '上海市市场监督管理局特种设备安全监察处' };
export const BUREAU_PROFILE = { name: '陈立', badgeNo: '31000100003', unit: '上海市市场监督管理局' };

/** Scores every item at its maximum (or the given score for some). */
export async function scoreAll(app: Caller, inspectionId: string, scores: Record<number, number> = {}): Promise<void> {
  for (const item of ATTACHMENT3_ITEMS) {
    const max = DEFAULT_TEMPLATE.items.find((i) => i.no === item.no)?.max ?? 0;
    await app.ok('inspections/saveItem', { inspectionId, no: item.no, score: scores[item.no] ?? max });
  }
}

export async function signAll(app: Caller, inspectionId: string): Promise<void> {
  await app.ok('signatures/add', { inspectionId, role: 'inspector', signerName: '王春艳', signerDetail: '31000120001', pngBase64: TINY_PNG_BASE64 });
  await app.ok('signatures/add', { inspectionId, role: 'inspector', signerName: '林涛', signerDetail: '31000120017', pngBase64: TINY_PNG_BASE64 });
  await app.ok('signatures/add', { inspectionId, role: 'agency', signerName: '张喆', signerDetail: '质量负责人', pngBase64: TINY_PNG_BASE64 });
}

export interface SignedInspection {
  agencyId: string;
  inspectionId: string;
  photoSha256: string;
}

/** Makes an agency (credit-code base `code17`, 17 characters) and a signed inspection of it. */
export async function makeSignedInspection(
  app: Caller,
  options: { agencyName?: string; code17?: string; inspectedOn?: string; photo?: boolean; profile?: Profile; district?: District } = {},
): Promise<SignedInspection> {
  await app.ok('profile/save', options.profile ?? LAPTOP_PROFILE);
  const agency = await app.ok('agencies/save', {
    name: options.agencyName ?? '上海申𠮷检测有限公司',
    address: '上海市宝山区友谊路 1 号',
    creditCode: makeCreditCode(options.code17 ?? '91310113MA1G7H8J2'),
    legalRep: '𠮷田明',
    district: options.district ?? '宝山区',
    kind: '检测机构',
  });
  const inspection = await app.ok('inspections/create', {
    agencyId: agency.id,
    type: '专项监督检查',
    inspectedOn: options.inspectedOn ?? '2026-11-27',
    inspectors: [
      { name: '王春艳', badgeNo: '31000120001' },
      { name: '林涛', badgeNo: '31000120017' },
    ],
  });
  const inspectionId = inspection.id;
  await scoreAll(app, inspectionId, { 16: 3 });
  const finding = await app.ok('findings/save', { inspectionId, itemNo: 16, description: '部分检验报告缺少审核人签字', severity: '一般问题', dueOn: '2026-12-20' });
  let photoSha256 = '';
  if (options.photo !== false) {
    const photo = await app.ok('evidence/add', {
      inspectionId,
      itemNo: 16,
      findingId: finding.id,
      imageBase64: jpegHeaderOnly(1600, 1200).toString('base64'),
      thumbBase64: jpegHeaderOnly(160, 120).toString('base64'),
      takenAt: '2026-11-27T02:30:00.000Z',
      caption: '报告抽查',
    });
    photoSha256 = photo.sha256;
  }
  await signAll(app, inspectionId);
  await app.ok('inspections/sign', { id: inspectionId });
  return { agencyId: agency.id, inspectionId, photoSha256 };
}
