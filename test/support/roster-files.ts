/**
 * Spreadsheets and agencies for personnel tests, the e2e run and the bench:
 * real XLSX written by exceljs and CSV bytes as Excel writes them.
 */
import ExcelJS from 'exceljs';
import type { InputOf } from '../../core/contract';
import { ROSTER_COLUMNS } from '../../forms/attachment2';
import { makeCreditCode } from '../../forms/credit-code';

/** The six 附件2 column names, in order. */
export const OFFICIAL_HEADERS = ROSTER_COLUMNS.filter((c) => !c.appExtra).map((c) => c.label);

export async function xlsxBuffer(sheets: Record<string, (string | number | Date)[][]>): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  for (const [name, rows] of Object.entries(sheets)) {
    const ws = wb.addWorksheet(name);
    for (const r of rows) ws.addRow(r);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export async function xlsxBase64(rows: (string | number | Date)[][], sheet = 'Sheet1'): Promise<string> {
  return (await xlsxBuffer({ [sheet]: rows })).toString('base64');
}

/** CSV as a UTF-8 file with BOM (Excel's “CSV UTF-8”). */
export function csvBase64(rows: string[][], bom = true): string {
  const text = rows
    .map((r) => r.map((c) => (/[",\r\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(','))
    .join('\r\n');
  return Buffer.concat([Buffer.from(bom ? [0xef, 0xbb, 0xbf] : []), Buffer.from(text, 'utf8')]).toString('base64');
}

/** n valid roster rows under the 附件2 header; every 7th person has a 否. */
export function rosterRows(n: number, name = (i: number) => `人员${i + 1}`): string[][] {
  const rows: string[][] = [OFFICIAL_HEADERS];
  for (let i = 0; i < n; i++) {
    const bad = i % 7 === 3;
    rows.push([String(i + 1), name(i), bad ? '否' : '是', i % 11 === 5 ? '否' : '是', i % 13 === 0 ? '—' : '是', bad ? '已离职，已取消执业公示' : '']);
  }
  return rows;
}

let counter = 0;

/** A valid agency input with a fresh credit code. */
export function agencyInput(name = '上海测试检测有限公司', overrides: Partial<InputOf<'agencies/save'>> = {}): InputOf<'agencies/save'> {
  counter += 1;
  const serial = String(counter).padStart(7, '0');
  return {
    name,
    address: '上海市徐汇区宜山路 700 号',
    creditCode: makeCreditCode(`91310104MA${serial}`),
    legalRep: '王喆',
    district: '徐汇区',
    kind: '检测机构',
    certificates: [],
    ...overrides,
  };
}
