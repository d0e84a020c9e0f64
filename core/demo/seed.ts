/**
 * `ducha demo seed`: a living data set for a first look — agencies across
 * Shanghai with valid credit codes, certificates near and past expiry, and
 * inspections. Everything goes through the dispatcher, so demo data obeys the
 * same validation as typed data. Running it again adds nothing twice.
 */
import dayjs from 'dayjs';
import type { App } from '../app';
import type { InputOf } from '../contract';
import type { AgencyInput } from '../contract/agencies';
import { AppError } from '../../lib/errors';
import { makeCreditCode } from '../../forms/credit-code';
import { seedDemoScores } from './scores';
import { seedDemoLifecycle } from './lifecycle';
import { seedDemoPersonnel } from './personnel';

export interface SeedResult {
  agenciesAdded: number;
  agenciesExisting: number;
  inspectionsAdded: number;
}

type DemoAgency = Omit<AgencyInput, 'certificates' | 'creditCode'> & {
  codePrefix: string;
  /** Certificate validity relative to today, in days (negative = expired). */
  certificates: { certNo: string; issuer: string; validInDays: number; years: number }[];
};

const DEMO_AGENCIES: DemoAgency[] = [
  {
    name: '上海市特种设备监督检验技术研究院',
    codePrefix: '12310000425012345',
    address: '上海市静安区江场三路 38 号',
    legalRep: '陈立新',
    legalRepPhone: '021-56701234',
    contact: '王晓堃',
    contactPhone: '13801710001',
    district: '静安区',
    kind: '检验机构',
    certificates: [{ certNo: 'TS7110001-2028', issuer: '国家市场监督管理总局', validInDays: 700, years: 4 }],
  },
  {
    name: '上海市闵行区特种设备监督检验所',
    codePrefix: '12310112425098765',
    address: '上海市闵行区沪闵路 6258 号',
    legalRep: '李建华',
    legalRepPhone: '021-64901122',
    contact: '张喆',
    contactPhone: '13916620002',
    district: '闵行区',
    kind: '检验机构',
    certificates: [{ certNo: 'TS7310112-2027', issuer: '上海市市场监督管理局', validInDays: 75, years: 4 }],
  },
  {
    name: '上海浦江电梯检测技术有限公司',
    codePrefix: '91310115MA1K4B2C7',
    address: '上海市浦东新区张杨路 1588 号 12 层',
    legalRep: '周龑',
    legalRepPhone: '13761230003',
    contact: '刘芳',
    contactPhone: '021-58881234',
    district: '浦东新区',
    kind: '检测机构',
    certificates: [{ certNo: 'TS7410115-2026', issuer: '上海市市场监督管理局', validInDays: 20, years: 4 }],
  },
  {
    name: '上海申𠮷无损检测有限公司',
    codePrefix: '91310113MA1G7H8J2',
    address: '上海市宝山区友谊路 1999 号',
    legalRep: '𠮷田明',
    legalRepPhone: '13611220004',
    contact: '孙丽',
    contactPhone: '13611220005',
    district: '宝山区',
    kind: '检测机构',
    certificates: [{ certNo: 'TS7410113-2025', issuer: '上海市市场监督管理局', validInDays: -12, years: 4 }],
  },
  {
    name: '上海临港起重机械型式试验中心有限公司',
    codePrefix: '91310000MA7C9D3E5',
    address: '中国（上海）自由贸易试验区临港新片区环湖西二路 888 号',
    legalRep: '赵海涛',
    legalRepPhone: '021-68280006',
    contact: '钱勇',
    contactPhone: '13585850007',
    district: '临港新片区',
    kind: '型式试验机构',
    certificates: [{ certNo: 'TS7510000-2029', issuer: '国家市场监督管理总局', validInDays: 1200, years: 4 }],
  },
  {
    name: '上海市嘉定区特种设备监督检验所',
    codePrefix: '12310114425011111',
    address: '上海市嘉定区博乐路 70 号',
    legalRep: '吴志强',
    legalRepPhone: '021-59920008',
    contact: '郑敏',
    contactPhone: '13817170009',
    district: '嘉定区',
    kind: '检验机构',
    certificates: [{ certNo: 'TS7310114-2028', issuer: '上海市市场监督管理局', validInDays: 400, years: 4 }],
  },
  {
    name: '上海市特种设备作业人员考试中心',
    codePrefix: '12310104425022222',
    address: '上海市徐汇区漕宝路 400 号',
    legalRep: '冯伟',
    legalRepPhone: '021-64380010',
    contact: '陈静',
    contactPhone: '13901900011',
    district: '徐汇区',
    kind: '考试机构',
    certificates: [],
  },
];

const DEMO_PROFILE = { name: '王春艳', badgeNo: '31000120001', unit: '上海市市场监督管理局特种设备安全监察处' };

const DEMO_INSPECTORS = [
  { name: '王春艳', badgeNo: '31000120001' },
  { name: '林涛', badgeNo: '31000120017' },
];

async function must<T>(promise: Promise<{ ok: true; value: unknown } | { ok: false; error: { code: string; message: string } }>): Promise<T> {
  const r = await promise;
  if (!r.ok) throw new AppError('INTERNAL', `演示数据写入失败：${r.error.message}`);
  return r.value as T;
}

export async function seedDemo(app: App): Promise<SeedResult> {
  const today = dayjs(app.ctx.today());
  // A first-time user trying the demo gets a demo inspector identity (changeable in 设置);
  // an existing profile is never overwritten.
  if ((await must<unknown>(app.dispatch('profile/get', {}))) === null) {
    await must(app.dispatch('profile/save', DEMO_PROFILE));
  }
  const result: SeedResult = { agenciesAdded: 0, agenciesExisting: 0, inspectionsAdded: 0 };
  const existing = await must<{ id: string; creditCode: string }[]>(app.dispatch('agencies/list', {}));
  const byCode = new Map(existing.map((a) => [a.creditCode, a.id]));
  const existingInspections = await must<{ agencyId: string }[]>(app.dispatch('inspections/list', {}));
  const inspected = new Set(existingInspections.map((i) => i.agencyId));

  for (const [index, demo] of DEMO_AGENCIES.entries()) {
    const creditCode = makeCreditCode(demo.codePrefix);
    let id = byCode.get(creditCode);
    if (id) {
      result.agenciesExisting += 1;
    } else {
      const { codePrefix: _prefix, certificates, ...fields } = demo;
      const input: InputOf<'agencies/save'> = {
        ...fields,
        creditCode,
        certificates: certificates.map((c) => {
          const validUntil = today.add(c.validInDays, 'day');
          return {
            orgName: demo.name,
            certNo: c.certNo,
            issuer: c.issuer,
            issuedOn: validUntil.subtract(c.years, 'year').add(1, 'day').format('YYYY-MM-DD'),
            validUntil: validUntil.format('YYYY-MM-DD'),
          };
        }),
      };
      id = (await must<{ id: string }>(app.dispatch('agencies/save', input))).id;
      result.agenciesAdded += 1;
    }
    // Every demo agency gets one inspection; the exam centre's is a 考试机构 check.
    if (!inspected.has(id)) {
      await must(
        app.dispatch('inspections/create', {
          agencyId: id,
          kind: demo.kind === '考试机构' ? 'exam' : 'agency',
          type: index % 2 === 0 ? '专项监督检查' : '证后监督检查',
          inspectedOn: today.subtract(index * 9, 'day').format('YYYY-MM-DD'),
          inspectors: DEMO_INSPECTORS,
          spotCheck: index % 3 === 0,
        }),
      );
      result.inspectionsAdded += 1;
    }
  }
  await seedDemoScores(app);
  await seedDemoPersonnel(app);
  await seedDemoLifecycle(app, today.format('YYYY-MM-DD'), today.add(30, 'day').format('YYYY-MM-DD'));
  return result;
}
