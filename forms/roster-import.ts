/**
 * Turning a table of text cells (from an XLSX sheet or a CSV file) into 附件2
 * roster rows: find the header row, map columns to fields, validate every row
 * and report problems by the row number the user sees in Excel.
 *
 * Pure module: the file decoding lives in core/tabular; the renderer reuses
 * the field list and labels for its column-mapping step.
 */
import { isIsoDate, isPhone } from './agency';
import {
  FOOTER_LABELS,
  HEADER_LABELS,
  ROSTER_COLUMNS,
  SUMMARY_LABELS,
  parseCheckValue,
  personRowSchema,
  type CheckValue,
  type PersonRow,
  type RosterColumn,
} from './attachment2';

export type RosterFieldKey = RosterColumn['key'];

export interface RosterField {
  key: RosterFieldKey;
  /** The 附件2 (or app) column label, verbatim. */
  label: string;
  /** A row cannot be imported without it. */
  required: boolean;
  /** Part of the official 附件2 table (序号 … 存在问题及整改情况说明). */
  official: boolean;
  /** Other header spellings met in agencies' own spreadsheets. */
  aliases: readonly string[];
}

const ALIASES: Record<RosterFieldKey, readonly string[]> = {
  seq: ['编号', 'No.', 'NO', '序'],
  name: ['人员姓名', '名字', '检验检测人员姓名'],
  practising: ['是否真实执业', '真实执业', '是否在本单位执业'],
  education: ['学历是否真实', '学历真实', '初次取证学历是否真实'],
  title: ['职称是否真实', '职称真实', '初次取证职称是否真实'],
  note: ['存在问题及整改情况', '整改情况说明', '问题及整改情况', '备注', '说明'],
  certNo: ['持证编号', '证件编号', '资格证书编号', '证号'],
  disclosureCancelled: ['是否已取消执业公示', '取消执业公示'],
  qualificationRevoked: ['是否已注销资质', '注销资质'],
};

const REQUIRED: ReadonlySet<RosterFieldKey> = new Set(['name', 'practising', 'education', 'title']);

export const ROSTER_FIELDS: readonly RosterField[] = ROSTER_COLUMNS.map((c) => ({
  key: c.key,
  label: c.label,
  required: REQUIRED.has(c.key),
  official: !c.appExtra,
  aliases: ALIASES[c.key],
}));

/** Field → 0-based column index in the header row, or null when not imported. */
export type RosterMapping = Record<RosterFieldKey, number | null>;

export function emptyMapping(): RosterMapping {
  return {
    seq: null,
    name: null,
    practising: null,
    education: null,
    title: null,
    note: null,
    certNo: null,
    disclosureCancelled: null,
    qualificationRevoked: null,
  };
}

/**
 * Header cells are compared after NFKC (full-width → half-width) and with all
 * whitespace removed: Excel headers are often wrapped onto two lines, and the
 * PDF-to-Word copies of 附件2 carry stray spaces inside the words.
 */
export function normalizeHeader(s: string): string {
  return s.normalize('NFKC').replace(/\s+/g, '');
}

const LOOKUP: ReadonlyMap<string, RosterFieldKey> = (() => {
  const m = new Map<string, RosterFieldKey>();
  for (const f of ROSTER_FIELDS) {
    for (const spelling of [f.label, ...f.aliases]) m.set(normalizeHeader(spelling), f.key);
  }
  return m;
})();

/** Guesses a mapping from header cells; the first column naming a field wins. */
export function guessMapping(headers: readonly string[]): RosterMapping {
  const mapping = emptyMapping();
  headers.forEach((h, i) => {
    const key = LOOKUP.get(normalizeHeader(h));
    if (key !== undefined && mapping[key] === null) mapping[key] = i;
  });
  return mapping;
}

/** How many header rows are searched: the 附件2 layout puts 13 rows above its table. */
const HEADER_SCAN_ROWS = 40;

/**
 * 0-based index of the roster's header row: the first row among the top
 * HEADER_SCAN_ROWS that names 姓名 and at least one more roster column.
 * null when no row qualifies (the user then maps columns by hand).
 */
export function findHeaderRow(table: readonly (readonly string[])[]): number | null {
  const limit = Math.min(table.length, HEADER_SCAN_ROWS);
  for (let r = 0; r < limit; r++) {
    const m = guessMapping(table[r] ?? []);
    const found = Object.values(m).filter((v) => v !== null).length;
    if (m.name !== null && found >= 2) return r;
  }
  return null;
}

/** The required fields the mapping leaves out, as labels. */
export function missingRequired(mapping: RosterMapping): string[] {
  return ROSTER_FIELDS.filter((f) => f.required && mapping[f.key] === null).map((f) => f.label);
}

/**
 * True when the header row names every column of the official 附件2 table
 * (序号 may be absent: it is renumbered anyway), so no mapping step is needed.
 */
export function isDirectMapping(mapping: RosterMapping): boolean {
  return ROSTER_FIELDS.every((f) => !f.official || f.key === 'seq' || mapping[f.key] !== null);
}

// ---------------------------------------------------------------------------
// Rows

export interface RowError {
  /** 1-based row number as Excel (or a text editor, for CSV) shows it. */
  row: number;
  /** Column label the problem is in, when it is about one cell. */
  column?: string;
  message: string;
}

export interface ParsedPerson extends PersonRow {
  /** 1-based source row number, for previews and error messages. */
  row: number;
}

export interface RosterTableResult {
  persons: ParsedPerson[];
  errors: RowError[];
  /** Data rows seen (blank rows and the form's footer excluded). */
  rowCount: number;
}

/**
 * Footer lines of the 附件2 layout end the roster, so a filled-in copy of our
 * own export (or the notice's template) imports without its signature lines
 * being read as people.
 */
const FOOTER_STARTS = [
  FOOTER_LABELS.filledBy,
  FOOTER_LABELS.phone,
  FOOTER_LABELS.filledOn,
  HEADER_LABELS.principalSignature,
  '(填报说明',
].map(normalizeHeader);

function isFooterRow(cells: readonly string[]): boolean {
  const first = cells.find((c) => c.trim() !== '');
  if (first === undefined) return false;
  const n = normalizeHeader(first);
  return FOOTER_STARTS.some((s) => n.startsWith(s));
}

const TRUE_FLAGS: ReadonlySet<string> = new Set(['是', '√', '✓', '✔', 'Y', 'YES', '1', 'TRUE', '已']);
const FALSE_FLAGS: ReadonlySet<string> = new Set(['', '否', 'N', 'NO', '0', 'FALSE', '未']);

/** 已取消执业公示 / 已注销资质: blank means no; 是/√ means yes. */
export function parseFlag(raw: string): boolean | null {
  const s = raw.normalize('NFKC').trim().toUpperCase();
  if (TRUE_FLAGS.has(s)) return true;
  if (FALSE_FLAGS.has(s) || parseCheckValue(s) === '—') return false;
  return null;
}

/** Shows a cell value in a message, shortened so one bad cell cannot flood the list. */
function quote(s: string): string {
  const chars = Array.from(s.trim());
  return chars.length > 20 ? `${chars.slice(0, 20).join('')}…` : chars.join('');
}

const CHECK_FIELDS = ['practising', 'education', 'title'] as const;

function labelOf(key: RosterFieldKey): string {
  return ROSTER_FIELDS.find((f) => f.key === key)?.label ?? key;
}

/**
 * Validates every data row below `headerRow` (0-based) with the same rules as
 * typed rows (personRowSchema). A check value other than 是/否/— is an error
 * quoting what the cell holds; nothing is guessed.
 */
export function parseRosterTable(
  table: readonly (readonly string[])[],
  headerRow: number,
  mapping: RosterMapping,
): RosterTableResult {
  const persons: ParsedPerson[] = [];
  const errors: RowError[] = [];
  const certRows = new Map<string, number>();
  let rowCount = 0;
  const cell = (cells: readonly string[], key: RosterFieldKey): string => {
    const i = mapping[key];
    return i === null ? '' : (cells[i] ?? '');
  };
  const mappedColumns = Object.values(mapping).filter((v): v is number => v !== null);

  for (let r = headerRow + 1; r < table.length; r++) {
    const cells = table[r] ?? [];
    if (isFooterRow(cells)) break;
    if (mappedColumns.every((i) => (cells[i] ?? '').trim() === '')) continue;
    rowCount++;
    const row = r + 1;
    const before = errors.length;

    const checks: Partial<Record<(typeof CHECK_FIELDS)[number], CheckValue>> = {};
    for (const key of CHECK_FIELDS) {
      const raw = cell(cells, key);
      const v = parseCheckValue(raw);
      if (v === null) {
        const actual = raw.trim() === '' ? '，该格为空' : `，实际为“${quote(raw)}”`;
        errors.push({ row, column: labelOf(key), message: `${labelOf(key)}应填“是”、“否”或“—”（不涉及）${actual}` });
      } else {
        checks[key] = v;
      }
    }
    const flags: { disclosureCancelled: boolean; qualificationRevoked: boolean } = {
      disclosureCancelled: false,
      qualificationRevoked: false,
    };
    for (const key of ['disclosureCancelled', 'qualificationRevoked'] as const) {
      const raw = cell(cells, key);
      const v = parseFlag(raw);
      if (v === null) {
        errors.push({ row, column: labelOf(key), message: `${labelOf(key)}应填“是”或留空，实际为“${quote(raw)}”` });
      } else {
        flags[key] = v;
      }
    }

    const parsed = personRowSchema.safeParse({
      name: cell(cells, 'name'),
      certNo: cell(cells, 'certNo'),
      // Check values already failed above are replaced so the schema reports only the rest.
      practising: checks.practising ?? '—',
      education: checks.education ?? '—',
      title: checks.title ?? '—',
      note: cell(cells, 'note'),
      ...flags,
    });
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const key = issue.path[0];
        const column = typeof key === 'string' ? labelOf(key as RosterFieldKey) : undefined;
        errors.push({ row, ...(column ? { column } : {}), message: issue.message });
      }
    } else if (errors.length === before) {
      const p = parsed.data;
      if (p.certNo !== undefined) {
        const first = certRows.get(p.certNo);
        if (first !== undefined) {
          errors.push({ row, column: labelOf('certNo'), message: `证书编号 ${p.certNo} 与第 ${first} 行重复` });
          continue;
        }
        certRows.set(p.certNo, row);
      }
      persons.push({ ...p, row });
    }
  }
  return { persons, errors, rowCount };
}

// ---------------------------------------------------------------------------
// The summary block and footer of a filled-in 附件2

export interface ChecklistExtras {
  totalStaff?: number;
  disclosedCount?: number;
  socialInsuranceCount?: number;
  meetsRequirements?: '是' | '否';
  filledBy?: string;
  filledPhone?: string;
  filledOn?: string;
}

const COUNT_LABELS = [
  ['totalStaff', SUMMARY_LABELS.totalPersonnel],
  ['disclosedCount', SUMMARY_LABELS.disclosedPersonnel],
  ['socialInsuranceCount', SUMMARY_LABELS.socialInsurancePersonnel],
] as const;

const FOOTER_FIELDS = [
  ['filledBy', FOOTER_LABELS.filledBy],
  ['filledPhone', FOOTER_LABELS.phone],
  ['filledOn', FOOTER_LABELS.filledOn],
] as const;

/** The value of a labelled line: after the “：” in the same cell, else the next non-empty cell. */
function labelledValue(cells: readonly string[], index: number): string {
  const own = (cells[index] ?? '').trim();
  const colon = own.search(/[：:]/);
  const rest = colon < 0 ? '' : own.slice(colon + 1).trim();
  if (rest !== '') return rest;
  for (let i = index + 1; i < cells.length; i++) {
    const v = (cells[i] ?? '').trim();
    if (v !== '') return v;
  }
  return '';
}

/** 0-based index of the first footer line below the header, or null. */
export function findFooterRow(table: readonly (readonly string[])[], headerRow: number): number | null {
  for (let r = headerRow + 1; r < table.length; r++) if (isFooterRow(table[r] ?? [])) return r;
  return null;
}

/**
 * 'YYYY-MM-DD' from the spellings a 填报日期 arrives in (2024-7-20, 2024/07/20,
 * 2024.7.20, 2024年7月20日); anything else is returned unchanged so the date
 * check downstream reports it.
 */
export function normalizeDateText(raw: string): string {
  const s = raw.normalize('NFKC').trim();
  const m = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/.exec(s);
  if (m === null) return s;
  return `${m[1]}-${(m[2] ?? '').padStart(2, '0')}-${(m[3] ?? '').padStart(2, '0')}`;
}

/**
 * Reads the （一） summary block above the roster and the 填表人 lines below
 * it, when the file is a filled-in 附件2. Values that are not what the form
 * asks for (a count that is not a whole number, 是否 other than 是/否) are
 * reported as row errors; blank values are simply absent.
 */
export function readChecklistExtras(
  table: readonly (readonly string[])[],
  headerRow: number,
): { extras: ChecklistExtras; errors: RowError[] } {
  const extras: ChecklistExtras = {};
  const errors: RowError[] = [];
  const meetsLabel = SUMMARY_LABELS.meetsResourceConditions;
  const countRows = new Map<string, number>();
  for (let r = 0; r < headerRow; r++) {
    const cells = table[r] ?? [];
    cells.forEach((c, i) => {
      const n = normalizeHeader(c);
      for (const [key, label] of COUNT_LABELS) {
        if (n !== normalizeHeader(label)) continue;
        const v = labelledValue(cells, i).normalize('NFKC');
        if (v === '') continue;
        countRows.set(key, r + 1);
        if (/^\d{1,6}$/.test(v)) extras[key] = Number(v);
        else errors.push({ row: r + 1, column: label, message: `${label}应为整数，实际为“${quote(v)}”` });
      }
      if (n === normalizeHeader(meetsLabel)) {
        const v = labelledValue(cells, i);
        const parsed = parseCheckValue(v);
        if (parsed === '是' || parsed === '否') extras.meetsRequirements = parsed;
        else if (v !== '') errors.push({ row: r + 1, column: meetsLabel, message: `${meetsLabel}应填“是”或“否”，实际为“${quote(v)}”` });
      }
    });
  }
  const footer = findFooterRow(table, headerRow);
  for (let r = footer ?? table.length; r < table.length; r++) {
    const cells = table[r] ?? [];
    cells.forEach((c, i) => {
      const n = normalizeHeader(c);
      for (const [key, label] of FOOTER_FIELDS) {
        if (!n.startsWith(normalizeHeader(label))) continue;
        const raw = labelledValue(cells, i);
        if (raw === '') continue;
        const v = key === 'filledOn' ? normalizeDateText(raw) : raw;
        if (key === 'filledOn' && !isIsoDate(v)) {
          errors.push({ row: r + 1, column: label, message: `${label}应为有效日期（如 2024-07-20），实际为“${quote(raw)}”` });
        } else if (key === 'filledPhone' && !isPhone(v)) {
          errors.push({ row: r + 1, column: label, message: `${label}格式不正确，实际为“${quote(raw)}”` });
        } else if (Array.from(v).length > 50) {
          errors.push({ row: r + 1, column: label, message: `${label}不能超过 50 个字` });
        } else {
          extras[key] = v;
        }
      }
    });
  }
  // A part of the staff cannot outnumber the whole: a typo in the agency's report.
  for (const [key, label] of COUNT_LABELS.slice(1)) {
    const v = extras[key];
    if (v !== undefined && extras.totalStaff !== undefined && v > extras.totalStaff) {
      errors.push({ row: countRows.get(key) ?? 0, column: label, message: `${label}（${v}）不能大于人员总数（${extras.totalStaff}）` });
    }
  }
  return { extras, errors };
}

/** One line per error, as shown in the CLI and in error messages. */
export function formatRowError(e: RowError): string {
  return `第 ${e.row} 行：${e.message}`;
}

/** A short list for a message: the first `limit` errors and how many more there are. */
export function summarizeRowErrors(errors: readonly RowError[], limit = 10): string {
  const shown = errors.slice(0, limit).map(formatRowError).join('；');
  return errors.length > limit ? `${shown}；……另有 ${errors.length - limit} 处` : shown;
}
