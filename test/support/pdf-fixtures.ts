/**
 * Realistic print models for tests and the bench: a fully scored 附件3 with problems and
 * 不适用 items, a 500-person roster with rare-character names, a reviewed 附件1 and a
 * notice. Deterministic (seeded), so extracted text can be asserted exactly.
 */
import { ATTACHMENT1_ITEMS } from '../../forms/attachment1';
import { computePersonnelCounts, type CheckValue, type PersonRow } from '../../forms/attachment2';
import { ATTACHMENT3_ITEMS } from '../../forms/attachment3';
import { computeTotals, maxFor, type ClauseResult, type ItemScore } from '../../forms/scoring';
import { DEFAULT_TEMPLATE } from '../../forms/scoring-template';
import { demoSignaturePng } from '../../core/demo/signature';
import type {
  Attachment1Print,
  Attachment2Print,
  Attachment3ItemPrint,
  Attachment3Print,
  NoticePrint,
  PrintFrame,
  PrintRecord,
} from '../../pdf/model';
import { seeded } from './seeded';

/** Names that need more than GB2312 (喆 堃 龑) or more than the BMP (𠮷 𡈼). */
export const RARE_NAMES = ['王𠮷', '李喆', '陈堃', '刘龑', '张𡈼'] as const;

const rng = seeded;

// --- a signature PNG ---------------------------------------------------------

/** A handwriting-like stroke on a transparent PNG, as a signature pad produces (the demo data's). */
export function signaturePng(seed: number): string {
  return `data:image/png;base64,${demoSignaturePng(seed).toString('base64')}`;
}

// --- shared frame ------------------------------------------------------------

export const SAMPLE_SHA256 = '3f2a9c1b7d4e0a55c0ffee00112233445566778899aabbccddeeff0011223344';

export function sampleRecord(overrides: Partial<PrintRecord> = {}): PrintRecord {
  return {
    recordId: '0190f3c2-7a1b-7c3d-9e4f-5a6b7c8d9e0f',
    revision: 1,
    sha256: SAMPLE_SHA256,
    amended: false,
    ...overrides,
  };
}

export function sampleFrame(record: PrintRecord = sampleRecord()): PrintFrame {
  return {
    record,
    agency: {
      name: '上海市特种设备监督检验技术研究院',
      creditCode: '12310000425015247G',
      address: '上海市普陀区金沙江路915号',
    },
    inspection: {
      date: '2024-09-12',
      type: '专项监督检查',
      inspectors: [
        { name: '王𠮷', badgeNo: '31010024001' },
        { name: '李喆', badgeNo: '31010024017' },
      ],
      unitName: '上海市市场监督管理局',
    },
  };
}

function sampleSignatures(frame: PrintFrame): Attachment3Print['signatures'] {
  return [
    ...frame.inspection.inspectors.map((p, i) => ({
      name: p.name,
      role: '检查人员',
      signedAt: '2024-09-12T08:30:00Z',
      image: signaturePng(i + 1),
    })),
    { name: '陈堃', role: '被检查机构负责人', signedAt: '2024-09-12T08:45:00Z', image: signaturePng(7) },
  ];
}

// --- 附件3 --------------------------------------------------------------------

const PROBLEMS: Record<number, string> = {
  2: '抽查3台超声波探伤仪，其中1台（编号UT-0931）检定证书已于2024年6月过期，仍在使用。',
  6: '2023年度内部审计未覆盖锅炉检验部，内审检查表缺少审核员签字。',
  9: '设备台账与实物不一致：2台测厚仪未列入台账，无状态标识。',
  16: '抽查报告DT-2024-0815中，安全阀校验结论与原始记录不符。',
  21: '检验现场抽查：检验员未按作业指导书要求进行制动试验。',
  27: '未提供2023年参与应急演练的证明材料。',
  33: '信息化系统与监管平台数据交换偶有中断，未建立故障记录。',
  39: '投诉台账中2起投诉未见跟踪验证记录；负责人：刘龑。',
};

/** A complete, signed-looking 附件3: every item scored, two 不适用, eight with problems. */
export function sampleAttachment3(record: PrintRecord = sampleRecord()): Attachment3Print {
  const frame = sampleFrame(record);
  const notApplicable = new Set([10, 41]);
  const items: Attachment3ItemPrint[] = ATTACHMENT3_ITEMS.map((def) => {
    const max = maxFor(DEFAULT_TEMPLATE, def.no);
    const na = notApplicable.has(def.no);
    const problem = PROBLEMS[def.no] ?? '';
    const clauses: (ClauseResult | null)[] = def.requirements.map((_, i) =>
      na ? '不适用' : problem !== '' && i === def.requirements.length - 1 ? '不符合' : '符合',
    );
    const deduction = problem === '' ? 0 : Math.min(max, Math.max(0.5, Math.floor(max) / 2));
    return {
      no: def.no,
      score: na ? null : def.bonus ? 3 : max - deduction,
      notApplicable: na,
      problem,
      remark: def.no === 2 ? '已当场要求停用' : def.no === 42 ? '获2023年市局集体表彰' : '',
      clauses,
    };
  });
  const scores: ItemScore[] = items.map((i) => ({
    no: i.no,
    clauses: i.clauses,
    score: i.score,
    notApplicable: i.notApplicable,
  }));
  return {
    ...frame,
    items,
    totals: computeTotals(DEFAULT_TEMPLATE, scores),
    templateVersion: `${DEFAULT_TEMPLATE.id} ${DEFAULT_TEMPLATE.version}`,
    signatures: sampleSignatures(frame),
  };
}

// --- 附件2 --------------------------------------------------------------------

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';
const GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰红建文辉宇鹏晨浩欣怡佳琪思雨子涵梓轩博文俊杰雅婷志强海燕国庆';
const NOTES = [
  '社保缴纳单位与执业单位不一致，已要求说明并于30日内整改。',
  '初次取证学历证书在学信网无记录，已暂停其检验工作，待核实。',
  '职称证书为其他单位颁发，已补充聘用证明。',
];

/** A roster of `n` people: five rare-character names first, a few problems spread through. */
export function sampleRoster(n: number): PersonRow[] {
  const r = rng(42);
  const pick = (s: string): string => Array.from(s)[Math.floor(r() * Array.from(s).length)] as string;
  const rows: PersonRow[] = [];
  for (let i = 0; i < n; i++) {
    const rare = RARE_NAMES[i];
    const name = rare ?? pick(SURNAMES) + pick(GIVEN) + (r() < 0.6 ? pick(GIVEN) : '');
    const problem = i % 37 === 5 ? i % 3 : -1;
    const v = (k: number): CheckValue => (problem === k ? '否' : i % 53 === 11 ? '—' : '是');
    rows.push({
      name,
      certNo: `TS7310${String(100000 + i * 7)}`,
      practising: v(0),
      education: v(1),
      title: v(2),
      note: problem >= 0 ? (NOTES[problem] as string) : '',
      disclosureCancelled: problem === 0,
      qualificationRevoked: problem === 1 && i % 2 === 0,
    });
  }
  return rows;
}

export function sampleAttachment2(n = 500, record: PrintRecord = sampleRecord()): Attachment2Print {
  const frame = sampleFrame(record);
  const rows = sampleRoster(n);
  return {
    ...frame,
    summary: {
      totalStaff: n + 12,
      disclosedCount: n,
      socialInsuranceCount: n - 3,
      meetsRequirements: '是',
    },
    counts: computePersonnelCounts(rows),
    rows,
    principal: '陈堃',
    filledBy: '刘龑',
    phone: '021-62576000',
    filledOn: '2024-07-20',
    signatures: sampleSignatures(frame),
  };
}

// --- 附件1 --------------------------------------------------------------------

export function sampleAttachment1(record: PrintRecord = sampleRecord()): Attachment1Print {
  const frame = sampleFrame(record);
  return {
    ...frame,
    basicInfo: {
      name: frame.agency.name,
      address: frame.agency.address ?? '',
      creditCode: frame.agency.creditCode,
      legalRep: '陈堃',
      legalRepPhone: '13916000001',
      contact: '刘龑',
      contactPhone: '021-62576000',
    },
    certificates: [
      { orgName: frame.agency.name, certNo: 'TS7110001-2027', issuer: '国家市场监督管理总局', issuedOn: '2023-03-01', validUntil: '2027-02-28' },
      { orgName: frame.agency.name, certNo: 'TS7310058-2026', issuer: '上海市市场监督管理局', issuedOn: '2022-05-10', validUntil: '2026-05-09' },
    ],
    items: ATTACHMENT1_ITEMS.map((it, i) => ({
      key: it.key,
      problems: i % 4 === 1 ? `${it.content || '履职情况'}方面：相关记录不完整，部分文件未受控。` : '未发现问题',
      corrections: i % 4 === 1 ? '已修订程序文件并组织培训，2024年8月完成。' : '—',
      acceptance: i % 4 === 1 ? (i % 8 === 1 ? '待核实' : '不认可') : '认可',
    })),
    signatures: sampleSignatures(frame),
  };
}

// --- 整改通知书 ------------------------------------------------------------------

export function sampleNotice(record: PrintRecord = sampleRecord()): NoticePrint {
  const frame = sampleFrame(record);
  return {
    ...frame,
    documentNo: '沪市监特整〔2024〕第0912号',
    findings: Object.entries(PROBLEMS).map(([no, description], i) => ({
      itemNo: Number(no),
      severity: i % 3 === 0 ? '严重事故隐患' : i % 3 === 1 ? '违法违规行为' : '一般问题',
      description,
      deadline: i % 3 === 0 ? '2024-10-12' : '2024-11-11',
    })),
    issuedOn: '2024-09-12',
    signatures: sampleSignatures(frame).slice(0, 2),
  };
}
