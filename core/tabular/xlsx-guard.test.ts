/**
 * The zip directory reader refuses every layout jszip could read differently
 * from it, and the XML tally counts the same whatever way the bytes arrive.
 */
import { describe, expect, it } from 'vitest';
import { AppError } from '../../lib/errors';
import { TABLE_LIMITS } from './limits';
import { XmlTally, checkXlsx, readZipDirectory } from './xlsx-guard';
import { deflatedRepeat, rowXml, sheetXml, xlsxOf, zipOf } from '../../test/support/zip-fixtures';

function refusedWith(fn: () => unknown, message: RegExp): void {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    expect((e as AppError).code).toBe('VALIDATION');
    expect((e as AppError).message).toMatch(message);
    return;
  }
  throw new Error('accepted');
}

const plain = () => zipOf([{ name: 'a.xml', data: '<a/>' }, { name: 'b.xml', data: '<b/>', method: 0 }]);

describe('readZipDirectory', () => {
  it('lists the entries of a plain zip, names as jszip keys them', () => {
    const entries = readZipDirectory(zipOf([{ name: '/xl/./worksheets/x/../sheet1.xml', data: '<worksheet/>' }, { name: 'b.xml', data: '<b/>', method: 0 }]));
    expect(entries.map((e) => [e.name, e.method, e.uncompressedSize])).toEqual([
      ['xl/worksheets/sheet1.xml', 8, 12],
      ['b.xml', 0, 4],
    ]);
  });

  it('refuses bytes before the archive (jszip would shift every offset)', () => {
    refusedWith(() => readZipDirectory(Buffer.concat([Buffer.from('junk'), plain()])), /文件目录位置不符/);
  });

  it('refuses a ZIP64 directory', () => {
    const zip = plain();
    zip.writeUInt32LE(0xffffffff, zip.length - 6);
    refusedWith(() => readZipDirectory(zip), /ZIP64/);
  });

  it('refuses a truncated file', () => {
    refusedWith(() => readZipDirectory(plain().subarray(0, 40)), /找不到文件目录/);
  });

  it('refuses a local header that names another file', () => {
    const zip = plain();
    zip.write('z', 30); // first letter of the first local name
    refusedWith(() => readZipDirectory(zip), /文件目录与内容不一致/);
  });

  it('refuses encrypted entries and unknown compression methods', () => {
    const encrypted = plain();
    const cd = encrypted.readUInt32LE(encrypted.length - 6);
    encrypted.writeUInt16LE(0x0801, cd + 8);
    refusedWith(() => readZipDirectory(encrypted), /加密/);
    const bzip = plain();
    bzip.writeUInt16LE(12, cd + 10);
    refusedWith(() => readZipDirectory(bzip), /不支持的压缩方式 12/);
  });

  it('refuses entries that share their compressed bytes (one kernel inflated many times)', () => {
    const kernel = deflatedRepeat([{ text: Buffer.alloc(1024 * 1024), times: 30 }]);
    const zip = zipOf([{ name: 'xl/media/a.bin', deflated: kernel.deflated, declaredSize: kernel.size }, ...Array.from({ length: 20 }, () => ({ name: 'xl/media/a.bin', sameDataAs: 0 }))]);
    refusedWith(() => readZipDirectory(zip), /互相重叠/);
  });

  it('refuses more entries than the limit', () => {
    refusedWith(() => readZipDirectory(plain(), { maxZipEntries: 1 }), /2 个部分，超过 1 个的上限/);
  });
});

describe('checkXlsx', () => {
  it('passes a real workbook and says how much it inflated', async () => {
    const file = xlsxOf({ sheet: sheetXml(rowXml(1, ['a'])) });
    const check = await checkXlsx(file);
    expect(check.entries).toBe(5);
    expect(check.inflatedBytes).toBe(readZipDirectory(file).reduce((n, e) => n + e.uncompressedSize, 0));
  });

  it('refuses a deflate stream that is not one', async () => {
    const file = zipOf([{ name: 'xl/worksheets/sheet1.xml', deflated: Buffer.from([0xff, 0xff, 0xff, 0xff]), declaredSize: 10 }]);
    await expect(checkXlsx(file)).rejects.toThrow(/「xl\/worksheets\/sheet1\.xml」的压缩数据已损坏/);
  });
});

describe('XmlTally', () => {
  const xml = Buffer.from(
    '<?xml version="1.0"?><worksheet><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1"/></row>' +
      '<row\nr="2"><c\tr="A2"><is><r><t>富</t></r><r><t>文本</t></r></is></c></row></sheetData>' +
      '<rowBreaks count="0"/><cols><col min="1"/></cols><x:row/><si><t>长长的文字</t></si></worksheet>',
  );

  function tallyOf(chunks: Buffer[]) {
    const budget = { rows: 0, cells: 0, texts: 0 };
    const t = new XmlTally(TABLE_LIMITS, budget);
    for (const c of chunks) t.push(c);
    return { sheetRows: t.rows, longestText: t.longestText, ...budget };
  }

  it('counts rows, cells, texts and rich-text runs, and no other element', () => {
    expect(tallyOf([xml])).toEqual({ sheetRows: 2, rows: 2, cells: 3, texts: 3, longestText: 15 });
  });

  it('counts the same however the bytes are split', () => {
    const whole = tallyOf([xml]);
    for (let i = 1; i < xml.length; i++) expect(tallyOf([xml.subarray(0, i), xml.subarray(i)])).toEqual(whole);
    expect(tallyOf([...xml].map((b) => Buffer.from([b])))).toEqual(whole);
  });
});
