/**
 * An uploaded spreadsheet (XLSX or CSV, as base64 from the JSON body) → sheets
 * of plain text cells. Everything downstream (header detection, validation)
 * works on strings, so both formats meet the same rules.
 *
 * Both formats are bounded by `limits.ts` before they are parsed: a file
 * that is too large is refused with a VALIDATION error that says what is too
 * large, instead of running the host out of memory.
 */
import ExcelJS from 'exceljs';
import { AppError } from '../../lib/errors';
import { decodeText, parseCsv, type TextEncodingName } from './csv';
import { SPLIT_ADVICE, TABLE_LIMITS, sizeText, type TableLimits } from './limits';
import { cellTooLong, checkXlsx, tooManyRows } from './xlsx-guard';

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

/**
 * Padded cells a sheet may spread over (a row is as wide as its last cell),
 * as a multiple of the cell limit: empty slots cost a pointer each, so gaps
 * are cheap, but a cell far to the right of every row must not multiply.
 */
const GRID_FACTOR = 4;

function sheetRows(ws: ExcelJS.Worksheet, limits: TableLimits, grid: { cells: number }): string[][] {
  // The last row number, before anything walks the rows: exceljs creates an
  // object for every row it is asked for, empty or not.
  const last = ws.lastRow?.number ?? 0;
  if (last > limits.maxRows) throw tooManyRows(limits, ws.name);
  const rows: string[][] = Array.from({ length: last }, () => []);
  ws.eachRow((row, rowNumber) => {
    grid.cells += row.cellCount;
    if (grid.cells > limits.maxCells * GRID_FACTOR) {
      throw new AppError('VALIDATION', `工作表「${ws.name}」的表格范围过大：按行列展开超过 ${limits.maxCells * GRID_FACTOR} 个单元格的上限。请删去表格右侧和下方多余的内容或格式后另存，再导入。`);
    }
    const cells: string[] = [];
    row.eachCell({ includeEmpty: false }, (cell, col) => {
      // Only the top-left cell of a merged range holds the value; exceljs
      // repeats it in the others, which would read a label as its own value.
      if (cell.isMerged && cell.master.address !== cell.address) return;
      const text = cellText(cell.value);
      if (text.length > limits.maxCellChars) throw cellTooLong(limits, `工作表「${ws.name}」第 ${rowNumber} 行第 ${col} 列的单元格`);
      cells[col - 1] = text;
    });
    rows[rowNumber - 1] = Array.from(cells, (c) => c ?? '');
  });
  return rows;
}

/**
 * Parts of a worksheet exceljs may skip, and should: nothing here reads
 * them, and two of them expand a range cell by cell while parsing — a data
 * validation on `A1:XFD1048576` is 17 billion entries, a `<col max>` of a
 * billion is a billion column objects.
 */
const IGNORED_SHEET_NODES = ['cols', 'dataValidations', 'conditionalFormatting', 'extLst', 'hyperlinks'];

const CELL_REF = /^\$?([A-Z]{1,3})\$?([1-9][0-9]{0,6})$/;

function columnNumber(letters: string): number {
  let n = 0;
  for (const ch of letters) n = n * 26 + ch.charCodeAt(0) - 64;
  return n;
}

/** Cells a merged range covers, or null when it is not a plain `A1:B2` range. */
function mergeArea(ref: unknown): number | null {
  if (typeof ref !== 'string') return null;
  const ends = ref.split(':');
  if (ends.length > 2) return null;
  const [a, b = a] = ends.map((e) => CELL_REF.exec(e));
  if (!a || !b) return null;
  const c1 = columnNumber(a[1] as string);
  const c2 = columnNumber(b[1] as string);
  if (c1 > 16384 || c2 > 16384) return null;
  return (Math.abs(c2 - c1) + 1) * (Math.abs(Number(b[2]) - Number(a[2])) + 1);
}

interface LoadedModel {
  definedNames?: unknown;
  worksheets?: { mergeCells?: unknown }[];
}

/**
 * Checks the parsed model just before exceljs builds the workbook from it.
 * Building is where it turns ranges into objects: every cell of every merged
 * range (after comparing each range with every other) and every cell of
 * every defined name. Defined names (print areas, filter ranges) are never
 * read here, so they are dropped; merged ranges are kept, within limits.
 * exceljs has no option for either, so the workbook's `model` setter is
 * wrapped for this one instance.
 */
function guardModel(wb: ExcelJS.Workbook, limits: TableLimits): void {
  const accessor = Object.getOwnPropertyDescriptor(ExcelJS.Workbook.prototype, 'model');
  const { get, set } = accessor ?? {};
  if (!get || !set) throw new Error('exceljs: Workbook.model is no longer an accessor');
  Object.defineProperty(wb, 'model', {
    configurable: true,
    get() {
      return get.call(this);
    },
    set(value: LoadedModel) {
      let merges = 0;
      let covered = 0;
      for (const ws of value.worksheets ?? []) {
        const refs = Array.isArray(ws.mergeCells) ? (ws.mergeCells as unknown[]) : [];
        merges += refs.length;
        if (merges > limits.maxMerges) {
          throw new AppError('VALIDATION', `表格中的合并单元格超过 ${limits.maxMerges} 处的上限。请取消多余的合并单元格后另存，再导入。`);
        }
        for (const ref of refs) {
          const area = mergeArea(ref);
          if (area === null) throw new AppError('VALIDATION', `无法读取该 XLSX 文件：合并单元格的范围「${String(ref).slice(0, 40)}」无效。请用 Excel 打开确认后另存为 .xlsx 再导入。`);
          covered += area;
          if (covered > limits.maxMergedCells) {
            throw new AppError('VALIDATION', `表格中合并单元格覆盖的范围超过 ${limits.maxMergedCells} 个单元格的上限。请取消大范围的合并单元格后另存，再导入。`);
          }
        }
      }
      set.call(this, { ...value, definedNames: [] });
    },
  });
}

async function readXlsx(bytes: Buffer, limits: TableLimits): Promise<Sheet[]> {
  await checkXlsx(bytes, limits);
  const wb = new ExcelJS.Workbook();
  guardModel(wb, limits);
  try {
    // exceljs declares its own global `Buffer` as an ArrayBuffer; JSZip reads a plain ArrayBuffer.
    const ab = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    await wb.xlsx.load(ab, { ignoreNodes: IGNORED_SHEET_NODES });
  } catch (e) {
    if (e instanceof AppError) throw e;
    throw new AppError('VALIDATION', '无法读取该 XLSX 文件：文件可能已损坏，或不是 Excel 工作簿。请用 Excel 打开确认后另存为 .xlsx 再导入。');
  }
  const grid = { cells: 0 };
  return wb.worksheets.map((ws) => ({ name: ws.name, rows: sheetRows(ws, limits, grid) }));
}

function isZip(b: Uint8Array): boolean {
  return b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04;
}

function isOle(b: Uint8Array): boolean {
  return b[0] === 0xd0 && b[1] === 0xcf && b[2] === 0x11 && b[3] === 0xe0;
}

export async function readTable(bytes: Buffer, fileName = '', limits: TableLimits = TABLE_LIMITS): Promise<ReadTable> {
  if (bytes.length === 0) throw new AppError('VALIDATION', '文件是空的，请选择有内容的文件。');
  if (bytes.length > limits.maxFileBytes) {
    throw new AppError('VALIDATION', `文件过大（${sizeText(bytes.length)}），表格导入的上限是 ${sizeText(limits.maxFileBytes)}。${SPLIT_ADVICE}`);
  }
  if (isOle(bytes)) {
    throw new AppError('VALIDATION', '不支持 Excel 97-2003 格式（.xls）。请在 Excel 中“另存为”Excel 工作簿（.xlsx）或 CSV 后再导入。');
  }
  if (isZip(bytes)) return { format: 'xlsx', sheets: await readXlsx(bytes, limits) };
  if (/\.xlsx$/i.test(fileName)) {
    throw new AppError('VALIDATION', `「${fileName}」不是有效的 XLSX 文件。请用 Excel 打开确认后另存为 .xlsx 再导入。`);
  }
  const { text, encoding } = decodeText(bytes);
  if (text.includes('\u0000')) {
    throw new AppError('VALIDATION', '文件不是文本表格（CSV），也不是 XLSX。请选择 .xlsx 或 .csv 文件。');
  }
  return { format: 'csv', encoding, sheets: [{ name: fileName.replace(/\.[^.]*$/, '') || 'CSV', rows: parseCsv(text, undefined, limits) }] };
}
