/**
 * An uploaded spreadsheet (XLSX or CSV, as base64 from the JSON body) → sheets
 * of plain text cells. Everything downstream (header detection, validation)
 * works on strings, so both formats meet the same rules.
 */
import ExcelJS from 'exceljs';
import { AppError } from '../../lib/errors';
import { decodeText, parseCsv, type TextEncodingName } from './csv';

export interface Sheet {
  name: string;
  /** rows[r][c]: 0-based; '' for empty cells and for the hidden parts of merged cells. */
  rows: string[][];
}

export interface ReadTable {
  format: 'xlsx' | 'csv';
  /** For CSV, the encoding the bytes were read as. */
  encoding?: TextEncodingName;
  sheets: Sheet[];
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** Bytes of a base64 body; a data: URL prefix (from FileReader) is accepted. */
export function decodeBase64(input: string, what = '文件'): Buffer {
  const body = input.replace(/^data:[^,]*;base64,/, '').replace(/\s+/g, '');
  if (body === '') throw new AppError('VALIDATION', `${what}是空的，请选择有内容的文件。`);
  if (!BASE64.test(body) || body.length % 4 === 1) {
    throw new AppError('VALIDATION', `${what}内容传输不完整（不是有效的 base64）。请重新选择文件后再试。`);
  }
  return Buffer.from(body, 'base64');
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/**
 * Excel stores dates as serial numbers that exceljs turns into Dates at UTC
 * midnight, so the UTC parts are the date the cell shows.
 */
function dateText(d: Date): string {
  const day = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  const h = d.getUTCHours();
  const m = d.getUTCMinutes();
  return h === 0 && m === 0 ? day : `${day} ${pad(h)}:${pad(m)}`;
}

/** The text a cell shows, for every kind of value exceljs can return. */
export function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return value ? '是' : '否';
  if (value instanceof Date) return dateText(value);
  if ('richText' in value) return value.richText.map((t) => t.text).join('');
  if ('formula' in value || 'sharedFormula' in value) {
    const result = (value as { result?: unknown }).result;
    if (result === undefined || result === null) return '';
    if (typeof result === 'object' && 'error' in (result as object)) return '';
    return cellText(result as ExcelJS.CellValue);
  }
  if ('hyperlink' in value) {
    const text = (value as { text?: unknown }).text;
    return typeof text === 'string' ? text : cellText(text as ExcelJS.CellValue);
  }
  if ('error' in value) return '';
  return '';
}

function sheetRows(ws: ExcelJS.Worksheet): string[][] {
  const rows: string[][] = [];
  ws.eachRow({ includeEmpty: true }, (row, rowNumber) => {
    const cells: string[] = [];
    row.eachCell({ includeEmpty: false }, (cell, col) => {
      // Only the top-left cell of a merged range holds the value; exceljs
      // repeats it in the others, which would read a label as its own value.
      if (cell.isMerged && cell.master.address !== cell.address) return;
      cells[col - 1] = cellText(cell.value);
    });
    rows[rowNumber - 1] = Array.from(cells, (c) => c ?? '');
  });
  return Array.from(rows, (r) => r ?? []);
}

async function readXlsx(bytes: Buffer): Promise<Sheet[]> {
  const wb = new ExcelJS.Workbook();
  try {
    // exceljs declares its own global `Buffer` as an ArrayBuffer; JSZip reads a plain ArrayBuffer.
    const ab = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    await wb.xlsx.load(ab);
  } catch {
    throw new AppError('VALIDATION', '无法读取该 XLSX 文件：文件可能已损坏，或不是 Excel 工作簿。请用 Excel 打开确认后另存为 .xlsx 再导入。');
  }
  return wb.worksheets.map((ws) => ({ name: ws.name, rows: sheetRows(ws) }));
}

function isZip(b: Uint8Array): boolean {
  return b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04;
}

function isOle(b: Uint8Array): boolean {
  return b[0] === 0xd0 && b[1] === 0xcf && b[2] === 0x11 && b[3] === 0xe0;
}

export async function readTable(bytes: Buffer, fileName = ''): Promise<ReadTable> {
  if (bytes.length === 0) throw new AppError('VALIDATION', '文件是空的，请选择有内容的文件。');
  if (isOle(bytes)) {
    throw new AppError('VALIDATION', '不支持 Excel 97-2003 格式（.xls）。请在 Excel 中“另存为”Excel 工作簿（.xlsx）或 CSV 后再导入。');
  }
  if (isZip(bytes)) return { format: 'xlsx', sheets: await readXlsx(bytes) };
  if (/\.xlsx$/i.test(fileName)) {
    throw new AppError('VALIDATION', `「${fileName}」不是有效的 XLSX 文件。请用 Excel 打开确认后另存为 .xlsx 再导入。`);
  }
  const { text, encoding } = decodeText(bytes);
  if (text.includes('\u0000')) {
    throw new AppError('VALIDATION', '文件不是文本表格（CSV），也不是 XLSX。请选择 .xlsx 或 .csv 文件。');
  }
  return { format: 'csv', encoding, sheets: [{ name: fileName.replace(/\.[^.]*$/, '') || 'CSV', rows: parseCsv(text) }] };
}
