import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  ATTACHMENT4_CELLS,
  ATTACHMENT4_GROUPS,
  ATTACHMENT4_NOTE,
  ATTACHMENT4_TITLE,
  caption,
  FOOTER_LABELS,
  HEADER_LABELS,
  PROBLEM_LIST_COLUMNS,
  PROBLEM_LIST_SECTION_TITLE,
  SUMMARY_SECTION_TITLE,
} from '../../../forms/attachment4';
import type { Attachment4Sheet } from '../../../forms/attachment4-sheet';
import { sampleSheet } from '../../../test/support/attachment4-sheet';
import { attachment4Xlsx, wrappedLines } from './xlsx';

/** The sheet written to .xlsx bytes and read back the way a user's Excel would open it. */
async function readBack(sheet: Attachment4Sheet): Promise<ExcelJS.Worksheet> {
  const wb = new ExcelJS.Workbook();
  const bytes = await attachment4Xlsx(sheet);
  await wb.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
  const ws = wb.getWorksheet('附件4');
  if (ws === undefined) throw new Error('没有名为“附件4”的工作表');
  return ws;
}

function merges(ws: ExcelJS.Worksheet): string[] {
  return (ws.model as { merges: string[] }).merges;
}

/** Row of the first cell in column `col` whose text is exactly `text`. */
function rowOf(ws: ExcelJS.Worksheet, col: string, text: string): number {
  for (let r = 1; r <= ws.rowCount; r++) if (ws.getCell(`${col}${r}`).value === text) return r;
  throw new Error(`列 ${col} 中没有“${text}”`);
}

describe('附件4 spreadsheet of the sample sheet', () => {
  const sheet = sampleSheet();
  let ws: ExcelJS.Worksheet;

  beforeAll(async () => {
    ws = await readBack(sheet);
  });

  it('is one A4 portrait sheet 附件4, a page wide, headed like the notice', () => {
    expect(ws.name).toBe('附件4');
    expect(ws.pageSetup.paperSize).toBe(9);
    expect(ws.pageSetup.orientation).toBe('portrait');
    expect(ws.pageSetup.fitToPage).toBe(true);
    expect(ws.pageSetup.fitToWidth).toBe(1);
    expect(ws.pageSetup.margins?.left).toBeGreaterThan(0);
    expect(ws.getCell('A1').value).toBe('附件4');
    expect(ws.getCell('A2').value).toBe(ATTACHMENT4_TITLE);
    expect(ws.getCell('A3').value).toBe('统计期间：2026-01-01 至 2026-07-26');
    expect(ws.getCell('A4').value).toBe(`${HEADER_LABELS.unitName}：浦东新区市场监管局`);
    expect(merges(ws)).toEqual(expect.arrayContaining(['A2:E2', 'A3:E3', 'A4:E4']));
    for (const c of ['A', 'B', 'C', 'D', 'E']) expect(ws.getColumn(c).width).toBeGreaterThan(5);
  });

  it('merges each group label down column A over its rows, and section rows across the table', () => {
    expect(ws.getCell('A5').value).toBe(SUMMARY_SECTION_TITLE);
    const selfCheck = ATTACHMENT4_GROUPS[0];
    const supervision = ATTACHMENT4_GROUPS[1];
    if (selfCheck === undefined || supervision === undefined) throw new Error('附件4 应有两组');
    expect(ws.getCell('A6').value).toBe(selfCheck.label);
    expect(ws.getCell('A13').value).toBe(supervision.label);
    expect(ws.getCell('A19').value).toBe(PROBLEM_LIST_SECTION_TITLE);
    expect(merges(ws)).toEqual(expect.arrayContaining(['A5:E5', 'A6:A12', 'A13:A18', 'A19:E19']));
    expect(ws.getCell('A6').alignment?.wrapText).toBe(true);
  });

  it('has every caption verbatim with its number, a numeric cell, right beside it', () => {
    // Row by row: paired captions repeat (已注销资质（人）, 已整改（家）), the main ones do not.
    let seen = 0;
    for (const g of ATTACHMENT4_GROUPS) {
      for (const row of g.rows) {
        const r = rowOf(ws, 'B', caption(row));
        expect(ws.getCell(`C${r}`).value).toBe(sheet.counts[row.key]);
        seen++;
        if (row.paired === undefined) continue;
        expect(ws.getCell(`D${r}`).value).toBe(caption(row.paired));
        expect(ws.getCell(`E${r}`).value).toBe(sheet.counts[row.paired.key]);
        seen++;
      }
    }
    expect(seen).toBe(ATTACHMENT4_CELLS.length);
    // Numbers are numbers, so the bureau can sum the districts' sheets.
    expect(typeof ws.getCell('C6').value).toBe('number');
  });

  it('merges D:E of the rows without a paired number, and leaves them empty', () => {
    for (const g of ATTACHMENT4_GROUPS) {
      for (const row of g.rows) {
        const r = rowOf(ws, 'B', caption(row));
        if (row.paired === undefined) {
          expect(merges(ws)).toContain(`D${r}:E${r}`);
          expect(ws.getCell(`D${r}`).value ?? '').toBe('');
        } else {
          expect(merges(ws)).not.toContain(`D${r}:E${r}`);
        }
      }
    }
  });

  it('lists the 清单 under its header, numbered, 存在问题说明 over C:D, texts wrapped', () => {
    const labels = PROBLEM_LIST_COLUMNS.map((c) => c.label);
    expect(['A20', 'B20', 'C20', 'E20'].map((a) => ws.getCell(a).value)).toEqual(labels);
    expect(merges(ws)).toContain('C20:D20');
    sheet.problemList.forEach((p, i) => {
      const r = 21 + i;
      expect(ws.getCell(`A${r}`).value).toBe(i + 1);
      expect(ws.getCell(`B${r}`).value).toBe(p.unitName);
      expect(ws.getCell(`C${r}`).value).toBe(p.problem);
      expect(ws.getCell(`E${r}`).value).toBe(p.rectification);
      expect(merges(ws)).toContain(`C${r}:D${r}`);
      expect(ws.getCell(`C${r}`).alignment?.wrapText).toBe(true);
      expect(ws.getCell(`E${r}`).alignment?.wrapText).toBe(true);
    });
    // The first entry's problem has two lines that wrap further: its row is sized for them.
    expect(ws.getRow(21).height).toBeGreaterThan(60);
  });

  it('draws thin borders on every cell of the table, merged cells included', () => {
    const last = 20 + sheet.problemList.length;
    for (let r = 5; r <= last; r++) {
      for (const c of ['A', 'B', 'C', 'D', 'E']) {
        const b = ws.getCell(`${c}${r}`).border;
        expect([b?.top?.style, b?.left?.style, b?.bottom?.style, b?.right?.style]).toEqual(['thin', 'thin', 'thin', 'thin']);
      }
    }
    expect(ws.getCell(`A${last + 2}`).border?.top).toBeUndefined();
  });

  it('ends with the 填表人 lines and the note, verbatim', () => {
    const r = 20 + sheet.problemList.length + 2;
    expect(ws.getCell(`A${r}`).value).toBe(`${FOOTER_LABELS.filledBy}：陈立`);
    expect(ws.getCell(`A${r + 1}`).value).toBe(`${FOOTER_LABELS.phone}：021-50001234`);
    expect(ws.getCell(`A${r + 2}`).value).toBe(`${FOOTER_LABELS.filledOn}：2026-07-20`);
    expect(ws.getCell(`A${r + 3}`).value).toBe(ATTACHMENT4_NOTE);
  });
});

describe('附件4 spreadsheet variants', () => {
  it('an empty 清单 is one row 无 across the table', async () => {
    const ws = await readBack(sampleSheet({ problemList: [] }));
    expect(ws.getCell('A21').value).toBe('无');
    expect(merges(ws)).toContain('A21:E21');
    expect(ws.getCell('A23').value).toBe(`${FOOTER_LABELS.filledBy}：陈立`);
  });

  it('estimates wrapped lines counting a Chinese character as two units', () => {
    expect(wrappedLines('', 10)).toBe(1);
    expect(wrappedLines('abc', 10)).toBe(1);
    expect(wrappedLines('一二三四五', 10)).toBe(2);
    expect(wrappedLines('一\n二', 10)).toBe(2);
  });
});
