/**
 * Hand-built XLSX files for the tests of the spreadsheet limits (nothing at
 * run time imports this). The hostile ones are made at test time from a few
 * strings, so no large binary is kept in the repository, and the zips are
 * written here by hand because the point is to make them lie: declare a size
 * that is not the real one, share bytes between entries, and so on.
 */
import { constants, crc32 as zlibCrc32, deflateRawSync } from 'node:zlib';

export interface FixtureEntry {
  name: string;
  /** The entry's content; or `deflated` for content already compressed. */
  data?: Buffer | string;
  deflated?: Buffer;
  /** Uncompressed size to declare; default: the real one. */
  declaredSize?: number;
  /** 0 stores the data as is; default 8 (deflate). */
  method?: 0 | 8;
  /**
   * Writes only a directory record, pointing at the local header and bytes of
   * the entry with this index (which must come earlier): entries that share
   * their compressed bytes.
   */
  sameDataAs?: number;
}

function crc32(data: Buffer): number {
  return typeof zlibCrc32 === 'function' ? zlibCrc32(data) : 0;
}

/**
 * A zip of the entries, in order. CRCs are computed for plain data and left 0
 * for pre-deflated content: neither jszip (whose CRC check is off by default)
 * nor the guard reads them.
 */
export function zipOf(entries: FixtureEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  const written: { offset: number; body: Buffer; size: number; crc: number; method: number }[] = [];
  let offset = 0;
  entries.forEach((e, index) => {
    const name = Buffer.from(e.name, 'utf8');
    const shared = e.sameDataAs === undefined ? undefined : written[e.sameDataAs];
    if (shared) {
      const central = Buffer.alloc(46);
      central.writeUInt32LE(0x02014b50, 0);
      central.writeUInt16LE(20, 4);
      central.writeUInt16LE(20, 6);
      central.writeUInt16LE(0x0800, 8);
      central.writeUInt16LE(shared.method, 10);
      central.writeUInt32LE(shared.crc, 16);
      central.writeUInt32LE(shared.body.length, 20);
      central.writeUInt32LE(shared.size, 24);
      central.writeUInt16LE(name.length, 28);
      central.writeUInt32LE(shared.offset, 42);
      centrals.push(central, name);
      return;
    }
    const plain = e.data === undefined ? undefined : Buffer.from(e.data);
    const method = e.method ?? 8;
    const body = e.deflated ?? (method === 0 ? (plain as Buffer) : deflateRawSync(plain as Buffer));
    const size = e.declaredSize ?? plain?.length ?? 0;
    const crc = plain ? crc32(plain) : 0;
    written[index] = { offset, body, size, crc, method };
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, body);
    centrals.push(central, name);
    offset += local.length + name.length + body.length;
  });
  const cd = Buffer.concat(centrals);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(entries.length, 8);
  eocd.writeUInt16LE(entries.length, 10);
  eocd.writeUInt32LE(cd.length, 12);
  eocd.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, eocd]);
}

/**
 * Raw deflate of the pieces, each repeated `times`, without ever holding the
 * inflated text: each piece is compressed once on its own and flushed to a
 * byte boundary without ending the stream, so its bytes can be laid down
 * again and again (a block that refers only to itself decodes the same
 * wherever it stands), and one empty final block closes the stream.
 * 600 MB of “a” comes to about 600 KB this way.
 */
export function deflatedRepeat(pieces: { text: string | Buffer; times?: number }[]): { deflated: Buffer; size: number } {
  const out: Buffer[] = [];
  let size = 0;
  for (const { text, times = 1 } of pieces) {
    const plain = Buffer.from(text);
    const block = deflateRawSync(plain, { finishFlush: constants.Z_SYNC_FLUSH });
    for (let i = 0; i < times; i++) out.push(block);
    size += plain.length * times;
  }
  out.push(Buffer.from([0x03, 0x00])); // final, empty, fixed-Huffman block
  return { deflated: Buffer.concat(out), size };
}

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PKG_REL = 'http://schemas.openxmlformats.org/package/2006/relationships';
const XML_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

/** A worksheet's XML up to its rows; `before` goes ahead of <sheetData> (e.g. <cols>). */
export function sheetOpen(before = ''): string {
  return `${XML_DECL}<worksheet xmlns="${MAIN}">${before}<sheetData>`;
}

/** A worksheet's XML after its rows; `after` follows </sheetData> (e.g. <mergeCells>). */
export function sheetClose(after = ''): string {
  return `</sheetData>${after}</worksheet>`;
}

export function sheetXml(rows: string, before = '', after = ''): string {
  return sheetOpen(before) + rows + sheetClose(after);
}
export const SST_OPEN = `${XML_DECL}<sst xmlns="${MAIN}">`;
export const SST_CLOSE = '</sst>';

/** One row of inline-string cells. */
export function rowXml(r: number, cells: readonly string[]): string {
  const cs = cells.map((v, i) => `<c r="${String.fromCharCode(65 + i)}${r}" t="inlineStr"><is><t>${v}</t></is></c>`).join('');
  return `<row r="${r}">${cs}</row>`;
}

export interface WorkbookParts {
  /** xl/worksheets/sheet1.xml, whole, or as an entry of its own (to lie about it). */
  sheet: string | Omit<FixtureEntry, 'name'>;
  sharedStrings?: string | Omit<FixtureEntry, 'name'>;
  /** Inner XML of <definedNames>. */
  definedNames?: string;
  sheetName?: string;
  /** More entries, after the sheet. */
  extra?: FixtureEntry[];
}

/** The smallest workbook exceljs reads: one sheet, optional shared strings. */
export function xlsxOf(parts: WorkbookParts): Buffer {
  const entry = (name: string, p: string | Omit<FixtureEntry, 'name'>): FixtureEntry => (typeof p === 'string' ? { name, data: p } : { name, ...p });
  const ss = parts.sharedStrings !== undefined;
  return zipOf([
    {
      name: '[Content_Types].xml',
      data:
        `${XML_DECL}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
        '<Default Extension="xml" ContentType="application/xml"/>' +
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' +
        (ss ? '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>' : '') +
        '</Types>',
    },
    { name: '_rels/.rels', data: `${XML_DECL}<Relationships xmlns="${PKG_REL}"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>` },
    {
      name: 'xl/workbook.xml',
      data:
        `${XML_DECL}<workbook xmlns="${MAIN}" xmlns:r="${REL}"><sheets><sheet name="${parts.sheetName ?? '人员'}" sheetId="1" r:id="rId1"/></sheets>` +
        (parts.definedNames ? `<definedNames>${parts.definedNames}</definedNames>` : '') +
        '</workbook>',
    },
    {
      name: 'xl/_rels/workbook.xml.rels',
      data:
        `${XML_DECL}<Relationships xmlns="${PKG_REL}"><Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/>` +
        (ss ? `<Relationship Id="rId2" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/>` : '') +
        '</Relationships>',
    },
    ...(parts.sharedStrings !== undefined ? [entry('xl/sharedStrings.xml', parts.sharedStrings)] : []),
    entry('xl/worksheets/sheet1.xml', parts.sheet),
    ...(parts.extra ?? []),
  ]);
}
