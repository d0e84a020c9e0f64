import { describe, expect, it } from 'vitest';
import {
  ATTACHMENT4_CELLS,
  ATTACHMENT4_GROUPS,
  ATTACHMENT4_KEYS,
  ATTACHMENT4_NOTE,
  ATTACHMENT4_TITLE,
  FOOTER_LABELS,
  HEADER_LABELS,
  PROBLEM_LIST_COLUMNS,
  PROBLEM_LIST_SECTION_TITLE,
  SUMMARY_SECTION_TITLE,
  attachment4CountsSchema,
  caption,
} from './attachment4';
import { readNotice } from '../test/support/reference';


function attachment4Text(): string {
  const ref = readNotice();
  const start = ref.indexOf('附件 4\n');
  if (start < 0) throw new Error('参考文件中找不到 附件4（“附件 4”）');
  return ref.slice(start);
}

const squash = (s: string): string => s.replace(/\s+/g, '');

const KEYS = [
  'selfCheckAgencies',
  'personnelChecked',
  'practisingProblems',
  'disclosureCancelled',
  'educationProblems',
  'educationRevoked',
  'titleProblems',
  'titleRevoked',
  'resourceShortAgencies',
  'resourceShortRectified',
  'personnelProblemAgencies',
  'personnelProblemRectified',
  'inspectedAgencies',
  'spotCheckAgencies',
  'violationAgencies',
  'directives',
  'penalties',
  'examInstitutionsInspected',
];

describe('附件4 structure', () => {
  it('has exactly the 18 agreed keys, in reading order, once each', () => {
    expect(ATTACHMENT4_KEYS).toEqual(KEYS);
  });

  it('two groups: 7 self-check rows (5 paired) and 6 supervision rows', () => {
    expect(ATTACHMENT4_GROUPS.map((g) => [g.key, g.rows.length, g.rows.filter((r) => r.paired).length])).toEqual([
      ['selfCheck', 7, 5],
      ['supervision', 6, 0],
    ]);
  });

  it('paired cells share the unit of their row', () => {
    for (const g of ATTACHMENT4_GROUPS) for (const r of g.rows) if (r.paired) expect(r.paired.unit, r.key).toBe(r.unit);
  });
});

describe('附件4 text matches the notice', () => {
  it('title, section titles, group labels', () => {
    const a4 = squash(attachment4Text());
    for (const s of [ATTACHMENT4_TITLE, SUMMARY_SECTION_TITLE, PROBLEM_LIST_SECTION_TITLE, ...ATTACHMENT4_GROUPS.map((g) => g.label)])
      expect(a4, s).toContain(s);
  });

  it('every row reads exactly as printed: caption, then the paired caption on the same line', () => {
    const lines = attachment4Text().split('\n').map(squash);
    for (const g of ATTACHMENT4_GROUPS) {
      for (const r of g.rows) {
        const want = caption(r) + (r.paired ? caption(r.paired) : '');
        expect(lines.some((l) => l.endsWith(want)), want).toBe(true);
      }
    }
  });

  it('list columns, header/footer labels and note', () => {
    const raw = attachment4Text();
    expect(raw).toContain(PROBLEM_LIST_COLUMNS.map((c) => c.label).join('\t'));
    expect(raw).toContain(`${HEADER_LABELS.unitName}：`);
    for (const label of Object.values(FOOTER_LABELS)) expect(raw, label).toContain(`${label}：`);
    expect(raw).toContain(ATTACHMENT4_NOTE);
  });
});

describe('attachment4CountsSchema', () => {
  const zeros = Object.fromEntries(ATTACHMENT4_CELLS.map((c) => [c.key, 0]));

  it('accepts whole non-negative counts', () => {
    expect(attachment4CountsSchema.parse({ ...zeros, penalties: 3 }).penalties).toBe(3);
  });

  it('names the cell in the message', () => {
    const r = attachment4CountsSchema.safeParse({ ...zeros, directives: -1, personnelChecked: 1.5, penalties: undefined });
    expect(r.error?.issues.map((i) => i.message).sort()).toEqual(
      ['“其中：下达安全监察指令书（份）”不能为负数', '“排查特种设备检验检测人员人数（人）”应为整数', '请填写“立案处罚数量（件）”'].sort(),
    );
  });
});
