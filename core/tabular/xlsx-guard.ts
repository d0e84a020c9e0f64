/**
 * The zip-level check of an uploaded XLSX, run before exceljs sees the bytes.
 *
 * exceljs hands the buffer to jszip, which inflates every entry whole into
 * memory (and the sheet's XML once more as a string) and compares the result
 * with the size the zip declares only after it has inflated all of it. A few
 * hundred kilobytes of deflated zeros can declare any size and inflate to
 * gigabytes, and a sheet of two million empty rows is a small file too. So
 * this module reads the zip's central directory itself, refuses declared
 * sizes above the limits, then inflates each entry with node:zlib, counting
 * the bytes and dropping them as they come (a few kilobytes at a time), and
 * stops as soon as an entry or the whole exceeds its limit. While counting
 * it tallies the sheets' and the shared-string table's XML: rows, cells,
 * texts and the longest text between two tags.
 *
 * Why hand-rolled: jszip has no way to stop an inflation at a limit (and is
 * only exceljs's dependency, not ours), and node:zlib inflates but does not
 * read zip directories. The reader below is strict on purpose: it accepts
 * only the plain layout Excel, WPS and every spreadsheet library write, and
 * refuses anything jszip could read differently from it (ZIP64, prepended
 * bytes, a local header naming another file, overlapping entries, Unicode
 * path fields). What passes is therefore the same set of entries, with the
 * same compressed bytes, that jszip will inflate for exceljs.
 */
import { createInflateRaw } from 'node:zlib';
import { AppError } from '../../lib/errors';
import { SPLIT_ADVICE, TABLE_LIMITS, sizeText, type TableLimits } from './limits';

const SIG_LOCAL = 0x04034b50;
const SIG_CENTRAL = 0x02014b50;
const EOCD = Buffer.from([0x50, 0x4b, 0x05, 0x06]);
const MAX16 = 0xffff;
const MAX32 = 0xffffffff;

/** One file inside the zip, as its central directory and local header state it. */
export interface ZipEntry {
  /** The name as jszip will key it (see `resolveName`). */
  name: string;
  /** 0 stored, 8 deflated: the only two methods jszip reads. */
  method: 0 | 8;
  compressedSize: number;
  /** As declared; the guard checks the real size. */
  uncompressedSize: number;
  headerOffset: number;
  dataStart: number;
}

/** An entry's name as a message shows it: the file chooses it, so its length is capped. */
function shown(name: string): string {
  return name.length > 80 ? `${name.slice(0, 80)}…` : name;
}

function corrupt(detail: string): AppError {
  return new AppError('VALIDATION', `无法读取该 XLSX 文件：文件结构异常（${detail}）。请用 Excel 打开确认后另存为 .xlsx 再导入。`);
}

/**
 * jszip's own normalisation of an entry name (its `utils.resolve`): `.`
 * and empty segments dropped, `..` taking one back. exceljs then drops a
 * leading slash and matches the rest.
 */
function resolveName(path: string): string {
  const parts = path.split('/');
  const out: string[] = [];
  parts.forEach((part, i) => {
    if (part === '.' || (part === '' && i !== 0 && i !== parts.length - 1)) return;
    if (part === '..') out.pop();
    else out.push(part);
  });
  return out.join('/').replace(/^\//, '');
}

/** The entries of the zip, or a VALIDATION error when it is not one this app reads. */
export function readZipDirectory(bytes: Buffer, limits: Pick<TableLimits, 'maxZipEntries'> = TABLE_LIMITS): ZipEntry[] {
  // jszip takes the last end-of-directory signature in the file; so does this.
  const eocd = bytes.lastIndexOf(EOCD);
  if (eocd < 0 || eocd + 22 > bytes.length) throw corrupt('找不到文件目录，文件可能不完整');
  const disk = bytes.readUInt16LE(eocd + 4);
  const cdDisk = bytes.readUInt16LE(eocd + 6);
  const onDisk = bytes.readUInt16LE(eocd + 8);
  const count = bytes.readUInt16LE(eocd + 10);
  const cdSize = bytes.readUInt32LE(eocd + 12);
  const cdOffset = bytes.readUInt32LE(eocd + 16);
  if (count === MAX16 || onDisk === MAX16 || cdSize === MAX32 || cdOffset === MAX32) throw corrupt('使用了 ZIP64 格式');
  if (disk !== 0 || cdDisk !== 0 || onDisk !== count) throw corrupt('分卷压缩文件');
  // jszip would shift every offset by bytes found before the archive; refuse them instead.
  if (cdOffset + cdSize !== eocd) throw corrupt('文件目录位置不符');
  if (count > limits.maxZipEntries) {
    throw new AppError('VALIDATION', `XLSX 文件中有 ${count} 个部分，超过 ${limits.maxZipEntries} 个的上限。${SPLIT_ADVICE}`);
  }

  const entries: ZipEntry[] = [];
  let p = cdOffset;
  // Like jszip: records follow one another while the signature does.
  while (p + 46 <= eocd && bytes.readUInt32LE(p) === SIG_CENTRAL) {
    const flags = bytes.readUInt16LE(p + 8);
    const method = bytes.readUInt16LE(p + 10);
    const compressedSize = bytes.readUInt32LE(p + 20);
    const uncompressedSize = bytes.readUInt32LE(p + 24);
    const nameLength = bytes.readUInt16LE(p + 28);
    const extraLength = bytes.readUInt16LE(p + 30);
    const commentLength = bytes.readUInt16LE(p + 32);
    const headerOffset = bytes.readUInt32LE(p + 42);
    const nameBytes = bytes.subarray(p + 46, p + 46 + nameLength);
    const extraStart = p + 46 + nameLength;
    const next = extraStart + extraLength + commentLength;
    if (next > eocd) throw corrupt('文件目录不完整');
    if ((flags & 0x0001) !== 0) throw corrupt('含有加密的内容');
    if (method !== 0 && method !== 8) throw corrupt(`使用了不支持的压缩方式 ${method}`);
    if (compressedSize === MAX32 || uncompressedSize === MAX32 || headerOffset === MAX32) throw corrupt('使用了 ZIP64 格式');
    // The same walk as jszip's over the extra fields, to see every field it would see.
    for (let q = extraStart; q + 4 < extraStart + extraLength; ) {
      const id = bytes.readUInt16LE(q);
      if (id === 0x7075) throw corrupt('含有另附的 Unicode 文件名');
      q += 4 + bytes.readUInt16LE(q + 2);
    }
    if (headerOffset + 30 > cdOffset || bytes.readUInt32LE(headerOffset) !== SIG_LOCAL) throw corrupt('文件目录与内容不一致');
    const localNameLength = bytes.readUInt16LE(headerOffset + 26);
    const localExtraLength = bytes.readUInt16LE(headerOffset + 28);
    // jszip names the entry from the local header; it must say the same as the directory.
    const localName = bytes.subarray(headerOffset + 30, headerOffset + 30 + localNameLength);
    if (!localName.equals(nameBytes)) throw corrupt('文件目录与内容不一致');
    const dataStart = headerOffset + 30 + localNameLength + localExtraLength;
    if (dataStart + compressedSize > cdOffset) throw corrupt('文件目录与内容不一致');
    entries.push({
      // jszip decodes names as UTF-8 with or without the UTF-8 flag.
      name: resolveName(nameBytes.toString('utf8')),
      method,
      compressedSize,
      uncompressedSize,
      headerOffset,
      dataStart,
    });
    p = next;
  }
  if (p !== eocd || entries.length !== count) throw corrupt('文件目录不完整');
  // Entries that share bytes are a known way to make a small zip inflate many times over.
  const byOffset = [...entries].sort((a, b) => a.headerOffset - b.headerOffset);
  for (let i = 1; i < byOffset.length; i++) {
    const prev = byOffset[i - 1] as ZipEntry;
    if ((byOffset[i] as ZipEntry).headerOffset < prev.dataStart + prev.compressedSize) throw corrupt('文件中的部分互相重叠');
  }
  return byOffset;
}

/** exceljs's own test for a worksheet part (unanchored, as in its loader). */
const SHEET_PART = /xl\/worksheets\/sheet(\d+)[.]xml/;
const SHARED_STRINGS = 'xl/sharedStrings.xml';
/**
 * The other parts exceljs parses into objects, by its own names and tests
 * (media and themes it keeps as bytes and text; anything else it reads and
 * drops).
 */
const MODELLED_NAMES = new Set(['_rels/.rels', 'xl/workbook.xml', 'xl/_rels/workbook.xml.rels', 'xl/styles.xml', 'docProps/app.xml', 'docProps/core.xml']);
const MODELLED_PARTS = [
  /xl\/worksheets\/_rels\/sheet(\d+)[.]xml.rels/,
  /xl\/drawings\/([a-zA-Z0-9]+)[.]xml/,
  /xl\/(comments\d+)[.]xml/,
  /xl\/tables\/(table\d+)[.]xml/,
  /xl\/drawings\/_rels\/([a-zA-Z0-9]+)[.]xml[.]rels/,
  /xl\/drawings\/(vmlDrawing\d+)[.]vml/,
];

function isModelledPart(name: string): boolean {
  return !SHEET_PART.test(name) && (MODELLED_NAMES.has(name) || MODELLED_PARTS.some((re) => re.test(name)));
}

/** Worst bytes per character in XML text: `&#1114111;` is one character. */
const XML_BYTES_PER_CHAR = 10;

const LT = 0x3c;
const GT = 0x3e;
const TAG_C = 0x63; // c
const TAG_R = 0x72; // r
const TAG_SI = 0x7369; // si
const TAG_ROW = 0x726f77; // row

function endsName(b: number): boolean {
  return b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d || b === GT || b === 0x2f;
}

/** Counts that span the whole workbook. */
interface Budget {
  rows: number;
  cells: number;
  texts: number;
}

/**
 * Counts elements in a part's XML as its bytes stream by, without parsing
 * it. Every element exceljs makes an object of starts with the bytes `<name`
 * followed by a space, `>` or `/` (it reads no namespace prefixes and
 * expands no entities into markup), so the counts are an upper bound of what
 * it will build; markup-like text in comments or CDATA can only raise them.
 */
export class XmlTally {
  rows = 0;
  /** Longest run of bytes between a `>` and the next `<`: a cell's text is one. */
  longestText = 0;
  private inTag = false;
  private naming = false;
  private name = 0;
  private nameLength = 0;
  private text = 0;

  constructor(
    private readonly limits: TableLimits,
    private readonly budget: Budget,
  ) {}

  push(b: Buffer): void {
    const n = b.length;
    let i = 0;
    while (i < n) {
      if (!this.inTag) {
        const lt = b.indexOf(LT, i);
        const end = lt < 0 ? n : lt;
        this.text += end - i;
        if (this.text > this.longestText) {
          this.longestText = this.text;
          if (this.text > this.limits.maxCellChars * XML_BYTES_PER_CHAR) throw cellTooLong(this.limits);
        }
        if (lt < 0) return;
        this.inTag = true;
        this.naming = true;
        this.name = 0;
        this.nameLength = 0;
        i = lt + 1;
      } else if (this.naming) {
        const ch = b[i] as number;
        if (endsName(ch)) {
          this.naming = false;
          this.count();
        } else {
          this.nameLength++;
          if (this.nameLength <= 3) this.name = this.name * 256 + ch;
          i++;
        }
      } else {
        const gt = b.indexOf(GT, i);
        if (gt < 0) return;
        this.inTag = false;
        this.text = 0;
        i = gt + 1;
      }
    }
  }

  private count(): void {
    const { limits, budget } = this;
    const tag = this.nameLength <= 3 ? this.name : -1;
    if (tag === TAG_C) {
      if (++budget.cells > limits.maxCells) {
        throw new AppError('VALIDATION', `表格的单元格超过 ${limits.maxCells} 个的上限（各工作表合计）。${SPLIT_ADVICE}`);
      }
    } else if (tag === TAG_ROW) {
      if (++this.rows > limits.maxRows) throw tooManyRows(limits);
      if (++budget.rows > limits.maxTotalRows) {
        throw new AppError('VALIDATION', `表格的行数超过 ${limits.maxTotalRows} 行的上限（各工作表合计）。请删去多余的工作表和空行，或把数据拆成几个文件分批导入。`);
      }
    } else if (tag === TAG_SI || tag === TAG_R) {
      if (++budget.texts > limits.maxCells) {
        throw new AppError('VALIDATION', `XLSX 文件中的文字条目超过 ${limits.maxCells} 条的上限。${SPLIT_ADVICE}`);
      }
    }
  }
}

export function tooManyRows(limits: Pick<TableLimits, 'maxRows'>, sheet?: string): AppError {
  const which = sheet === undefined ? '表格中有工作表' : `工作表「${sheet}」`;
  return new AppError(
    'VALIDATION',
    `${which}超过 ${limits.maxRows} 行，每个工作表最多 ${limits.maxRows} 行。请删去表格下方多余的空行或格式，或把数据拆成几个文件分批导入。`,
  );
}

export function cellTooLong(limits: Pick<TableLimits, 'maxCellChars'>, where = '表格中有单元格'): AppError {
  return new AppError(
    'VALIDATION',
    `${where}的文字超过 ${limits.maxCellChars} 个字符的上限（Excel 的单元格最多也只能存 ${limits.maxCellChars} 个字符），文件可能已损坏。请用 Excel 打开检查该单元格后另存，再导入。`,
  );
}

/** Inflates (or for a stored entry, takes) one entry's bytes, handing each chunk on; stops past `limit`. */
async function inflatedSize(entry: ZipEntry, data: Buffer, limit: number, onChunk: (chunk: Buffer) => void): Promise<number> {
  if (entry.method === 0) {
    if (data.length <= limit) onChunk(data);
    return data.length;
  }
  const inflate = createInflateRaw({ chunkSize: 64 * 1024 });
  inflate.end(data);
  let n = 0;
  try {
    for await (const chunk of inflate as AsyncIterable<Buffer>) {
      n += chunk.length;
      // Leaving the loop destroys the stream: nothing past the limit is inflated.
      if (n > limit) break;
      onChunk(chunk);
    }
  } catch (e) {
    if (e instanceof AppError) throw e;
    throw corrupt(`「${shown(entry.name)}」的压缩数据已损坏`);
  }
  return n;
}

export interface XlsxCheck {
  entries: number;
  /** Bytes actually inflated, all entries together. */
  inflatedBytes: number;
}

/**
 * Refuses, with a VALIDATION AppError saying what is too large, an XLSX whose
 * zip or content exceeds the limits; otherwise resolves once every entry has
 * been inflated and counted.
 */
export async function checkXlsx(bytes: Buffer, limits: TableLimits = TABLE_LIMITS): Promise<XlsxCheck> {
  const entries = readZipDirectory(bytes, limits);
  const entryLimit = (e: ZipEntry) =>
    Math.min(limits.maxEntryBytes, e.name === SHARED_STRINGS ? limits.maxSharedStringsBytes : isModelledPart(e.name) ? limits.maxPartBytes : Infinity);
  const entryTooLarge = (e: ZipEntry) =>
    e.name === SHARED_STRINGS
      ? new AppError('VALIDATION', `XLSX 文件中的共享文字表（${SHARED_STRINGS}）解压后超过 ${sizeText(entryLimit(e))} 的上限，表格中的文字过多。${SPLIT_ADVICE}`)
      : new AppError('VALIDATION', `XLSX 文件解压后过大：其中的「${shown(e.name)}」解压后超过 ${sizeText(entryLimit(e))} 的上限。${SPLIT_ADVICE}`);
  const totalTooLarge = () => new AppError('VALIDATION', `XLSX 文件解压后的总大小超过 ${sizeText(limits.maxTotalBytes)} 的上限。${SPLIT_ADVICE}`);

  // What the directory declares, before inflating anything.
  let declared = 0;
  for (const e of entries) {
    const size = e.method === 0 ? Math.max(e.compressedSize, e.uncompressedSize) : e.uncompressedSize;
    if (size > entryLimit(e)) throw entryTooLarge(e);
    declared += size;
    if (declared > limits.maxTotalBytes) throw totalTooLarge();
  }

  // What the entries really inflate to.
  const budget: Budget = { rows: 0, cells: 0, texts: 0 };
  let total = 0;
  for (const e of entries) {
    const remaining = limits.maxTotalBytes - total;
    const limit = Math.min(entryLimit(e), remaining);
    const tally = SHEET_PART.test(e.name) || e.name === SHARED_STRINGS ? new XmlTally(limits, budget) : null;
    const data = bytes.subarray(e.dataStart, e.dataStart + e.compressedSize);
    const n = await inflatedSize(e, data, limit, (chunk) => tally?.push(chunk));
    if (n > limit) throw limit < entryLimit(e) ? totalTooLarge() : entryTooLarge(e);
    if (n !== e.uncompressedSize) {
      throw new AppError('VALIDATION', `无法读取该 XLSX 文件：其中的「${shown(e.name)}」实际解压后的大小与文件记录的不符，文件已损坏或被改动过。请用 Excel 打开确认后另存为 .xlsx 再导入。`);
    }
    total += n;
  }
  return { entries: entries.length, inflatedBytes: total };
}
