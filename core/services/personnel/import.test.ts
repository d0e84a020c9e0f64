/**
 * Roster import and the 附件2 export on real files: header detection, column
 * mapping, row errors by number with nothing written, replace/append, the
 * encodings Chinese Excel writes, 500 rows, and rare names end to end.
 */
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { emptyMapping, guessMapping } from '../../../forms/roster-import';
import { ATTACHMENT2_TITLE, FILLING_NOTE } from '../../../forms/attachment2';
import { openTempApp, type TempApp } from '../../../test/support/temp-app';
import { OFFICIAL_HEADERS, agencyInput, csvBase64, rosterRows, xlsxBase64 } from '../../../test/support/roster-files';

let app: TempApp;
let agencyId: string;

beforeEach(async () => {
  app = openTempApp({ today: '2024-07-20' });
  agencyId = (await app.ok('agencies/save', agencyInput())).id;
});
afterEach(() => app.dispose());

async function importDirect(contentBase64: string, fileName: string, mode: 'replace' | 'append' = 'replace') {
  const preview = await app.ok('personnel/importPreview', { agencyId, fileName, contentBase64 });
  return app.ok('personnel/import', { agencyId, fileName, contentBase64, mapping: preview.mapping, mode });
}

async function readBack(base64: string): Promise<ExcelJS.Worksheet> {
  const wb = new ExcelJS.Workbook();
  const buf = Buffer.from(base64, 'base64');
  await wb.xlsx.load(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer);
  const ws = wb.worksheets[0];
  if (!ws) throw new Error('no sheet');
  return ws;
}

describe('roster import', () => {
  it('imports a file with the 附件2 headers directly and computes the counts', async () => {
    const content = await xlsxBase64(rosterRows(20));
    const preview = await app.ok('personnel/importPreview', { agencyId, fileName: '花名册.xlsx', contentBase64: content });
    expect(preview).toMatchObject({ format: 'xlsx', headerRow: 1, headerDetected: true, direct: true, missing: [], rowCount: 20, validCount: 20, errorCount: 0 });
    expect(preview.sample[0]).toMatchObject({ row: 2, name: '人员1', practising: '是' });
    // Preview writes nothing.
    expect((await app.ok('personnel/get', { agencyId })).persons).toHaveLength(0);

    const r = await app.ok('personnel/import', { agencyId, fileName: '花名册.xlsx', contentBase64: content, mapping: preview.mapping });
    expect(r.imported).toBe(20);
    // rows 3, 10, 17 have 否 for 真实执业; 5, 16 for 学历 (see rosterRows).
    expect(r.counts).toMatchObject({ total: 20, practisingProblems: 3, educationProblems: 2, titleProblems: 0 });
    const c = await app.ok('personnel/get', { agencyId });
    expect(c.persons.map((p) => p.seq)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(c.persons[3]).toMatchObject({ name: '人员4', practising: '否', note: '已离职，已取消执业公示' });
  });

  it('refuses a file with a bad row, naming the row, and writes nothing', async () => {
    await importDirect(await xlsxBase64(rosterRows(3)), 'old.xlsx');
    const rows = rosterRows(6);
    rows[3] = ['3', '王喆', '有', '是', '是', ''];
    rows[5] = ['5', '', '是', '是', '是', ''];
    const content = await xlsxBase64(rows);
    const preview = await app.ok('personnel/importPreview', { agencyId, fileName: 'bad.xlsx', contentBase64: content });
    expect(preview.errorCount).toBe(2);
    expect(preview.errors).toEqual([
      { row: 4, column: '是否在本单位真实执业', message: '是否在本单位真实执业应填“是”、“否”或“—”（不涉及），实际为“有”' },
      { row: 6, column: '姓名', message: '请填写姓名' },
    ]);
    const e = await app.fail('personnel/import', { agencyId, fileName: 'bad.xlsx', contentBase64: content, mapping: preview.mapping });
    expect(e.code).toBe('VALIDATION');
    expect(e.message).toContain('第 4 行：是否在本单位真实执业');
    expect(e.message).toContain('第 6 行：请填写姓名');
    expect(e.message).toContain('未导入任何人员');
    // The earlier roster is untouched.
    expect((await app.ok('personnel/get', { agencyId })).persons.map((p) => p.name)).toEqual(['人员1', '人员2', '人员3']);
  });

  it('accepts the dash spellings people type for “—” and refuses “/”', async () => {
    const rows = [OFFICIAL_HEADERS, ['1', '甲', '-', '——', '－', ''], ['2', '乙', '/', '是', '是', '']];
    const preview = await app.ok('personnel/importPreview', { agencyId, fileName: 'x.csv', contentBase64: csvBase64(rows) });
    expect(preview.sample[0]).toMatchObject({ practising: '—', education: '—', title: '—' });
    expect(preview.errors).toEqual([expect.objectContaining({ row: 3, message: expect.stringContaining('实际为“/”') })]);
  });

  it('offers a column mapping for other headers and imports with the mapping chosen', async () => {
    const rows = [
      ['人员名单（2024 年 7 月）'],
      ['编号', '名字', '执业', '学历核查', '职称核查', '证号', '备注'],
      ['1', '张龑', '是', '是', '否', 'TS-1', '职称证书系伪造，已注销'],
      ['2', '李堃', '是', '是', '是', 'TS-2', ''],
    ];
    const content = await xlsxBase64(rows);
    const preview = await app.ok('personnel/importPreview', { agencyId, fileName: 'own.xlsx', contentBase64: content });
    expect(preview.direct).toBe(false);
    expect(preview.headerRow).toBe(2);
    expect(preview.headers).toEqual(rows[1]);
    expect(preview.missing).toEqual(['是否在本单位真实执业', '初次取证时提交的学历是否真实', '初次取证时提交的职称是否真实']);
    expect(preview.mapping).toMatchObject({ name: 1, certNo: 5, note: 6 });
    const missingErr = await app.fail('personnel/import', { agencyId, fileName: 'own.xlsx', contentBase64: content, mapping: preview.mapping });
    expect(missingErr.message).toContain('缺少必需的列');

    const mapping = { ...emptyMapping(), name: 1, practising: 2, education: 3, title: 4, certNo: 5, note: 6 };
    const checked = await app.ok('personnel/importPreview', { agencyId, fileName: 'own.xlsx', contentBase64: content, mapping, headerRow: 2 });
    // A complete hand-made mapping is still not “direct”: the header is not the 附件2 one.
    expect(checked).toMatchObject({ validCount: 2, errorCount: 0, missing: [], direct: false });
    const r = await app.ok('personnel/import', { agencyId, fileName: 'own.xlsx', contentBase64: content, mapping, headerRow: 2 });
    expect(r.counts).toMatchObject({ total: 2, titleProblems: 1 });
    const c = await app.ok('personnel/get', { agencyId });
    expect(c.persons[0]).toMatchObject({ name: '张龑', certNo: 'TS-1', title: '否', note: '职称证书系伪造，已注销' });
  });

  it('refuses one column mapped to two fields', async () => {
    const content = await xlsxBase64(rosterRows(2));
    const mapping = { ...guessMapping(OFFICIAL_HEADERS), certNo: 1 };
    const e = await app.fail('personnel/importPreview', { agencyId, fileName: 'x.xlsx', contentBase64: content, mapping });
    expect(e.message).toContain('第 2 列同时对应了「姓名」和「证书编号」');
  });

  it('replaces the roster by default and appends on request, refusing a 证书编号 already listed', async () => {
    const withCert = (names: string[], start: number) => [
      [...OFFICIAL_HEADERS, '证书编号'],
      ...names.map((n, i) => [String(i + 1), n, '是', '是', '是', '', `C-${start + i}`]),
    ];
    await importDirect(csvBase64(withCert(['甲', '乙'], 1)), 'a.csv');
    await importDirect(csvBase64(withCert(['丙', '丁', '戊'], 1)), 'b.csv');
    expect((await app.ok('personnel/get', { agencyId })).persons.map((p) => p.name)).toEqual(['丙', '丁', '戊']);

    const r = await importDirect(csvBase64(withCert(['己'], 10)), 'c.csv', 'append');
    expect(r).toMatchObject({ imported: 1, mode: 'append' });
    const c = await app.ok('personnel/get', { agencyId });
    expect(c.persons.map((p) => [p.seq, p.name])).toEqual([[1, '丙'], [2, '丁'], [3, '戊'], [4, '己']]);

    const clash = csvBase64(withCert(['庚'], 2));
    const preview = await app.ok('personnel/importPreview', { agencyId, fileName: 'd.csv', contentBase64: clash, mode: 'append' });
    expect(preview.errors[0]?.message).toContain('证书编号 C-2 已在清单第 2 位（丁）');
    const e = await app.fail('personnel/import', { agencyId, fileName: 'd.csv', contentBase64: clash, mapping: preview.mapping, mode: 'append' });
    expect(e.message).toContain('第 2 行');
    expect((await app.ok('personnel/get', { agencyId })).persons).toHaveLength(4);
  });

  it('reads CSV in UTF-8 with or without BOM, and GB18030 from Chinese Excel', async () => {
    const rows = [OFFICIAL_HEADERS, ['1', '王喆', '是', '是', '是', '含逗号, 与"引号"的说明']];
    const bom = await app.ok('personnel/importPreview', { agencyId, fileName: 'a.csv', contentBase64: csvBase64(rows, true) });
    expect(bom).toMatchObject({ format: 'csv', encoding: 'utf-8', direct: true });
    expect(bom.sample[0]?.note).toBe('含逗号, 与"引号"的说明');
    const plain = await app.ok('personnel/importPreview', { agencyId, fileName: 'a.csv', contentBase64: csvBase64(rows, false) });
    expect(plain.sample[0]?.name).toBe('王喆');

    // The 附件2 header and “1,𠮷田,千,千,千,” as GB18030 bytes (from `iconv -t gb18030`); 千 is
    // not a valid answer, so the decoded text shows up in the errors.
    const gbHeader = Buffer.from(
      'd0f2bac52cd0d5c3fb2ccac7b7f1d4dab1beb5a5cebbd5e6cab5d6b4d2b52cb3f5b4cec8a1d6a4cab1cce1bdbbb5c4d1a7c0facac7b7f1d5e6cab52cb3f5b4cec8a1d6a4cab1cce1bdbbb5c4d6b0b3c6cac7b7f1d5e6cab52cb4e6d4dacecacce2bcb0d5fbb8c4c7e9bff6cbb5c3f70d0a',
      'hex',
    );
    const gbRow = Buffer.from('312c' + '9534b235ccef' + '2cc7a72cc7a72cc7a72c', 'hex');
    const gb = await app.ok('personnel/importPreview', {
      agencyId,
      fileName: 'gbk.csv',
      contentBase64: Buffer.concat([gbHeader, gbRow]).toString('base64'),
    });
    expect(gb).toMatchObject({ encoding: 'gb18030', direct: true });
    expect(gb.errors[0]?.message).toContain('实际为“千”');
    expect(gb.errors).toHaveLength(3);
    // The same row answered 是 (cac7): 𠮷田 (four-byte GB18030 + 田) arrives intact.
    const good = Buffer.concat([gbHeader, Buffer.from('312c' + '9534b235ccef' + '2ccac72ccac72ccac72c', 'hex')]);
    const ok = await app.ok('personnel/importPreview', { agencyId, fileName: 'gbk.csv', contentBase64: good.toString('base64') });
    expect(ok.errors).toEqual([]);
    expect(ok.sample[0]).toMatchObject({ name: '𠮷田', practising: '是' });
  });

  it('refuses .xls, a broken XLSX and bad base64 in Chinese', async () => {
    const xls = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]).toString('base64');
    expect((await app.fail('personnel/importPreview', { agencyId, fileName: 'a.xls', contentBase64: xls })).message).toContain('.xls');
    const broken = Buffer.from('PK\u0003\u0004garbage').toString('base64');
    expect((await app.fail('personnel/importPreview', { agencyId, fileName: 'a.xlsx', contentBase64: broken })).message).toContain('无法读取该 XLSX 文件');
    expect((await app.fail('personnel/importPreview', { agencyId, fileName: 'a.csv', contentBase64: '%%%' })).message).toContain('base64');
  });

  it('imports a 500-person roster in one go', async () => {
    const r = await importDirect(await xlsxBase64(rosterRows(500)), '500.xlsx');
    expect(r.imported).toBe(500);
    const c = await app.ok('personnel/get', { agencyId });
    expect(c.persons).toHaveLength(500);
    expect(c.counts.total).toBe(500);
    expect(c.counts.practisingProblems).toBe(rosterRows(500).slice(1).filter((row) => row[2] === '否').length);
    expect(c.persons[499]).toMatchObject({ seq: 500, name: '人员500' });
  });
});

describe('rare names and the 附件2 export', () => {
  const NAMES = ['王喆', '李堃', '张龑', '𠮷田花子', '陈𫟼', '欧阳䶮'];

  it('pass unchanged through import → DB → search → export, and the export imports again', async () => {
    const rows = [[...OFFICIAL_HEADERS, '证书编号', '已取消执业公示', '已注销资质']];
    NAMES.forEach((n, i) => rows.push([String(i + 1), n, i === 1 ? '否' : '是', '是', i === 2 ? '否' : '是', i === 1 ? `${n}未在本单位执业` : '', `TS-${i}`, i === 1 ? '是' : '', '']));
    await importDirect(await xlsxBase64(rows), 'names.xlsx');
    await app.ok('personnel/saveSummary', { agencyId, totalStaff: 6, disclosedCount: 6, socialInsuranceCount: 5, meetsRequirements: '否', filledBy: '𠮷田花子', filledPhone: '13800000000', filledOn: '2024-07-19' });

    const c = await app.ok('personnel/get', { agencyId });
    expect(c.persons.map((p) => p.name)).toEqual(NAMES);
    for (const n of NAMES) {
      const hits = await app.ok('personnel/search', { query: n });
      expect(hits.map((h) => h.name)).toEqual([n]);
    }

    const file = await app.ok('personnel/exportXlsx', { agencyId, appColumns: true });
    expect(file.fileName).toMatch(/^附件2_人员条件自查情况统计表_.+_2024-07-20\.xlsx$/);
    const ws = await readBack(file.contentBase64);
    const text = (r: number, col: number) => String(ws.getCell(r, col).value ?? '');
    expect(text(2, 1)).toBe(ATTACHMENT2_TITLE);
    expect(text(3, 1)).toBe('单位名称（盖章）：上海测试检测有限公司');
    expect(text(6, 1)).toBe('1. 特种设备检验检测人员总数');
    expect(text(6, 5)).toBe('6');
    expect(text(9, 5)).toBe('否');
    expect(text(10, 1)).toBe('共排查检验检测人员总数');
    expect(text(10, 3)).toBe('6');
    expect([text(10, 5), text(10, 6)]).toEqual(['发现真实执业存在问题人数', '1']);
    expect([text(12, 5), text(12, 6)]).toEqual(['发现职称存在问题人数', '1']);
    expect(Array.from({ length: 9 }, (_, i) => text(14, i + 1))).toEqual([...OFFICIAL_HEADERS, '证书编号', '已取消执业公示', '已注销资质']);
    expect(NAMES.map((_, i) => text(15 + i, 2))).toEqual(NAMES);
    expect(text(22, 1)).toBe('填表人姓名：𠮷田花子');
    expect(text(25, 1)).toBe(FILLING_NOTE);

    // Round trip: the exported form is a valid import, summary block included.
    await app.ok('personnel/saveSummary', { agencyId });
    const again = await importDirect(file.contentBase64, file.fileName);
    expect(again).toMatchObject({ imported: 6, summaryUpdated: true });
    const back = await app.ok('personnel/get', { agencyId });
    expect(back.persons.map(({ name, certNo, practising, note, disclosureCancelled }) => ({ name, certNo, practising, note, disclosureCancelled }))).toEqual(
      c.persons.map(({ name, certNo, practising, note, disclosureCancelled }) => ({ name, certNo, practising, note, disclosureCancelled })),
    );
    expect(back.summary).toMatchObject({ totalStaff: 6, socialInsuranceCount: 5, meetsRequirements: '否', filledBy: '𠮷田花子', filledOn: '2024-07-19' });
  });

  it('exports the official six columns only unless asked for more', async () => {
    await importDirect(await xlsxBase64(rosterRows(2)), 'x.xlsx');
    const ws = await readBack((await app.ok('personnel/exportXlsx', { agencyId })).contentBase64);
    expect(ws.getCell(14, 6).value).toBe('存在问题及整改情况说明');
    expect(ws.getCell(14, 7).value).toBeNull();
  });
});
