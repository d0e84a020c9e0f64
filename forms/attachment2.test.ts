import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  ATTACHMENT2_TITLE,
  CHECK_VALUES,
  FILLING_NOTE,
  FOOTER_LABELS,
  HEADER_LABELS,
  NAME_MAX_CODE_POINTS,
  ROSTER_COLUMNS,
  ROSTER_SECTION_TITLE,
  SIGNATURE_LABELS,
  SUMMARY_LABELS,
  SUMMARY_SECTION_TITLE,
  type CheckValue,
  type PersonRow,
  computePersonnelCounts,
  parseCheckValue,
  personRowSchema,
} from './attachment2';
import { readNotice } from '../test/support/reference';


const squash = (s: string): string => s.replace(/\s+/g, '');

function attachment2Text(): string {
  const ref = readNotice();
  const start = ref.indexOf('附件 2\n');
  const end = ref.indexOf('附件 3\n', start);
  if (start < 0 || end < 0) throw new Error('参考文件中找不到 附件2 的范围（“附件 2” … “附件 3”）');
  return ref.slice(start, end);
}

describe('附件2 labels match the notice', () => {
  it('title is the 机构人员 form, not 人员', () => {
    expect(ATTACHMENT2_TITLE).toBe('特种设备检验检测机构人员条件自查情况统计表');
    expect(attachment2Text()).toContain(ATTACHMENT2_TITLE);
  });

  it('summary labels, section titles, signature lines', () => {
    const a2 = squash(attachment2Text());
    for (const label of [
      SUMMARY_SECTION_TITLE,
      ROSTER_SECTION_TITLE,
      ...Object.values(SUMMARY_LABELS),
      ...Object.values(HEADER_LABELS),
      ...Object.values(FOOTER_LABELS),
    ])
      expect(a2, label).toContain(squash(label));
    expect(SIGNATURE_LABELS).toEqual(['单位名称（盖章）', '单位主要负责人签字', '填表人姓名', '联系电话', '填报日期']);
    for (const label of SIGNATURE_LABELS) expect(a2, label).toContain(`${label}：`);
  });

  it('numbered summary labels keep the notice text exactly, including “1. ”', () => {
    const raw = attachment2Text();
    for (const label of [SUMMARY_LABELS.totalPersonnel, SUMMARY_LABELS.disclosedPersonnel, SUMMARY_LABELS.socialInsurancePersonnel, SUMMARY_LABELS.meetsResourceConditions])
      expect(raw).toContain(label);
    expect(SUMMARY_LABELS.checkedTotal).toBe('共排查检验检测人员总数');
  });

  it('official roster columns appear in order on one header line; extras are flagged', () => {
    const official = ROSTER_COLUMNS.filter((c) => !c.appExtra).map((c) => c.label);
    expect(official).toEqual(['序号', '姓名', '是否在本单位真实执业', '初次取证时提交的学历是否真实', '初次取证时提交的职称是否真实', '存在问题及整改情况说明']);
    expect(attachment2Text()).toContain(official.join('\t'));
    expect(ROSTER_COLUMNS.filter((c) => c.appExtra).map((c) => c.label)).toEqual(['证书编号', '已取消执业公示', '已注销资质']);
    expect(new Set(ROSTER_COLUMNS.map((c) => c.key)).size).toBe(ROSTER_COLUMNS.length);
  });

  it('填报说明 is verbatim', () => {
    expect(attachment2Text()).toContain(FILLING_NOTE);
    // The 不涉及 mark the note prescribes is the CHECK_VALUES dash.
    expect(FILLING_NOTE).toContain(`不涉及的填“${CHECK_VALUES[2]}”`);
  });
});

describe('parseCheckValue', () => {
  it.each([
    ['是', '是'],
    ['否', '否'],
    [' 是 ', '是'],
    ['\u3000否\u3000', '否'],
    ['—', '—'],
    ['——', '—'],
    ['-', '—'],
    ['－', '—'],
    ['–', '—'],
    [' — ', '—'],
  ] as const)('%j → %s', (raw, want) => {
    expect(parseCheckValue(raw)).toBe(want);
  });

  it.each(['', ' ', '/', '无', 'Y', 'N', '√', '×', '是否', '---', '是。', '不涉及'])('%j → null', (raw) => {
    expect(parseCheckValue(raw)).toBeNull();
  });

  it('is idempotent on its own output', () => {
    for (const v of CHECK_VALUES) expect(parseCheckValue(v)).toBe(v);
  });
});

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

const NAMES_OUTSIDE_GB2312 = ['王喆', '李堃', '刘龑', '𠮷野家', '张𡈼', '欧阳𠮷𡈼'];

describe('personRowSchema', () => {
  const base = { name: '王喆', practising: '是', education: '是', title: '—' };

  it('fills defaults and trims', () => {
    expect(personRowSchema.parse({ ...base, name: '  李堃 ', certNo: '  ' })).toEqual({
      name: '李堃',
      certNo: undefined,
      practising: '是',
      education: '是',
      title: '—',
      note: '',
      disclosureCancelled: false,
      qualificationRevoked: false,
    });
  });

  it.each(NAMES_OUTSIDE_GB2312)('keeps %s intact', (name) => {
    expect(personRowSchema.parse({ ...base, name }).name).toBe(name);
  });

  it('caps names at 50 code points, never at 50 UTF-16 units', () => {
    const fifty = '𠮷'.repeat(NAME_MAX_CODE_POINTS);
    expect(fifty.length).toBe(100); // UTF-16 length would wrongly reject this
    expect(personRowSchema.parse({ ...base, name: fifty }).name).toBe(fifty);
    const r = personRowSchema.safeParse({ ...base, name: `${fifty}喆` });
    expect(r.error?.issues.map((i) => i.message)).toEqual(['姓名不能超过 50 个字']);
  });

  it('Chinese messages naming the column', () => {
    const r = personRowSchema.safeParse({ name: ' ', practising: 'yes', education: undefined, title: '/' });
    const msgs = Object.fromEntries(r.error?.issues.map((i) => [String(i.path[0]), i.message]) ?? []);
    expect(msgs).toEqual({
      name: '请填写姓名',
      practising: '是否在本单位真实执业应填“是”、“否”或“—”（不涉及）',
      education: '初次取证时提交的学历是否真实应填“是”、“否”或“—”（不涉及）',
      title: '初次取证时提交的职称是否真实应填“是”、“否”或“—”（不涉及）',
    });
    expect(personRowSchema.safeParse({ ...base, name: undefined }).error?.issues[0]?.message).toBe('请填写姓名');
  });

  it('never splits a surrogate pair: any accepted name round-trips unchanged (trim aside)', () => {
    const cjkOrAstral = fc.constantFrom('王', '喆', '堃', '龑', '𠮷', '𡈼', '·', 'A');
    fc.assert(
      fc.property(fc.array(cjkOrAstral, { minLength: 1, maxLength: 60 }), (parts) => {
        const name = parts.join('');
        const r = personRowSchema.safeParse({ ...base, name });
        expect(r.success).toBe(parts.length <= NAME_MAX_CODE_POINTS);
        if (r.success) {
          expect(r.data.name).toBe(name);
          expect(r.data.name).not.toMatch(LONE_SURROGATE);
        }
      }),
    );
  });

  it('the module does not measure or cut strings by UTF-16 length', () => {
    // The one sanctioned measure is the array length of Array.from (code points).
    const src = readFileSync(fileURLToPath(new URL('./attachment2.ts', import.meta.url)), 'utf8')
      .replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '')
      .replaceAll('Array.from(s).length', '');
    expect(src).not.toMatch(/\.length\b|\.slice\(|\.substring\(|\.substr\(|\.max\(/);
  });
});

describe('computePersonnelCounts', () => {
  const row = (p: CheckValue, e: CheckValue, t: CheckValue, dc = false, qr = false): PersonRow => ({
    name: 'x',
    practising: p,
    education: e,
    title: t,
    note: '',
    disclosureCancelled: dc,
    qualificationRevoked: qr,
  });

  it('counts 否 as a problem, — and 是 as none', () => {
    expect(
      computePersonnelCounts([
        row('是', '是', '是'),
        row('否', '是', '—', true),
        row('是', '否', '否', false, true),
        row('否', '否', '否', true, true),
        row('—', '—', '—'),
      ]),
    ).toEqual({
      total: 5,
      practisingProblems: 2,
      educationProblems: 2,
      titleProblems: 2,
      anyProblem: 3,
      disclosureCancelled: 2,
      qualificationRevoked: 2,
      educationRevoked: 2,
      titleRevoked: 2,
    });
  });

  it('empty roster is all zeros', () => {
    expect(Object.values(computePersonnelCounts([])).every((n) => n === 0)).toBe(true);
  });

  it('invariants hold for any roster', () => {
    const value = fc.constantFrom(...CHECK_VALUES);
    const arbRow = fc.record({ p: value, e: value, t: value, dc: fc.boolean(), qr: fc.boolean() }).map((r) => row(r.p, r.e, r.t, r.dc, r.qr));
    fc.assert(
      fc.property(fc.array(arbRow, { maxLength: 40 }), (rows) => {
        const c = computePersonnelCounts(rows);
        expect(c.total).toBe(rows.length);
        expect(c.anyProblem).toBeLessThanOrEqual(c.total);
        expect(c.anyProblem).toBeGreaterThanOrEqual(Math.max(c.practisingProblems, c.educationProblems, c.titleProblems));
        expect(c.anyProblem).toBeLessThanOrEqual(c.practisingProblems + c.educationProblems + c.titleProblems);
        expect(c.educationRevoked).toBeLessThanOrEqual(Math.min(c.educationProblems, c.qualificationRevoked));
        expect(c.titleRevoked).toBeLessThanOrEqual(Math.min(c.titleProblems, c.qualificationRevoked));
        expect(c.anyProblem).toBe(rows.filter((r) => [r.practising, r.education, r.title].includes('否')).length);
      }),
    );
  });
});
