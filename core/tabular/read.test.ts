/**
 * readTable against hostile spreadsheets: each is refused with a VALIDATION
 * error that says what is too large, before exceljs parses it. The files are
 * made here from a few strings (see test/support/zip-fixtures.ts); the “bombs” inflate to
 * hundreds of megabytes but are a few hundred kilobytes as built.
 */
import { describe, expect, it } from 'vitest';
import { AppError } from '../../lib/errors';
import { readTable } from './read';
import { TABLE_LIMITS, type TableLimits } from './limits';
import { SST_CLOSE, SST_OPEN, deflatedRepeat, rowXml, sheetClose, sheetOpen, sheetXml, xlsxOf, zipOf } from '../../test/support/zip-fixtures';

const MB = 1024 * 1024;
const A_MEGABYTE = 'a'.repeat(MB);

async function refusal(bytes: Buffer, limits: TableLimits = TABLE_LIMITS, fileName = 'x.xlsx'): Promise<AppError> {
  try {
    await readTable(bytes, fileName, limits);
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('readTable accepted the file');
}

function expectValidation(e: AppError, message: RegExp): void {
  expect(e.code).toBe('VALIDATION');
  expect(e.message).toMatch(message);
}

function rows(n: number): string {
  let s = '';
  for (let r = 1; r <= n; r++) s += rowXml(r, [`人员${r}`]);
  return s;
}

describe('readTable on a hand-built workbook (the control for the tests below)', () => {
  it('reads cells, inline and shared strings', async () => {
    const sheet = sheetXml(`${rowXml(1, ['姓名', '证书编号'])}<row r="2"><c r="A2" t="s"><v>0</v></c><c r="B2" t="inlineStr"><is><t>TS1</t></is></c></row>`);
    const table = await readTable(xlsxOf({ sheet, sharedStrings: `${SST_OPEN}<si><t>王喆</t></si>${SST_CLOSE}` }), 'x.xlsx');
    expect(table).toEqual({ format: 'xlsx', sheets: [{ name: '人员', rows: [['姓名', '证书编号'], ['王喆', 'TS1']] }] });
  });

  it('keeps only the top-left value of a merged range', async () => {
    const sheet = sheetXml(rowXml(1, ['标题', '重复']) + rowXml(2, ['a', 'b']), '', '<mergeCells count="1"><mergeCell ref="A1:B1"/></mergeCells>');
    expect((await readTable(xlsxOf({ sheet }))).sheets[0]?.rows).toEqual([['标题'], ['a', 'b']]);
  });
});

describe('readTable bounds the compressed file', () => {
  it('refuses a file over 20 MB', async () => {
    const e = await refusal(Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(TABLE_LIMITS.maxFileBytes)]));
    expectValidation(e, /文件过大（20\.0 MB），表格导入的上限是 20 MB/);
  });

  it('refuses a CSV file over 20 MB before decoding it', async () => {
    const e = await refusal(Buffer.alloc(TABLE_LIMITS.maxFileBytes + 1, 'a,'), TABLE_LIMITS, 'x.csv');
    expectValidation(e, /文件过大（20\.0 MB），表格导入的上限是 20 MB/);
  });
});

describe('readTable bounds CSV', () => {
  it('refuses a CSV of 50,001 rows', async () => {
    const e = await refusal(Buffer.from('姓名,证书编号\r\n'.repeat(50_001)), TABLE_LIMITS, 'x.csv');
    expectValidation(e, /CSV 文件超过 50000 行/);
  });
});

describe('readTable bounds what the zip inflates to', () => {
  it('refuses an entry that declares more than the limit, without inflating it', async () => {
    const limits = { ...TABLE_LIMITS, maxEntryBytes: 2 * MB };
    const sheet = sheetXml(`<row r="1"><c r="A1"><v>0</v></c></row>${'<x/>'.repeat(MB)}`);
    expectValidation(await refusal(xlsxOf({ sheet }), limits), /「xl\/worksheets\/sheet1\.xml」解压后超过 2 MB 的上限/);
  });

  it('counts the real bytes of an entry that declares less than it holds', async () => {
    const limits = { ...TABLE_LIMITS, maxEntryBytes: 2 * MB };
    const sheet = sheetXml('<x/>'.repeat(MB));
    expectValidation(await refusal(xlsxOf({ sheet: { data: sheet, declaredSize: 1000 } }), limits), /「xl\/worksheets\/sheet1\.xml」解压后超过 2 MB/);
  });

  it('refuses an entry whose real size differs from the declared one, even under the limit', async () => {
    const sheet = sheetXml(rowXml(1, ['a']));
    expectValidation(await refusal(xlsxOf({ sheet: { data: sheet, declaredSize: 10 } })), /实际解压后的大小与文件记录的不符/);
  });

  it('bounds the entries together', async () => {
    const limits = { ...TABLE_LIMITS, maxEntryBytes: 2 * MB, maxTotalBytes: 3 * MB };
    const image = (i: number, size: number, declaredSize?: number) => ({ name: `xl/media/image${i}.png`, data: Buffer.alloc(size), ...(declaredSize ? { declaredSize } : {}) });
    expectValidation(await refusal(zipOf([image(1, 1.5 * MB), image(2, 1.5 * MB), image(3, 1.5 * MB)]), limits), /解压后的总大小超过 3 MB 的上限/);
    // The second declares 100 bytes: only counting what it inflates finds the total too large.
    expectValidation(await refusal(zipOf([image(1, 1.5 * MB), image(2, 1.6 * MB, 100)]), limits), /解压后的总大小超过 3 MB 的上限/);
  });

  it('bounds the other parts exceljs builds objects from more tightly', async () => {
    const limits = { ...TABLE_LIMITS, maxPartBytes: MB };
    const styles = { name: 'xl/styles.xml', data: `<styleSheet><cellXfs>${'<xf numFmtId="0"/>'.repeat(MB / 16)}</cellXfs></styleSheet>` };
    expectValidation(await refusal(xlsxOf({ sheet: sheetXml(rowXml(1, ['a'])), extra: [styles] }), limits), /「xl\/styles\.xml」解压后超过 1 MB 的上限/);
  });

  it('refuses a 600 MB bomb that declares its size, from the zip directory alone', async () => {
    const bomb = deflatedRepeat([{ text: sheetOpen() + '<row r="1"><c r="A1" t="inlineStr"><is><t>' }, { text: A_MEGABYTE, times: 600 }, { text: `</t></is></c></row>${sheetClose()}` }]);
    expect(bomb.deflated.length).toBeLessThan(MB);
    const e = await refusal(xlsxOf({ sheet: { deflated: bomb.deflated, declaredSize: bomb.size } }));
    expectValidation(e, /「xl\/worksheets\/sheet1\.xml」解压后超过 20 MB 的上限/);
  });

  it('refuses a 600 MB bomb that declares 1 KB, stopping at the limit', async () => {
    // Markup the tallies do not count, so only the size can stop it.
    const bomb = deflatedRepeat([{ text: sheetOpen() }, { text: '<x/>'.repeat(MB / 4), times: 600 }, { text: sheetClose() }]);
    const e = await refusal(xlsxOf({ sheet: { deflated: bomb.deflated, declaredSize: 1024 } }));
    expectValidation(e, /「xl\/worksheets\/sheet1\.xml」解压后超过 20 MB 的上限/);
  });

  it('refuses a 600 MB bomb of zeros in an image that declares 1 KB', async () => {
    const bomb = deflatedRepeat([{ text: Buffer.alloc(MB), times: 600 }]);
    const e = await refusal(zipOf([{ name: 'xl/media/image1.png', deflated: bomb.deflated, declaredSize: 1024 }]));
    expectValidation(e, /「xl\/media\/image1\.png」解压后超过 20 MB/);
  });
});

describe('readTable bounds the shared-string table', () => {
  const sst400 = deflatedRepeat([{ text: `${SST_OPEN}<si><t>` }, { text: A_MEGABYTE, times: 400 }, { text: `</t></si>${SST_CLOSE}` }]);
  const sheet = sheetXml('<row r="1"><c r="A1" t="s"><v>0</v></c></row>');

  it('refuses one 400 MB shared string that declares its size', async () => {
    const e = await refusal(xlsxOf({ sheet, sharedStrings: { deflated: sst400.deflated, declaredSize: sst400.size } }));
    expectValidation(e, /共享文字表（xl\/sharedStrings\.xml）解压后超过 8 MB 的上限/);
  });

  it('refuses one 400 MB shared string that declares 1 KB, at its first 320 KB', async () => {
    const e = await refusal(xlsxOf({ sheet, sharedStrings: { deflated: sst400.deflated, declaredSize: 1024 } }));
    expectValidation(e, /单元格的文字超过 32767 个字符的上限/);
  });

  it('refuses a table of more texts than the workbook may have cells', async () => {
    const limits = { ...TABLE_LIMITS, maxCells: 100 };
    const sst = SST_OPEN + '<si><t>x</t></si>'.repeat(101) + SST_CLOSE;
    expectValidation(await refusal(xlsxOf({ sheet, sharedStrings: sst }), limits), /文字条目超过 100 条的上限/);
  });

  it('refuses a shared string over 32,767 characters that the scan lets through', async () => {
    const sst = `${SST_OPEN}<si><t>${'字'.repeat(40_000)}</t></si>${SST_CLOSE}`;
    const e = await refusal(xlsxOf({ sheet, sharedStrings: sst }));
    expectValidation(e, /工作表「人员」第 1 行第 1 列的单元格的文字超过 32767 个字符的上限/);
  });
});

describe('readTable bounds rows and cells', () => {
  it('refuses a sheet of 50,001 rows before exceljs parses it', async () => {
    const e = await refusal(xlsxOf({ sheet: sheetXml(rows(50_001)) }));
    expectValidation(e, /表格中有工作表超过 50000 行，每个工作表最多 50000 行/);
  });

  it('reads a sheet of exactly the row limit', async () => {
    const limits = { ...TABLE_LIMITS, maxRows: 2_000 };
    expect((await readTable(xlsxOf({ sheet: sheetXml(rows(2_000)) }), 'x.xlsx', limits)).sheets[0]?.rows).toHaveLength(2_000);
  });

  it('refuses a sheet whose one row stands past row 50,000', async () => {
    const e = await refusal(xlsxOf({ sheet: sheetXml(rowXml(1_048_576, ['底'])) }));
    expectValidation(e, /工作表「人员」超过 50000 行/);
  });

  it('refuses more rows than the limit, all sheets together', async () => {
    const limits = { ...TABLE_LIMITS, maxTotalRows: 3_000 };
    const second = { name: 'xl/worksheets/sheet2.xml', data: sheetXml(rows(1_500)) };
    expectValidation(await refusal(xlsxOf({ sheet: sheetXml(rows(1_501)), extra: [second] }), limits), /表格的行数超过 3000 行的上限（各工作表合计）/);
  });

  it('refuses more cells than the limit, all sheets together', async () => {
    const limits = { ...TABLE_LIMITS, maxCells: 10 };
    const sheet = sheetXml(rowXml(1, ['1', '2', '3', '4', '5', '6']) + rowXml(2, ['1', '2', '3', '4', '5']));
    expectValidation(await refusal(xlsxOf({ sheet }), limits), /单元格超过 10 个的上限/);
  });

  it('refuses a sheet whose cells stand far to the right of every row', async () => {
    const limits = { ...TABLE_LIMITS, maxCells: 10 };
    const far = (r: number) => `<row r="${r}"><c r="Z${r}" t="inlineStr"><is><t>x</t></is></c></row>`;
    expectValidation(await refusal(xlsxOf({ sheet: sheetXml(far(1) + far(2)) }), limits), /工作表「人员」的表格范围过大/);
  });

  it('refuses an inline cell over 32,767 characters', async () => {
    const e = await refusal(xlsxOf({ sheet: sheetXml(rowXml(1, ['a', 'b'.repeat(32_768)])) }));
    expectValidation(e, /第 1 行第 2 列的单元格的文字超过 32767 个字符的上限/);
  });
});

describe('readTable bounds what exceljs would expand range by range', () => {
  it('refuses a merged range that covers the whole sheet', async () => {
    const sheet = sheetXml(rowXml(1, ['a']), '', '<mergeCells count="1"><mergeCell ref="A1:XFD1048576"/></mergeCells>');
    expectValidation(await refusal(xlsxOf({ sheet })), /合并单元格覆盖的范围超过 100000 个单元格的上限/);
  });

  it('refuses more merged ranges than the limit', async () => {
    const limits = { ...TABLE_LIMITS, maxMerges: 2 };
    const merges = '<mergeCells count="3"><mergeCell ref="A1:A2"/><mergeCell ref="B1:B2"/><mergeCell ref="C1:C2"/></mergeCells>';
    expectValidation(await refusal(xlsxOf({ sheet: sheetXml(rowXml(1, ['a']), '', merges) }), limits), /合并单元格超过 2 处的上限/);
  });

  it('refuses a merged range it cannot read', async () => {
    const sheet = sheetXml(rowXml(1, ['a']), '', '<mergeCells count="1"><mergeCell ref="A1:B2:C3"/></mergeCells>');
    expectValidation(await refusal(xlsxOf({ sheet })), /合并单元格的范围「A1:B2:C3」无效/);
  });

  it('reads a sheet with a defined name, a data validation and a column format over the whole sheet', async () => {
    const sheet = sheetXml(
      rowXml(1, ['姓名']) + rowXml(2, ['王喆']),
      '<cols><col min="1" max="1000000000" width="9" customWidth="1"/></cols>',
      '<dataValidations count="1"><dataValidation type="list" allowBlank="1" sqref="A1:XFD1048576"><formula1>"是,否"</formula1></dataValidation></dataValidations>',
    );
    const definedNames = '<definedName name="_xlnm._FilterDatabase" localSheetId="0" hidden="1">人员!$A$1:$XFD$1048576</definedName>';
    const table = await readTable(xlsxOf({ sheet, definedNames }), 'x.xlsx');
    expect(table.sheets[0]?.rows).toEqual([['姓名'], ['王喆']]);
  });
});
