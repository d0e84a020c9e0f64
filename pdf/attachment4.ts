/**
 * 附件4 特种设备检验检测机构规范化专业化建设年活动情况统计表, printed from the plain sheet
 * (forms/attachment4-sheet.ts): title, 统计期间, 单位名称（盖章）, the （一） summary grid and
 * the （二） 清单, the 填表人 lines beside a framed area for the unit's own stamp, the 填报说明,
 * the verification code of the 报送 report and an annex page with the three charts.
 *
 * No seal is drawn: 附件4 is a return the district bureau stamps by hand, so the page leaves
 * a marked place for the physical stamp instead. Every label comes from forms/attachment4.ts.
 */
import type { Content, ContentColumns, TableCell, TDocumentDefinitions, TDocumentInformation } from 'pdfmake/interfaces';
import {
  ATTACHMENT4_GROUPS,
  ATTACHMENT4_NOTE,
  ATTACHMENT4_TITLE,
  attachment4CountsSchema,
  caption,
  FOOTER_LABELS,
  HEADER_LABELS,
  PROBLEM_LIST_COLUMNS,
  PROBLEM_LIST_SECTION_TITLE,
  SUMMARY_SECTION_TITLE,
  type Attachment4Group,
  type Attachment4Row,
} from '../forms/attachment4';
import type { Attachment4Sheet } from '../forms/attachment4-sheet';
import { CHART_TITLES, CHART_WIDTH, type Attachment4ChartSvgs } from './attachment4-charts';
import { defaultFontSet, type FontSet } from './fonts';
import {
  AMENDED_RED,
  GAP,
  missingGlyphContent,
  requireData,
  requireDate,
  shanghaiDate,
  STYLES,
  type PdfDocument,
} from './frame';
import { qrCanvas } from './qr';
import { inlinePieces, TextSetter, type TextValue } from './text';
import { formatVerificationCode, shortHash } from './verification-code';

/** The service renders the charts and prints them with one import. */
export { attachment4ChartSvgs, type Attachment4ChartSvgs } from './attachment4-charts';

export const FORM_LABEL = '附件4';
export const DRAFT_LABEL = '草稿（未报送）';
export const STAMP_AREA_LABEL = '（单位盖章处）';
export const ANNEX_TITLE = '附：统计图表';

/** 40 mm in points: room for a round official seal (38–42 mm) pressed by hand. */
const STAMP_SIZE = 113;
const MARGIN = { side: 40, top: 44, bottom: 48 } as const;
/**
 * The five columns of the summary grid: A group, B caption, C number, D paired caption,
 * E paired number. B takes a caption of up to 22 characters on one line, D the longest
 * paired caption (已取消执业公示（人）).
 */
const SUMMARY_WIDTHS = [44, 206, 52, 100, '*'] as const;
/**
 * The 清单 keeps the five columns (序号, 单位名称, 存在问题说明 over C:D, 整改情况说明) but
 * not the summary's widths: there the text columns would be the narrow number columns.
 * A lines up with the summary, so the two tables still read as one form.
 */
const PROBLEM_WIDTHS = [44, 110, 80, 80, '*'] as const;
const COLUMNS = SUMMARY_WIDTHS.length;
const GRID_LAYOUT = {
  hLineWidth: () => 0.5,
  vLineWidth: () => 0.5,
  paddingTop: () => 2.5,
  paddingBottom: () => 2.5,
};

/** The verification code of a 报送 report; a malformed id or hash is a VALIDATION error, not a crash. */
function reportCode(signed: NonNullable<Attachment4Sheet['signed']>): string {
  try {
    return formatVerificationCode({ recordId: signed.reportId, revision: 1, sha256: signed.sha256 });
  } catch (e) {
    requireData(false, (e as Error).message, 'signed');
    throw e;
  }
}

/** Refuses a sheet the form cannot be printed from, naming the field. */
function checkSheet(sheet: Attachment4Sheet): void {
  requireData(sheet.unitName.trim() !== '', '单位名称为空，请在设置中填写检查单位后再打印', 'unitName');
  requireDate(sheet.from, '统计期间起始日期', 'from');
  requireDate(sheet.to, '统计期间截止日期', 'to');
  requireData(sheet.from <= sheet.to, `统计期间起始日期 ${sheet.from} 晚于截止日期 ${sheet.to}，请重新选择统计期间`, 'to');
  if (sheet.filledOn !== '') requireDate(sheet.filledOn, FOOTER_LABELS.filledOn, 'filledOn');
  const counts = attachment4CountsSchema.safeParse(sheet.counts);
  requireData(counts.success, counts.error?.issues[0]?.message ?? '统计数不完整，请重新统计后再打印', 'counts');
  sheet.problemList.forEach((p, i) => {
    requireData(p.unitName.trim() !== '', `清单第 ${i + 1} 行没有单位名称，请补全后再打印`, `problemList.${i}.unitName`);
  });
  if (sheet.signed !== null) reportCode(sheet.signed);
}

// --- the grid ----------------------------------------------------------------------

const middle = { verticalAlignment: 'middle' } as const;

function numberCell(n: number): TableCell {
  return { text: String(n), alignment: 'center', ...middle };
}

/** One line of a group: caption and number, then the paired caption and number or an empty D:E. */
function summaryRow(group: Attachment4Group, row: Attachment4Row, index: number, sheet: Attachment4Sheet): TableCell[] {
  const groupCell: TableCell =
    index === 0 ? { text: group.label, rowSpan: group.rows.length, alignment: 'center', bold: true, ...middle } : {};
  const paired: TableCell[] =
    row.paired === undefined
      ? [{ text: '', colSpan: 2 }, {}]
      : [{ text: caption(row.paired), ...middle }, numberCell(sheet.counts[row.paired.key])];
  return [groupCell, { text: caption(row), ...middle }, numberCell(sheet.counts[row.key]), ...paired];
}

function sectionRow(title: string): TableCell[] {
  return [{ text: title, colSpan: COLUMNS, bold: true, fillColor: '#f2f2f2' }, {}, {}, {}, {}];
}

function summaryTable(sheet: Attachment4Sheet): Content {
  const body: TableCell[][] = [
    sectionRow(SUMMARY_SECTION_TITLE),
    ...ATTACHMENT4_GROUPS.flatMap((g) => g.rows.map((r, i) => summaryRow(g, r, i, sheet))),
  ];
  return { table: { widths: [...SUMMARY_WIDTHS], body, dontBreakRows: true }, layout: GRID_LAYOUT };
}

function columnLabel(key: (typeof PROBLEM_LIST_COLUMNS)[number]['key']): string {
  return PROBLEM_LIST_COLUMNS.find((c) => c.key === key)?.label ?? '';
}

/**
 * The 清单 is its own table, drawn flush under the summary so the two read as one grid:
 * that way its section row and column header repeat on every page a long list runs onto.
 */
function problemTable(sheet: Attachment4Sheet, setter: TextSetter): Content {
  const th = (text: string, extra: Partial<TableCell> = {}): TableCell => ({ text, style: 'th', ...middle, ...extra }) as TableCell;
  const header: TableCell[] = [
    th(columnLabel('seq')),
    th(columnLabel('unitName')),
    th(columnLabel('problem'), { colSpan: 2 }),
    {},
    th(columnLabel('rectification')),
  ];
  const rows: TableCell[][] =
    sheet.problemList.length === 0
      ? [[{ text: '无', colSpan: COLUMNS, alignment: 'center' }, {}, {}, {}, {}]]
      : sheet.problemList.map((p, i): TableCell[] => [
          // Top-aligned: a 清单 row may run onto the next page, and pdfmake cannot split a
          // vertically centred cell (the page comes out broken).
          { text: String(i + 1), alignment: 'center' },
          { text: setter.set(p.unitName.trim()) },
          { text: setter.set(p.problem), colSpan: 2 },
          {},
          { text: setter.set(p.rectification) },
        ]);
  return {
    table: { widths: [...PROBLEM_WIDTHS], headerRows: 2, keepWithHeaderRows: 1, body: [sectionRow(PROBLEM_LIST_SECTION_TITLE), header, ...rows] },
    layout: GRID_LAYOUT,
  };
}

// --- around the grid ---------------------------------------------------------------------

function labelled(label: string, value: TextValue): Content {
  return { text: [`${label}：`, ...inlinePieces(value)], margin: [0, 0, 0, 7] };
}

/** A dashed 40 mm square marking where the unit presses its stamp; nothing is printed in its place. */
function stampArea(): Content {
  return {
    table: {
      widths: [STAMP_SIZE],
      heights: [STAMP_SIZE],
      body: [[{ text: STAMP_AREA_LABEL, color: '#888888', alignment: 'center', ...middle }]],
    },
    layout: {
      hLineWidth: () => 0.6,
      vLineWidth: () => 0.6,
      hLineColor: () => '#888888',
      vLineColor: () => '#888888',
      hLineStyle: () => ({ dash: { length: 3, space: 2 } }),
      vLineStyle: () => ({ dash: { length: 3, space: 2 } }),
      paddingLeft: () => 0,
      paddingRight: () => 0,
      paddingTop: () => 0,
      paddingBottom: () => 0,
    },
  };
}

/**
 * 填表人, 联系电话, 填报日期 on the left and the stamp area beside them, bottom right. A draft
 * sets the lines low so that 填报日期 ends level with the stamp area; a 报送 report puts its
 * verification block under them instead, so the whole form still fits on one page.
 */
function fillerBlock(sheet: Attachment4Sheet, setter: TextSetter): ContentColumns {
  const lines: Content = {
    fontSize: 10,
    stack: [
      labelled(FOOTER_LABELS.filledBy, setter.set(sheet.filledBy)),
      labelled(FOOTER_LABELS.phone, setter.set(sheet.phone)),
      labelled(FOOTER_LABELS.filledOn, sheet.filledOn),
    ],
  };
  const left: Content =
    sheet.signed === null
      ? { stack: [lines], margin: [0, STAMP_SIZE - 56, 0, 0] }
      : { stack: [lines, reportVerificationBlock(sheet.signed)] };
  return {
    unbreakable: true,
    margin: [0, 10, 0, 0],
    columnGap: 12,
    columns: [{ width: '*', ...left }, { width: STAMP_SIZE + 1, stack: [stampArea()] }],
  };
}

/**
 * The code cut after "DUCHA1:<报表编号>:1:" so it fits beside the stamp area; the QR code
 * holds it whole.
 */
function codeLines(code: string): string {
  const cut = code.lastIndexOf(':') + 1;
  return `${code.slice(0, cut)}\n${code.slice(cut)}`;
}

/** QR code beside the report's code, adapted from frame.ts's block (that one takes a PrintRecord). */
function reportVerificationBlock(signed: NonNullable<Attachment4Sheet['signed']>): ContentColumns {
  const code = reportCode(signed);
  return {
    unbreakable: true,
    margin: [0, 2, 0, 0],
    columnGap: 8,
    columns: [
      { width: 62, stack: [qrCanvas(code, 62)] },
      {
        width: '*',
        fontSize: 7.5,
        stack: [
          { text: '核验信息', bold: true, fontSize: 8.5 },
          `报表编号 ${signed.reportId}${GAP}报送日期 ${shanghaiDate(signed.submittedAt, 'signed.submittedAt')}`,
          `核验短码 ${shortHash(signed.sha256)}`,
          { text: [{ text: '核验码 ' }, { text: codeLines(code), fontSize: 6.5 }] },
          { text: '核验码含报送时报表内容的 SHA-256 摘要，可据此核对本件与系统中报送的报表是否一致。', color: '#444444' },
        ],
      },
    ],
  };
}

function chartBlock(title: string, svg: string): Content {
  return {
    unbreakable: true,
    margin: [0, 8, 0, 6],
    stack: [
      { text: title, bold: true, fontSize: 11, alignment: 'center', margin: [0, 0, 0, 2] },
      { svg, width: CHART_WIDTH },
    ],
  };
}

function annex(charts: Attachment4ChartSvgs): Content[] {
  return [
    { text: ANNEX_TITLE, fontSize: 12, bold: true, pageBreak: 'before', margin: [0, 0, 0, 4] },
    chartBlock(CHART_TITLES.scores, charts.scores),
    chartBlock(CHART_TITLES.indicators, charts.indicators),
    ...(charts.districts === null ? [] : [chartBlock(CHART_TITLES.districts, charts.districts)]),
  ];
}

// --- the page ------------------------------------------------------------------------------

function periodText(sheet: Attachment4Sheet): string {
  return `统计期间：${sheet.from} 至 ${sheet.to}`;
}

function documentInfo(sheet: Attachment4Sheet): TDocumentInformation {
  const info: TDocumentInformation = {
    title: `${ATTACHMENT4_TITLE} — ${sheet.unitName}`,
    author: sheet.unitName,
    subject: `${FORM_LABEL} ${periodText(sheet)}${sheet.signed === null ? ` ${DRAFT_LABEL}` : ` 报表 ${sheet.signed.reportId}`}`,
    creator: '督查台 Ducha',
  };
  // pdf/verify.ts reads the code back from here; keep it the only keyword. A draft has none.
  if (sheet.signed !== null) info.keywords = reportCode(sheet.signed);
  return info;
}

/** Page size, margins, header (附件4, 草稿 in red), footer (unit, period, 第 X 页 共 Y 页), metadata. */
function pageFrame(sheet: Attachment4Sheet, setter: TextSetter): Omit<TDocumentDefinitions, 'content'> {
  const unit = inlinePieces(setter.set(sheet.unitName));
  const status: Content =
    sheet.signed === null
      ? { text: DRAFT_LABEL, color: AMENDED_RED, bold: true, fontSize: 10, alignment: 'right' }
      : { text: `已报送（${shanghaiDate(sheet.signed.submittedAt, 'signed.submittedAt')}）`, color: '#444444', fontSize: 8, alignment: 'right' };
  return {
    pageSize: 'A4',
    pageOrientation: 'portrait',
    pageMargins: [MARGIN.side, MARGIN.top, MARGIN.side, MARGIN.bottom],
    info: documentInfo(sheet),
    defaultStyle: { font: setter.fonts.primary.family, fontSize: 9, lineHeight: 1.15 },
    styles: STYLES,
    header: () => ({
      margin: [MARGIN.side, 18, MARGIN.side, 0],
      columns: [{ text: FORM_LABEL, fontSize: 8, color: '#444444' }, status],
    }),
    footer: (currentPage: number, pageCount: number) => ({
      margin: [MARGIN.side, 12, MARGIN.side, 0],
      fontSize: 8,
      columns: [
        { width: '*', text: ['单位：', ...unit, `${GAP}${periodText(sheet)}`] },
        { width: 'auto', text: `第 ${currentPage} 页 共 ${pageCount} 页`, alignment: 'right' },
      ],
    }),
  };
}

/**
 * The 附件4 definition. `charts` are the SVGs of attachment4ChartSvgs (drawn without their
 * titles, which are printed here as text). Throws a Chinese VALIDATION AppError when the
 * sheet cannot be printed.
 */
export function buildAttachment4(sheet: Attachment4Sheet, charts: Attachment4ChartSvgs, fonts: FontSet = defaultFontSet()): PdfDocument {
  checkSheet(sheet);
  const setter = new TextSetter(fonts);
  const frame = pageFrame(sheet, setter);
  const content: Content[] = [
    { text: ATTACHMENT4_TITLE, style: 'title', margin: [0, 4, 0, 2] },
    { text: periodText(sheet), alignment: 'center', fontSize: 10, margin: [0, 0, 0, 10] },
    { text: [`${HEADER_LABELS.unitName}：`, ...inlinePieces(setter.set(sheet.unitName))], fontSize: 10.5, margin: [0, 0, 0, 6] },
    summaryTable(sheet),
    problemTable(sheet, setter),
    fillerBlock(sheet, setter),
    { text: ATTACHMENT4_NOTE, fontSize: 9, margin: [0, 8, 0, 0] },
  ];
  content.push(...missingGlyphContent(setter), ...annex(charts));
  return { definition: { ...frame, content }, missingGlyphs: setter.missingGlyphs() };
}
