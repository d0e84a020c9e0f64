/**
 * Hostile spreadsheets through the dispatcher, as the renderer sends them:
 * `personnel/importPreview` and `agencies/importXlsx` answer VALIDATION with
 * the limit's message, and the app goes on working.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTempApp, type TempApp } from '../../test/support/temp-app';
import { agencyInput, csvBase64, rosterRows, xlsxBase64 } from '../../test/support/roster-files';
import { SST_CLOSE, SST_OPEN, deflatedRepeat, rowXml, sheetClose, sheetOpen, sheetXml, xlsxOf } from '../../test/support/zip-fixtures';

const MB = 1024 * 1024;

let app: TempApp;
let agencyId: string;

beforeEach(async () => {
  app = openTempApp({ today: '2024-07-20' });
  agencyId = (await app.ok('agencies/save', agencyInput())).id;
});
afterEach(() => app.dispose());

async function previewError(file: Buffer | string, fileName = '花名册.xlsx') {
  const contentBase64 = typeof file === 'string' ? file : file.toString('base64');
  return app.fail('personnel/importPreview', { agencyId, fileName, contentBase64 });
}

describe('personnel/importPreview refuses spreadsheet bombs', () => {
  it('a sheet of 600 MB that declares 1 KB', async () => {
    const bomb = deflatedRepeat([{ text: sheetOpen() }, { text: '<x/>'.repeat(MB / 4), times: 600 }, { text: sheetClose() }]);
    const error = await previewError(xlsxOf({ sheet: { deflated: bomb.deflated, declaredSize: 1024 } }));
    expect(error).toMatchObject({ code: 'VALIDATION', message: expect.stringMatching(/解压后超过 20 MB 的上限/) });
  });

  it('one shared string of 400 MB', async () => {
    const sst = deflatedRepeat([{ text: `${SST_OPEN}<si><t>` }, { text: 'a'.repeat(MB), times: 400 }, { text: `</t></si>${SST_CLOSE}` }]);
    const sheet = sheetXml('<row r="1"><c r="A1" t="s"><v>0</v></c></row>');
    const error = await previewError(xlsxOf({ sheet, sharedStrings: { deflated: sst.deflated, declaredSize: sst.size } }));
    expect(error).toMatchObject({ code: 'VALIDATION', message: expect.stringMatching(/共享文字表.*超过 8 MB 的上限/) });
  });

  it('a sheet of 60,000 rows', async () => {
    let rows = '';
    for (let r = 1; r <= 60_000; r++) rows += rowXml(r, [String(r), `人员${r}`]);
    const error = await previewError(xlsxOf({ sheet: sheetXml(rows) }));
    expect(error).toMatchObject({ code: 'VALIDATION', message: expect.stringMatching(/超过 50000 行/) });
  });

  it('a CSV of 60,000 rows', async () => {
    const error = await previewError(csvBase64(rosterRows(60_000).map((r) => r.slice(0, 2))), '花名册.csv');
    expect(error).toMatchObject({ code: 'VALIDATION', message: expect.stringMatching(/CSV 文件超过 50000 行/) });
  });

  it('and still reads a real roster afterwards', async () => {
    await previewError(csvBase64(rosterRows(60_000)), '花名册.csv');
    const preview = await app.ok('personnel/importPreview', { agencyId, fileName: '花名册.xlsx', contentBase64: await xlsxBase64(rosterRows(5)) });
    expect(preview).toMatchObject({ format: 'xlsx', rowCount: 5, validCount: 5 });
  });
});

describe('agencies/importXlsx refuses spreadsheet bombs', () => {
  it('a sheet of 600 MB that declares its size', async () => {
    const bomb = deflatedRepeat([{ text: sheetOpen() }, { text: '<x/>'.repeat(MB / 4), times: 600 }, { text: sheetClose() }]);
    const contentBase64 = xlsxOf({ sheet: { deflated: bomb.deflated, declaredSize: bomb.size } }).toString('base64');
    const error = await app.fail('agencies/importXlsx', { fileName: '名录.xlsx', contentBase64, dryRun: true });
    expect(error).toMatchObject({ code: 'VALIDATION', message: expect.stringMatching(/「xl\/worksheets\/sheet1\.xml」解压后超过 20 MB/) });
  });
});
