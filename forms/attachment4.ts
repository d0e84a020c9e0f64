/**
 * 附件4 特种设备检验检测机构规范化专业化建设年活动情况统计表
 * (沪市监特种〔2024〕317号), filed by each 区市场监管局 and 临港新片区局.
 *
 * Labels are the notice's text with the PDF extraction's stray whitespace
 * removed. The unit (家/人/份/件) is kept apart from the label so reports can
 * style it; `caption()` rebuilds the cell text exactly as printed.
 *
 * Pure module: shared by the renderer, aggregation and report code.
 */
import { z } from 'zod';

export const ATTACHMENT4_NO = 4;

export const ATTACHMENT4_TITLE = '特种设备检验检测机构规范化专业化建设年活动情况统计表';

export type Attachment4Unit = '家' | '人' | '份' | '件';

export type Attachment4Key =
  | 'selfCheckAgencies'
  | 'personnelChecked'
  | 'practisingProblems'
  | 'disclosureCancelled'
  | 'educationProblems'
  | 'educationRevoked'
  | 'titleProblems'
  | 'titleRevoked'
  | 'resourceShortAgencies'
  | 'resourceShortRectified'
  | 'personnelProblemAgencies'
  | 'personnelProblemRectified'
  | 'inspectedAgencies'
  | 'spotCheckAgencies'
  | 'violationAgencies'
  | 'directives'
  | 'penalties'
  | 'examInstitutionsInspected';

export interface Attachment4Cell {
  key: Attachment4Key;
  label: string;
  unit: Attachment4Unit;
}

export interface Attachment4Row extends Attachment4Cell {
  /** Right-hand column on the same line (已取消执业公示 / 已注销资质 / 已整改). */
  paired?: Attachment4Cell;
}

export interface Attachment4Group {
  key: 'selfCheck' | 'supervision';
  /** Merged first-column cell. */
  label: string;
  rows: readonly Attachment4Row[];
}

/** Cell text as printed: label followed by the unit in full-width brackets. */
export function caption(cell: Attachment4Cell): string {
  return `${cell.label}（${cell.unit}）`;
}

export const SUMMARY_SECTION_TITLE = '（一）特种设备检验检测机构自查和监督检查情况汇总';

/**
 * “其中：” is part of the printed label and marks a subset of the row above
 * (for 发现真实执业存在问题人数 it heads the three problem rows); it is kept
 * verbatim rather than turned into indentation so the PDF matches the notice.
 */
export const ATTACHMENT4_GROUPS: readonly Attachment4Group[] = [
  {
    key: 'selfCheck',
    label: '特种设备检验检测机构自查情况',
    rows: [
      { key: 'selfCheckAgencies', label: '组织开展自查的机构总数', unit: '家' },
      { key: 'personnelChecked', label: '排查特种设备检验检测人员人数', unit: '人' },
      {
        key: 'practisingProblems',
        label: '其中：发现真实执业存在问题人数',
        unit: '人',
        paired: { key: 'disclosureCancelled', label: '已取消执业公示', unit: '人' },
      },
      {
        key: 'educationProblems',
        label: '发现学历存在问题人数',
        unit: '人',
        paired: { key: 'educationRevoked', label: '已注销资质', unit: '人' },
      },
      {
        key: 'titleProblems',
        label: '发现职称存在问题人数',
        unit: '人',
        paired: { key: 'titleRevoked', label: '已注销资质', unit: '人' },
      },
      {
        key: 'resourceShortAgencies',
        label: '发现人员资源条件不满足《核准规则》规定的检验检测机构数量',
        unit: '家',
        paired: { key: 'resourceShortRectified', label: '已整改', unit: '家' },
      },
      {
        key: 'personnelProblemAgencies',
        label: '发现真实执业、学历、职称存在问题的检验检测机构数量',
        unit: '家',
        paired: { key: 'personnelProblemRectified', label: '已整改', unit: '家' },
      },
    ],
  },
  {
    key: 'supervision',
    label: '市场监管部门督导检查情况',
    rows: [
      { key: 'inspectedAgencies', label: '开展检验检测质量监督检查的机构数量', unit: '家' },
      { key: 'spotCheckAgencies', label: '其中：开展检验检测现场抽查的机构数', unit: '家' },
      { key: 'violationAgencies', label: '发现存在违法违规行为的检验检测机构数量', unit: '家' },
      { key: 'directives', label: '其中：下达安全监察指令书', unit: '份' },
      { key: 'penalties', label: '立案处罚数量', unit: '件' },
      { key: 'examInstitutionsInspected', label: '开展监督检查的考试机构数量', unit: '家' },
    ],
  },
];

/** Every numeric cell (main and paired) in reading order: left, then right, row by row. */
export const ATTACHMENT4_CELLS: readonly Attachment4Cell[] = ATTACHMENT4_GROUPS.flatMap((g) =>
  g.rows.flatMap((r) => {
    const main: Attachment4Cell = { key: r.key, label: r.label, unit: r.unit };
    return r.paired === undefined ? [main] : [main, r.paired];
  }),
);

export const ATTACHMENT4_KEYS: readonly Attachment4Key[] = ATTACHMENT4_CELLS.map((c) => c.key);

export type Attachment4Counts = Record<Attachment4Key, number>;

/**
 * Each cell must be a whole, non-negative number; the message names the cell.
 * Built from ATTACHMENT4_CELLS so a new row cannot be forgotten here; the cast
 * only restores the key type that Object.fromEntries widens to string.
 */
export const attachment4CountsSchema = z.object(
  Object.fromEntries(
    ATTACHMENT4_CELLS.map((c) => [
      c.key,
      z
        .number({ error: `请填写“${caption(c)}”` })
        .int({ error: `“${caption(c)}”应为整数` })
        .min(0, { error: `“${caption(c)}”不能为负数` }),
    ]),
  ) as Record<Attachment4Key, z.ZodNumber>,
);

export const PROBLEM_LIST_SECTION_TITLE = '（二）存在问题的特种设备检验检测机构和考试机构清单';

export const PROBLEM_LIST_COLUMNS = [
  { key: 'seq', label: '序号' },
  { key: 'unitName', label: '单位名称' },
  { key: 'problem', label: '存在问题说明' },
  { key: 'rectification', label: '整改情况说明' },
] as const;

/** Header above the table. Colon added by the renderer. */
export const HEADER_LABELS = {
  unitName: '单位名称（盖章）',
} as const;

/** Lines below the table. Colons added by the renderer. */
export const FOOTER_LABELS = {
  filledBy: '填表人姓名',
  phone: '联系电话',
  filledOn: '填报日期',
} as const;

export const ATTACHMENT4_NOTE = '（此表由各区市场监管局、临港新片区局负责填报；可根据实际需要添加行）';
