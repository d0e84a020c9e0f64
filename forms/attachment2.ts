/**
 * 附件2 特种设备检验检测机构人员条件自查情况统计表 (沪市监特种〔2024〕317号).
 *
 * Label text is copied from the notice; the only edits are removing the
 * whitespace the PDF extraction inserted inside Chinese phrases. The tests
 * check every label against the reference notice, so edit both together.
 *
 * Pure module: shared by the renderer, import and report code.
 */
import { z } from 'zod';

export const ATTACHMENT2_NO = 2;

export const ATTACHMENT2_TITLE = '特种设备检验检测机构人员条件自查情况统计表';

// ---------------------------------------------------------------------------
// 是 / 否 / —

/**
 * The three answers the 填报说明 allows: “是”、“否”，不涉及的填“—” (U+2014, one
 * em dash, exactly as printed in the notice).
 */
export const CHECK_VALUES = ['是', '否', '—'] as const;
export type CheckValue = (typeof CHECK_VALUES)[number];

/**
 * Dash spellings people actually type for “—”: ASCII hyphen, full-width
 * hyphen (Chinese IME), en dash, em dash, and the doubled em dash “——” that
 * Shift+- produces in most Chinese IMEs. Anything else (including “/”, “无”,
 * “√”) is rejected rather than guessed, so an import surfaces it for a human.
 */
const DASH_VARIANTS: ReadonlySet<string> = new Set(['-', '－', '–', '—', '——']);

export function parseCheckValue(raw: string): CheckValue | null {
  // trim() also strips U+3000 ideographic space, common in pasted cells.
  const s = raw.trim();
  if (s === '是' || s === '否') return s;
  if (DASH_VARIANTS.has(s)) return '—';
  return null;
}

// ---------------------------------------------------------------------------
// Layout labels

/** Header lines above the summary block. Colons are added by the renderer. */
export const HEADER_LABELS = {
  unitName: '单位名称（盖章）',
  principalSignature: '单位主要负责人签字',
} as const;

/** Lines below the roster. Colons are added by the renderer. */
export const FOOTER_LABELS = {
  filledBy: '填表人姓名',
  phone: '联系电话',
  filledOn: '填报日期',
} as const;

/** All signature/footer labels in the order they appear on the form. */
export const SIGNATURE_LABELS = [
  HEADER_LABELS.unitName,
  HEADER_LABELS.principalSignature,
  FOOTER_LABELS.filledBy,
  FOOTER_LABELS.phone,
  FOOTER_LABELS.filledOn,
] as const;

export const SUMMARY_SECTION_TITLE = '（一）自查情况汇总';

/**
 * （一） block. Rows 1–3 are counts, row 4 is 是/否; the last four are the
 * computed totals (“共排查检验检测人员 总数” in the extraction, joined here).
 */
export const SUMMARY_LABELS = {
  totalPersonnel: '1. 特种设备检验检测人员总数',
  disclosedPersonnel: '2. 办理执业公示的特种设备检验检测人员数量',
  socialInsurancePersonnel: '3. 持续缴纳社保的特种设备检验检测人员数量',
  meetsResourceConditions: '4. 是否持续满足《核准规则》规定的人员资源条件',
  checkedTotal: '共排查检验检测人员总数',
  practisingProblems: '发现真实执业存在问题人数',
  educationProblems: '发现学历存在问题人数',
  titleProblems: '发现职称存在问题人数',
} as const;

export type SummaryKey = keyof typeof SUMMARY_LABELS;

/** “注 1” refers to item 1 of the 填报说明 (fill in every certified person). */
export const ROSTER_SECTION_TITLE = '（二）本单位工作的特种设备检验检测人员排查清单（注1）';

export interface RosterColumn {
  key: 'seq' | 'name' | 'practising' | 'education' | 'title' | 'note' | 'certNo' | 'disclosureCancelled' | 'qualificationRevoked';
  label: string;
  /**
   * true = not in 附件2; added by this app so the per-person outcome feeds
   * 附件4 (已取消执业公示 / 已注销资质) and people can be matched by 证书编号.
   * The official-form renderer must drop these columns.
   */
  appExtra: boolean;
}

export const ROSTER_COLUMNS: readonly RosterColumn[] = [
  { key: 'seq', label: '序号', appExtra: false },
  { key: 'name', label: '姓名', appExtra: false },
  { key: 'practising', label: '是否在本单位真实执业', appExtra: false },
  { key: 'education', label: '初次取证时提交的学历是否真实', appExtra: false },
  { key: 'title', label: '初次取证时提交的职称是否真实', appExtra: false },
  { key: 'note', label: '存在问题及整改情况说明', appExtra: false },
  { key: 'certNo', label: '证书编号', appExtra: true },
  { key: 'disclosureCancelled', label: '已取消执业公示', appExtra: true },
  { key: 'qualificationRevoked', label: '已注销资质', appExtra: true },
];

/** The 填报说明, verbatim (including the notice's “1. ” spacing). */
export const FILLING_NOTE =
  '（填报说明：1. 检验检测机构应对本单位的全部持证检验检测人员逐人逐行填写排查清单，并根据实际情况填写“是”、“否”，不涉及的填“—”；2. 本表可根据实际需要添加行）';

// ---------------------------------------------------------------------------
// Roster rows

export interface PersonRow {
  name: string;
  certNo?: string;
  practising: CheckValue;
  education: CheckValue;
  title: CheckValue;
  note: string;
  disclosureCancelled: boolean;
  qualificationRevoked: boolean;
}

export const NAME_MAX_CODE_POINTS = 50;
export const CERT_NO_MAX_CODE_POINTS = 64;
export const NOTE_MAX_CODE_POINTS = 1000;

/**
 * Code points, not `.length`: a name like 𠮷 is two UTF-16 units, and a
 * UTF-16 cap would both miscount it and invite slicing through a surrogate.
 */
function codePointLength(s: string): number {
  return Array.from(s).length;
}

function checkValueField(label: string) {
  return z.enum(CHECK_VALUES, { error: `${label}应填“是”、“否”或“—”（不涉及）` });
}

export const personRowSchema = z.object({
  name: z
    .string({ error: '请填写姓名' })
    .trim()
    .refine((s) => s !== '', { error: '请填写姓名' })
    .refine((s) => codePointLength(s) <= NAME_MAX_CODE_POINTS, {
      error: `姓名不能超过 ${NAME_MAX_CODE_POINTS} 个字`,
    }),
  // Blank means “not recorded”, so it is folded to undefined, not kept as ''.
  certNo: z
    .string({ error: '证书编号应为文本' })
    .trim()
    .refine((s) => codePointLength(s) <= CERT_NO_MAX_CODE_POINTS, {
      error: `证书编号不能超过 ${CERT_NO_MAX_CODE_POINTS} 个字`,
    })
    .optional()
    .transform((s) => (s === undefined || s === '' ? undefined : s)),
  practising: checkValueField('是否在本单位真实执业'),
  education: checkValueField('初次取证时提交的学历是否真实'),
  title: checkValueField('初次取证时提交的职称是否真实'),
  note: z
    .string({ error: '存在问题及整改情况说明应为文本' })
    .trim()
    .refine((s) => codePointLength(s) <= NOTE_MAX_CODE_POINTS, {
      error: `存在问题及整改情况说明不能超过 ${NOTE_MAX_CODE_POINTS} 个字`,
    })
    .default(''),
  disclosureCancelled: z.boolean({ error: '已取消执业公示应为是或否' }).default(false),
  qualificationRevoked: z.boolean({ error: '已注销资质应为是或否' }).default(false),
});

// Compile-time guard that the schema output stays assignable to PersonRow.
const _schemaMatchesRow: (r: z.output<typeof personRowSchema>) => PersonRow = (r) => r;
void _schemaMatchesRow;

// ---------------------------------------------------------------------------
// Counts

export interface PersonnelCounts {
  /** 共排查检验检测人员总数 — every roster row. */
  total: number;
  /** 发现真实执业存在问题人数 — practising === '否'. */
  practisingProblems: number;
  /** 发现学历存在问题人数 — education === '否'. */
  educationProblems: number;
  /** 发现职称存在问题人数 — title === '否'. */
  titleProblems: number;
  /** Persons with at least one 否 (one person with three problems counts once). */
  anyProblem: number;
  /** Rows flagged 已取消执业公示. */
  disclosureCancelled: number;
  /** Rows flagged 已注销资质. */
  qualificationRevoked: number;
  /**
   * 附件4 pairs 已注销资质 with both the 学历 and the 职称 rows, so revoked
   * persons are also split by which problem they had (a person with both
   * counts in both).
   */
  educationRevoked: number;
  titleRevoked: number;
}

type CountableRow = Pick<PersonRow, 'practising' | 'education' | 'title' | 'disclosureCancelled' | 'qualificationRevoked'>;

/** A 否 is a problem; “—” (不涉及) and 是 are not. */
export function computePersonnelCounts(rows: readonly CountableRow[]): PersonnelCounts {
  const counts: PersonnelCounts = {
    total: 0,
    practisingProblems: 0,
    educationProblems: 0,
    titleProblems: 0,
    anyProblem: 0,
    disclosureCancelled: 0,
    qualificationRevoked: 0,
    educationRevoked: 0,
    titleRevoked: 0,
  };
  for (const r of rows) {
    counts.total++;
    const p = r.practising === '否';
    const e = r.education === '否';
    const t = r.title === '否';
    if (p) counts.practisingProblems++;
    if (e) counts.educationProblems++;
    if (t) counts.titleProblems++;
    if (p || e || t) counts.anyProblem++;
    if (r.disclosureCancelled) counts.disclosureCancelled++;
    if (r.qualificationRevoked) {
      counts.qualificationRevoked++;
      if (e) counts.educationRevoked++;
      if (t) counts.titleRevoked++;
    }
  }
  return counts;
}
