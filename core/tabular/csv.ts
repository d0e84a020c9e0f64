/**
 * CSV text → rows of cells, and bytes → text for the encodings Chinese Excel
 * writes.
 *
 * Hand-written rather than exceljs's CSV reader because that reader (fast-csv
 * underneath) converts cells as it goes — “001” becomes 1, “2024-07-01”
 * becomes a Date — and reads from a file stream. A roster must reach the
 * validator exactly as typed, so cells stay strings here. RFC 4180: fields
 * separated by a delimiter, records by CRLF or LF (lone CR too, old Mac
 * Excel), fields in double quotes may hold delimiters, newlines and "" for a
 * quote.
 */
import { AppError } from '../../lib/errors';
import { TABLE_LIMITS, type TableLimits } from './limits';

export type TextEncodingName = 'utf-8' | 'utf-16le' | 'utf-16be' | 'gb18030';

export interface DecodedText {
  text: string;
  encoding: TextEncodingName;
}

/**
 * Picks the encoding: a BOM decides (UTF-8, UTF-16 LE/BE — Excel's
 * “Unicode 文本” is UTF-16 LE); otherwise strict UTF-8, and if the bytes are
 * not valid UTF-8 they are GB18030, which is what “CSV（逗号分隔）” from a
 * Chinese-locale Excel writes (GB18030 is a superset of GBK and GB2312, and
 * the only one of the three that can hold 𠮷).
 */
export function decodeText(bytes: Uint8Array): DecodedText {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { text: new TextDecoder('utf-8').decode(bytes.subarray(3)), encoding: 'utf-8' };
  }
  if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'utf-16le' };
  }
  if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), encoding: 'utf-16be' };
  }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    return { text: new TextDecoder('gb18030').decode(bytes), encoding: 'gb18030' };
  }
}

/**
 * Comma unless the first line has tabs (Excel's “Unicode 文本”) or only
 * semicolons (European-locale Excel) outside quotes.
 */
export function detectDelimiter(text: string): ',' | '\t' | ';' {
  let commas = 0;
  let tabs = 0;
  let semis = 0;
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
    else if (!quoted && ch === ',') commas++;
    else if (!quoted && ch === '\t') tabs++;
    else if (!quoted && ch === ';') semis++;
  }
  if (tabs > commas && tabs >= semis) return '\t';
  if (semis > commas) return ';';
  return ',';
}

/**
 * Rows of string cells. Throws a VALIDATION AppError naming the record when a
 * quoted field is never closed: everything after it would otherwise be read
 * as one cell and the problem reported far from where it is. Rows, cells and
 * the length of a cell are bounded as for XLSX (`limits.ts`), and the parse
 * stops at the first one over its limit rather than reading on.
 */
export function parseCsv(
  text: string,
  delimiter: string = detectDelimiter(text),
  limits: Pick<TableLimits, 'maxRows' | 'maxCells' | 'maxCellChars'> = TABLE_LIMITS,
): string[][] {
  const rows: string[][] = [];
  let quoteOpenedAt = 0;
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let cells = 0;
  // true once the current field has started, so "a,," yields three fields.
  let pending = false;
  const endField = () => {
    if (field.length > limits.maxCellChars) {
      throw new AppError(
        'VALIDATION',
        `CSV 文件第 ${rows.length + 1} 行第 ${row.length + 1} 列的单元格超过 ${limits.maxCellChars} 个字符的上限（Excel 的单元格最多也只能存 ${limits.maxCellChars} 个字符）。请检查该单元格（常见原因是引号没有配对）后重新导入。`,
      );
    }
    if (++cells > limits.maxCells) {
      throw new AppError('VALIDATION', `CSV 文件的单元格超过 ${limits.maxCells} 个的上限。请删去多余的行和列，或把数据拆成几个文件分批导入。`);
    }
    row.push(field);
    field = '';
    pending = false;
  };
  const endRow = () => {
    endField();
    if (rows.length >= limits.maxRows) {
      throw new AppError('VALIDATION', `CSV 文件超过 ${limits.maxRows} 行，每个表格最多 ${limits.maxRows} 行。请删去多余的空行，或把数据拆成几个文件分批导入。`);
    }
    rows.push(row);
    row = [];
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else {
          quoted = false;
        }
      } else {
        field += ch;
      }
      continue;
    }
    if (ch === '"' && field === '') {
      quoted = true;
      quoteOpenedAt = rows.length + 1;
      pending = true;
    } else if (ch === delimiter) {
      endField();
      pending = true;
    } else if (ch === '\r' || ch === '\n') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      endRow();
    } else {
      // A stray quote inside an unquoted field is kept as text (Excel does the same).
      field += ch;
      pending = true;
    }
  }
  if (quoted) {
    throw new AppError('VALIDATION', `CSV 文件第 ${quoteOpenedAt} 行有一个引号（"）没有闭合，之后的内容无法分列。请在 Excel 中打开该文件另存为 CSV 或 XLSX 后重试。`);
  }
  if (pending || field !== '' || row.length > 0) endRow();
  return rows;
}
