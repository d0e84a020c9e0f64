/**
 * 附件4 as an Excel sheet, laid out like the notice's table: 附件4, the title, 统计期间,
 * 单位名称（盖章）, the （一） grid (group label merged down column A, caption and number,
 * paired caption and number), the （二） 清单 (存在问题说明 over C:D), the 填表人 lines and the
 * 填报说明. Every label comes from forms/attachment4.ts; numbers are numeric cells, so the
 * bureau can add them up. A4 portrait, one page wide.
 */
import ExcelJS from 'exceljs';
import {
  ATTACHMENT4_GROUPS,
  ATTACHMENT4_NO,
  ATTACHMENT4_NOTE,
  ATTACHMENT4_TITLE,
  caption,
  FOOTER_LABELS,
  HEADER_LABELS,
  PROBLEM_LIST_COLUMNS,
  PROBLEM_LIST_SECTION_TITLE,
  SUMMARY_SECTION_TITLE,
  type Attachment4Group,
} from '../../../forms/attachment4';
import type { Attachment4Sheet, Attachment4SheetRow } from '../../../forms/attachment4-sheet';

export const WORKSHEET_NAME = `附件${ATTACHMENT4_NO}`;

const FONT = '宋体';
const THIN: Partial<ExcelJS.Borders> = {
  top: { style: 'thin' },
  left: { style: 'thin' },
  bottom: { style: 'thin' },
  right: { style: 'thin' },
};
/**
 * Column widths in Excel's units (about one Latin digit; a Chinese character takes two).
 * B holds the longest caption on two lines; E is wide because in the 清单 it holds the
 * 整改情况说明, and C:D together the 存在问题说明.
 */
// (exceljs leaves out a width of exactly 9, its default, so C is not 9.)
const WIDTHS = { A: 12, B: 48, C: 10, D: 22, E: 27 } as const;
type Column = keyof typeof WIDTHS;
const LAST: Column = 'E';
/** Height of one line of 11 pt 宋体, in points. */
const LINE_HEIGHT = 15;

interface CellStyle {
  bold?: boolean;
  size?: number;
  horizontal?: 'left' | 'center';
}

/** Excel width units `text` takes: two per wide (CJK, full-width) character, one otherwise. */
function widthUnits(text: string): number {
  let n = 0;
  for (const ch of text) n += (ch.codePointAt(0) as number) > 0x2e7f ? 2 : 1;
  return n;
}

/**
 * Lines `text` wraps to in a cell `width` units wide. Excel does not grow a row to fit
 * wrapped text in merged cells, and rows are sized from this estimate instead.
 */
export function wrappedLines(text: string, width: number): number {
  const usable = Math.max(1, width - 1);
  return text.split('\n').reduce((n, line) => n + Math.max(1, Math.ceil(widthUnits(line) / usable)), 0);
}

function span(from: Column, to: Column): number {
  const cols = Object.keys(WIDTHS) as Column[];
  return cols.slice(cols.indexOf(from), cols.indexOf(to) + 1).reduce((n, c) => n + WIDTHS[c], 0);
}

/** Grows a row to the tallest wrapped text in it (never shrinks it). */
function fitRow(ws: ExcelJS.Worksheet, row: number, texts: readonly { text: string; width: number }[]): void {
  const lines = Math.max(1, ...texts.map((t) => wrappedLines(t.text, t.width)));
  const height = lines * LINE_HEIGHT + 4;
  const r = ws.getRow(row);
  r.height = Math.max(r.height ?? 0, height);
}

function styleCell(cell: ExcelJS.Cell, style: CellStyle, wrap: boolean): void {
  cell.font = { name: FONT, size: style.size ?? 11, bold: style.bold ?? false };
  cell.alignment = { vertical: 'middle', horizontal: style.horizontal ?? 'left', wrapText: wrap };
}

/** A text line across the whole width, outside the table (no border). */
function line(ws: ExcelJS.Worksheet, row: number, text: string, style: CellStyle = {}): void {
  ws.mergeCells(`A${row}:${LAST}${row}`);
  const cell = ws.getCell(`A${row}`);
  cell.value = text;
  styleCell(cell, style, true);
  fitRow(ws, row, [{ text, width: span('A', LAST) }]);
}

/** A table cell (merged when `to` is given) with a thin border on every cell it covers. */
function box(ws: ExcelJS.Worksheet, from: string, to: string | null, value: string | number, style: CellStyle = {}): void {
  if (to !== null) ws.mergeCells(`${from}:${to}`);
  const cell = ws.getCell(from);
  cell.value = value;
  styleCell(cell, style, true);
  // Every cell of a merged range carries the border, or printed boxes lose their edges.
  const a = ws.getCell(from);
  const b = ws.getCell(to ?? from);
  for (let r = Number(a.row); r <= Number(b.row); r++) {
    for (let c = Number(a.col); c <= Number(b.col); c++) ws.getCell(r, c).border = THIN;
  }
}

/** The title block above the table; returns the first row after it. */
function writeHeading(ws: ExcelJS.Worksheet, sheet: Attachment4Sheet): number {
  ws.getCell('A1').value = WORKSHEET_NAME;
  ws.getCell('A1').font = { name: FONT, size: 10 };
  line(ws, 2, ATTACHMENT4_TITLE, { bold: true, size: 16, horizontal: 'center' });
  ws.getRow(2).height = 30;
  line(ws, 3, `统计期间：${sheet.from} 至 ${sheet.to}`, { horizontal: 'center' });
  line(ws, 4, `${HEADER_LABELS.unitName}：${sheet.unitName}`);
  ws.getRow(4).height = 24;
  return 5;
}

/** One group of the （一） grid from `start`: its label merged down A; returns the row after it. */
function writeGroup(ws: ExcelJS.Worksheet, group: Attachment4Group, sheet: Attachment4Sheet, start: number): number {
  const end = start + group.rows.length - 1;
  box(ws, `A${start}`, `A${end}`, group.label, { bold: true, horizontal: 'center' });
  group.rows.forEach((row, i) => {
    const r = start + i;
    box(ws, `B${r}`, null, caption(row));
    box(ws, `C${r}`, null, sheet.counts[row.key], { horizontal: 'center' });
    if (row.paired === undefined) {
      box(ws, `D${r}`, `E${r}`, '');
    } else {
      box(ws, `D${r}`, null, caption(row.paired));
      box(ws, `E${r}`, null, sheet.counts[row.paired.key], { horizontal: 'center' });
    }
    fitRow(ws, r, [
      { text: caption(row), width: WIDTHS.B },
      { text: row.paired === undefined ? '' : caption(row.paired), width: WIDTHS.D },
    ]);
  });
  // The merged label must fit its rows too (Excel will not grow them for it).
  const needed = wrappedLines(group.label, WIDTHS.A) * LINE_HEIGHT + 4;
  const have = group.rows.reduce((n, _, i) => n + (ws.getRow(start + i).height ?? LINE_HEIGHT), 0);
  if (have < needed) ws.getRow(end).height = (ws.getRow(end).height ?? LINE_HEIGHT) + (needed - have);
  return end + 1;
}

function writeSummary(ws: ExcelJS.Worksheet, sheet: Attachment4Sheet, start: number): number {
  box(ws, `A${start}`, `${LAST}${start}`, SUMMARY_SECTION_TITLE, { bold: true });
  ws.getRow(start).height = 22;
  return ATTACHMENT4_GROUPS.reduce((row, g) => writeGroup(ws, g, sheet, row), start + 1);
}

function columnLabel(key: (typeof PROBLEM_LIST_COLUMNS)[number]['key']): string {
  return PROBLEM_LIST_COLUMNS.find((c) => c.key === key)?.label ?? '';
}

function writeProblemRow(ws: ExcelJS.Worksheet, p: Attachment4SheetRow, seq: number, r: number): void {
  box(ws, `A${r}`, null, seq, { horizontal: 'center' });
  box(ws, `B${r}`, null, p.unitName);
  box(ws, `C${r}`, `D${r}`, p.problem);
  box(ws, `E${r}`, null, p.rectification);
  fitRow(ws, r, [
    { text: p.unitName, width: WIDTHS.B },
    { text: p.problem, width: span('C', 'D') },
    { text: p.rectification, width: WIDTHS.E },
  ]);
  ws.getCell(`C${r}`).alignment = { vertical: 'top', horizontal: 'left', wrapText: true };
  ws.getCell(`E${r}`).alignment = { vertical: 'top', horizontal: 'left', wrapText: true };
}

/** The （二） 清单: section row, column header, one row per entry (or 无); returns the row after it. */
function writeProblemList(ws: ExcelJS.Worksheet, sheet: Attachment4Sheet, start: number): number {
  box(ws, `A${start}`, `${LAST}${start}`, PROBLEM_LIST_SECTION_TITLE, { bold: true });
  ws.getRow(start).height = 22;
  const head = start + 1;
  const th: CellStyle = { bold: true, horizontal: 'center' };
  box(ws, `A${head}`, null, columnLabel('seq'), th);
  box(ws, `B${head}`, null, columnLabel('unitName'), th);
  box(ws, `C${head}`, `D${head}`, columnLabel('problem'), th);
  box(ws, `E${head}`, null, columnLabel('rectification'), th);
  ws.getRow(head).height = 22;
  if (sheet.problemList.length === 0) {
    box(ws, `A${head + 1}`, `${LAST}${head + 1}`, '无', { horizontal: 'center' });
    return head + 2;
  }
  sheet.problemList.forEach((p, i) => writeProblemRow(ws, p, i + 1, head + 1 + i));
  // A long 清单 runs onto more pages: repeat its header there.
  ws.pageSetup.printTitlesRow = `${start}:${head}`;
  return head + 1 + sheet.problemList.length;
}

function writeFooter(ws: ExcelJS.Worksheet, sheet: Attachment4Sheet, start: number): void {
  line(ws, start, `${FOOTER_LABELS.filledBy}：${sheet.filledBy}`);
  line(ws, start + 1, `${FOOTER_LABELS.phone}：${sheet.phone}`);
  line(ws, start + 2, `${FOOTER_LABELS.filledOn}：${sheet.filledOn}`);
  line(ws, start + 3, ATTACHMENT4_NOTE);
  for (let r = start; r <= start + 2; r++) ws.getRow(r).height = 22;
}

/** Text for Excel's print header and footer, where “&” starts a code and “&&” prints one. */
function headerFooterText(s: string): string {
  return s.replace(/&/g, '&&');
}

export function attachment4Workbook(sheet: Attachment4Sheet): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  wb.creator = '督查台';
  wb.title = `${ATTACHMENT4_TITLE} — ${sheet.unitName}`;
  const ws = wb.addWorksheet(WORKSHEET_NAME, {
    pageSetup: {
      paperSize: 9, // A4
      orientation: 'portrait',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0, // as many pages tall as the 清单 needs
      horizontalCentered: true,
      margins: { left: 0.6, right: 0.6, top: 0.75, bottom: 0.75, header: 0.3, footer: 0.3 },
    },
    headerFooter: { oddFooter: `&L${headerFooterText(sheet.unitName)}\u3000统计期间：${sheet.from} 至 ${sheet.to}&R第 &P 页 共 &N 页` },
  });
  ws.columns = (Object.keys(WIDTHS) as Column[]).map((c) => ({ key: c, width: WIDTHS[c] }));
  const summaryStart = writeHeading(ws, sheet);
  const listStart = writeSummary(ws, sheet, summaryStart);
  const after = writeProblemList(ws, sheet, listStart);
  writeFooter(ws, sheet, after + 1);
  return wb;
}

/** The 附件4 workbook as .xlsx bytes. */
export async function attachment4Xlsx(sheet: Attachment4Sheet): Promise<Buffer> {
  const bytes = await attachment4Workbook(sheet).xlsx.writeBuffer();
  return Buffer.from(bytes);
}
