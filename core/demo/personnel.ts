/**
 * Demo 附件2 rosters and 附件1 reviews for the demo agencies: 8–30 people
 * each (names with 喆 堃 龑 𠮷 among them), a few 否 answers with the notes an
 * agency would write, a filled summary block, and a self-check review for two
 * agencies. The exam centre gets none: 附件2 is for 检验检测机构.
 *
 * Everything goes through the dispatcher (the roster through
 * `personnel/import`, as a user's file would). Idempotent: an agency that
 * already has a roster or a reviewed self-check is left as it is.
 */
import dayjs from 'dayjs';
import type { App } from '../app';
import type { ApiResult } from '../../lib/errors';
import type { Checklist } from '../contract/personnel';
import type { SelfCheck } from '../contract/selfcheck';
import { ROSTER_COLUMNS } from '../../forms/attachment2';
import { guessMapping } from '../../forms/roster-import';

export interface DemoPersonnelResult {
  rostersAdded: number;
  personsAdded: number;
  selfChecksAdded: number;
}

interface RosterSpec {
  size: number;
  /** Names placed first, so the rare characters are on the first screen. */
  names: string[];
  /** seq (1-based) → answers and note for the persons with a problem. */
  problems: Record<number, { practising?: '否'; education?: '否'; title?: '否'; note: string; cancelled?: boolean; revoked?: boolean }>;
  /** Persons for whom a check does not apply (e.g. 无损检测 without a 职称 requirement). */
  notApplicable?: number[];
  filledBy: string;
  phone: string;
}

/** Keyed by the first 17 characters of the demo agencies' credit codes (core/demo/seed.ts). */
const ROSTERS: Record<string, RosterSpec> = {
  '12310000425012345': {
    size: 30,
    names: ['王喆', '李堃', '张龑', '𠮷田花子'],
    problems: {
      7: { practising: '否', note: '2024 年 3 月已离职，未及时取消执业公示；7 月 10 日已办理取消', cancelled: true },
      19: { title: '否', note: '工程师职称证书在人社部门无法查到，已要求本人书面说明，暂停签发报告' },
    },
    filledBy: '王晓堃',
    phone: '13801710001',
  },
  '12310112425098765': {
    size: 18,
    names: ['张喆', '陈堃'],
    problems: {
      5: { education: '否', note: '学信网查无此学历证书，已报发证机关注销其资格证书', revoked: true },
    },
    filledBy: '张喆',
    phone: '13916620002',
  },
  '91310115MA1K4B2C7': {
    size: 12,
    names: ['周龑', '刘芳'],
    problems: {
      3: { practising: '否', note: '社保由其他单位缴纳，实际在外单位工作；已取消执业公示', cancelled: true },
      8: { practising: '否', education: '否', note: '挂证人员，学历证书系伪造；已取消执业公示并报请注销资质', cancelled: true, revoked: true },
    },
    notApplicable: [11, 12],
    filledBy: '刘芳',
    phone: '021-58881234',
  },
  '91310113MA1G7H8J2': {
    size: 9,
    names: ['𠮷田花子', '孙丽', '𠮷田明'],
    problems: {},
    notApplicable: [1, 2, 3, 4, 5, 6, 7, 8, 9],
    filledBy: '孙丽',
    phone: '13611220005',
  },
  '91310000MA7C9D3E5': {
    size: 8,
    names: ['钱勇'],
    problems: {
      6: { title: '否', note: '高级工程师职称评审材料不实，已撤销聘任' },
    },
    filledBy: '钱勇',
    phone: '13585850007',
  },
  '12310114425011111': {
    size: 24,
    names: ['郑敏', '吴喆'],
    problems: {},
    filledBy: '郑敏',
    phone: '13817170009',
  },
};

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '周', '吴', '徐', '孙', '朱', '马', '胡', '郭', '林', '何', '高', '罗'];
const GIVEN = ['建华', '志强', '晓东', '丽', '敏', '伟', '芳', '静', '磊', '洋', '勇', '艳', '杰', '娟', '涛', '明', '超', '秀英', '霞', '平', '堃', '喆'];

/** Deterministic names, so a reseed on another laptop gives the same people. */
function nameAt(i: number, offset: number): string {
  return `${SURNAMES[(i * 7 + offset) % SURNAMES.length] ?? '王'}${GIVEN[(i * 5 + offset * 3) % GIVEN.length] ?? '伟'}`;
}

function csvCell(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function rosterCsv(spec: RosterSpec, agencyIndex: number): string {
  const header = ROSTER_COLUMNS.map((c) => c.label);
  const lines = [header.join(',')];
  for (let seq = 1; seq <= spec.size; seq++) {
    const p = spec.problems[seq];
    const na = spec.notApplicable?.includes(seq) ?? false;
    const name = spec.names[seq - 1] ?? nameAt(seq, agencyIndex);
    const values: Record<(typeof ROSTER_COLUMNS)[number]['key'], string> = {
      seq: String(seq),
      name,
      practising: p?.practising ?? '是',
      education: p?.education ?? '是',
      title: p?.title ?? (na ? '—' : '是'),
      note: p?.note ?? '',
      certNo: `TSZ31${String(agencyIndex).padStart(2, '0')}${String(2015 + (seq % 9))}${String(seq).padStart(5, '0')}`,
      disclosureCancelled: p?.cancelled ? '是' : '',
      qualificationRevoked: p?.revoked ? '是' : '',
    };
    lines.push(ROSTER_COLUMNS.map((c) => csvCell(values[c.key])).join(','));
  }
  return lines.join('\r\n');
}

/** 附件1 reviews for two agencies: what they found, what they fixed, what the inspector thinks. */
const SELF_CHECKS: Record<string, { key: string; problems: string; corrections: string; acceptance: '认可' | '不认可' | '待核实' }[]> = {
  '12310000425012345': [
    { key: '1.1', problems: '', corrections: '领导班子分工文件已于 2024 年 1 月修订', acceptance: '认可' },
    { key: '2.2', problems: '3 台超声测厚仪超期未检定', corrections: '已送上海市计量测试技术研究院检定，取得证书', acceptance: '认可' },
    { key: '2.3', problems: '1 名检验人员 3 月离职后未取消执业公示', corrections: '7 月 10 日已取消执业公示', acceptance: '认可' },
    { key: '3.3', problems: '2023 年管理评审报告未覆盖投诉处理', corrections: '已补充管理评审报告', acceptance: '待核实' },
    { key: '4.1', problems: '抽查 20 份电梯定检报告，1 份原始记录校核人未签字', corrections: '已补签并对校核人员再培训', acceptance: '不认可' },
  ],
  '91310115MA1K4B2C7': [
    { key: '2.3', problems: '2 名检测人员社保不在本单位缴纳', corrections: '已取消其执业公示，1 人报请注销资质', acceptance: '认可' },
    { key: '3.2', problems: '未开展 2023 年度检测能力内部评价', corrections: '计划 2024 年 9 月开展', acceptance: '待核实' },
    { key: '5.1', problems: '', corrections: '', acceptance: '认可' },
  ],
};

function must<T>(r: ApiResult<unknown>): T {
  if (!r.ok) throw new Error(`演示人员数据写入失败：${r.error.message}`);
  return r.value as T;
}

export async function seedDemoPersonnel(app: App): Promise<DemoPersonnelResult> {
  const result: DemoPersonnelResult = { rostersAdded: 0, personsAdded: 0, selfChecksAdded: 0 };
  const today = dayjs(app.ctx.today());
  const agencies = must<{ id: string; creditCode: string }[]>(await app.dispatch('agencies/list', {}));
  const header = ROSTER_COLUMNS.map((c) => c.label);
  for (const agency of agencies) {
    const prefix = agency.creditCode.slice(0, 17);
    const index = Object.keys(ROSTERS).indexOf(prefix);
    const spec = ROSTERS[prefix];
    if (spec) {
      const current = must<Checklist>(await app.dispatch('personnel/get', { agencyId: agency.id }));
      if (current.persons.length === 0) {
        const contentBase64 = Buffer.from(rosterCsv(spec, index + 1), 'utf8').toString('base64');
        const r = must<{ imported: number }>(
          await app.dispatch('personnel/import', { agencyId: agency.id, fileName: 'demo.csv', contentBase64, mapping: guessMapping(header) }),
        );
        const problems = Object.keys(spec.problems).length;
        must(
          await app.dispatch('personnel/saveSummary', {
            agencyId: agency.id,
            totalStaff: spec.size,
            disclosedCount: spec.size - problems,
            socialInsuranceCount: spec.size - problems,
            meetsRequirements: problems > 1 ? '否' : '是',
            filledBy: spec.filledBy,
            filledPhone: spec.phone,
            filledOn: today.subtract(index + 3, 'day').format('YYYY-MM-DD'),
          }),
        );
        result.rostersAdded += 1;
        result.personsAdded += r.imported;
      }
    }
    const review = SELF_CHECKS[prefix];
    if (review) {
      const current = must<SelfCheck>(await app.dispatch('selfcheck/get', { agencyId: agency.id }));
      if (current.progress.reviewed === 0) {
        must(await app.dispatch('selfcheck/save', { agencyId: agency.id, items: review }));
        result.selfChecksAdded += 1;
      }
    }
  }
  return result;
}
