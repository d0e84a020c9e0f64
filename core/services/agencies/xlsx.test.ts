/**
 * The agency registry: the bad inputs the issue lists (through the API, each
 * refused naming the field and writing nothing) and the XLSX import/export.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeCreditCode } from '../../../forms/credit-code';
import { openTempApp, type TempApp } from '../../../test/support/temp-app';
import { agencyInput, xlsxBuffer } from '../../../test/support/roster-files';

let app: TempApp;

beforeEach(() => {
  app = openTempApp({ today: '2024-07-20' });
});
afterEach(() => app.dispose());

const cert = (over: Record<string, string> = {}) => ({
  orgName: '上海堃龑检测技术有限公司',
  certNo: 'TS7410104-2027',
  issuer: '上海市市场监督管理局',
  issuedOn: '2023-08-01',
  validUntil: '2027-07-31',
  ...over,
});

async function count(): Promise<number> {
  return (await app.ok('agencies/list', {})).length;
}

describe('registry validation through the API', () => {
  it('refuses a credit code with a wrong check character, naming the field', async () => {
    const good = makeCreditCode('91310104MA1FL0000');
    const wrong = good.slice(0, 17) + (good.endsWith('0') ? '1' : '0');
    const e = await app.fail('agencies/save', agencyInput('甲', { creditCode: wrong }));
    expect(e).toMatchObject({ code: 'VALIDATION', path: 'creditCode' });
    expect(e.message).toContain('校验码错误');
    const short = await app.fail('agencies/save', agencyInput('甲', { creditCode: '9131' }));
    expect(short.message).toContain('应为 18 位');
    expect(await count()).toBe(0);
  });

  it('refuses a duplicate credit code with CONFLICT', async () => {
    const a = agencyInput('上海堃龑检测技术有限公司');
    await app.ok('agencies/save', a);
    const e = await app.fail('agencies/save', { ...agencyInput('另一家公司'), creditCode: a.creditCode });
    expect(e).toMatchObject({ code: 'CONFLICT', path: 'creditCode' });
    expect(e.message).toContain('已登记为「上海堃龑检测技术有限公司」');
    expect(await count()).toBe(1);
  });

  it('refuses an issue date after the expiry date and an unknown district', async () => {
    const late = await app.fail('agencies/save', agencyInput('甲', { certificates: [cert({ issuedOn: '2028-01-01' })] }));
    expect(late).toMatchObject({ code: 'VALIDATION', path: 'certificates.0.issuedOn' });
    expect(late.message).toContain('发证日期不能晚于有效日期');
    const district = await app.fail('agencies/save', { ...agencyInput('甲'), district: '浦西新区' });
    expect(district.path).toBe('district');
    expect(district.message).toContain('请选择所在区');
    expect(await count()).toBe(0);
  });

  it('searches by name (rare characters included) or by credit code', async () => {
    const a = await app.ok('agencies/save', agencyInput('上海申𠮷无损检测有限公司'));
    await app.ok('agencies/save', agencyInput('上海堃龑检测技术有限公司'));
    expect((await app.ok('agencies/list', { query: '𠮷' })).map((x) => x.id)).toEqual([a.id]);
    expect((await app.ok('agencies/list', { query: a.creditCode.toLowerCase() })).map((x) => x.id)).toEqual([a.id]);
  });
});

describe('registry XLSX', () => {
  it('exports agencies and certificates, and the file imports back as updates', async () => {
    const a = await app.ok('agencies/save', agencyInput('上海堃龑𠮷检测技术有限公司', { certificates: [cert(), cert({ certNo: 'TS2', validUntil: '2024-08-10' })] }));
    const file = await app.ok('agencies/exportXlsx', {});
    expect(file.fileName).toBe('机构名录_2024-07-20.xlsx');
    const preview = await app.ok('agencies/importXlsx', { fileName: file.fileName, contentBase64: file.contentBase64, dryRun: true });
    expect(preview).toMatchObject({ dryRun: true, added: 0, updated: 1, certificates: 2, certificatesIncluded: true, errorCount: 0 });
    expect(preview.agencies[0]).toMatchObject({ row: 2, name: '上海堃龑𠮷检测技术有限公司', creditCode: a.creditCode, action: 'update', previousCertificates: 2 });
    await app.ok('agencies/importXlsx', { fileName: file.fileName, contentBase64: file.contentBase64 });
    const back = await app.ok('agencies/get', { id: a.id });
    expect(back.name).toBe('上海堃龑𠮷检测技术有限公司');
    expect(back.certificates.map((c) => [c.certNo, c.validUntil, c.status.level])).toEqual([
      ['TS2', '2024-08-10', 'expiring30'],
      ['TS7410104-2027', '2027-07-31', 'ok'],
    ]);
  });

  it('adds new agencies from a hand-made workbook with Excel dates', async () => {
    const code = makeCreditCode('91310115MA1K4B2C7');
    const buf = await xlsxBuffer({
      机构: [
        ['法人单位名称', '单位地址', '统一社会信用代码', '法定代表人', '所在区', '机构类别'],
        ['上海浦江电梯检测技术有限公司', '上海市浦东新区张杨路 1588 号', code, '周龑', '浦东新区', '检测机构'],
      ],
      核准证: [
        ['统一社会信用代码', '机构名称', '证书编号', '发证机关', '发证日期', '有效日期'],
        [code, '上海浦江电梯检测技术有限公司', 'TS7410115-2026', '上海市市场监督管理局', new Date(Date.UTC(2022, 7, 1)), new Date(Date.UTC(2026, 6, 31))],
      ],
    });
    const r = await app.ok('agencies/importXlsx', { fileName: 'new.xlsx', contentBase64: buf.toString('base64') });
    expect(r).toMatchObject({ added: 1, updated: 0, certificates: 1 });
    const [a] = await app.ok('agencies/list', { query: code });
    expect(a?.legalRep).toBe('周龑');
    expect(a?.certificates[0]).toMatchObject({ issuedOn: '2022-08-01', validUntil: '2026-07-31' });
  });

  it('lists every bad row by sheet and row number and imports nothing', async () => {
    const good = makeCreditCode('91310115MA1K4B2C7');
    const wrong = good.slice(0, 17) + (good.endsWith('0') ? '1' : '0');
    const other = makeCreditCode('12310112425098765');
    const buf = await xlsxBuffer({
      机构: [
        ['法人单位名称', '单位地址', '统一社会信用代码', '法定代表人', '所在区', '机构类别'],
        ['甲公司', '地址', good, '王喆', '浦东新区', '检测机构'],
        ['乙公司', '地址', wrong, '李堃', '浦东新区', '检测机构'],
        ['丙公司', '地址', other, '张龑', '浦西新区', '检验机构'],
        ['丁公司', '地址', good, '王喆', '浦东新区', '检测机构'],
      ],
      核准证: [
        ['统一社会信用代码', '机构名称', '证书编号', '发证机关', '发证日期', '有效日期'],
        [good, '甲公司', 'TS1', '上海市市场监督管理局', '2027-01-01', '2026-12-31'],
      ],
    });
    const content = buf.toString('base64');
    const preview = await app.ok('agencies/importXlsx', { fileName: 'bad.xlsx', contentBase64: content, dryRun: true });
    expect(preview.errors.map((e) => [e.sheet, e.row])).toEqual([
      ['机构', 3],
      ['机构', 4],
      ['机构', 5],
      ['核准证', 2],
    ]);
    expect(preview.errors[0]?.message).toContain('校验码错误');
    expect(preview.errors[1]?.message).toContain('请选择所在区');
    expect(preview.errors[2]?.message).toContain('与第 2 行重复');
    expect(preview.errors[3]?.message).toContain('发证日期不能晚于有效日期');
    const e = await app.fail('agencies/importXlsx', { fileName: 'bad.xlsx', contentBase64: content });
    expect(e.code).toBe('VALIDATION');
    expect(e.message).toContain('「机构」第 3 行');
    expect(e.message).toContain('「核准证」第 2 行');
    expect(await count()).toBe(0);
  });

  it('refuses a workbook without the registry columns', async () => {
    const buf = await xlsxBuffer({ Sheet1: [['a', 'b'], ['1', '2']] });
    const e = await app.fail('agencies/importXlsx', { fileName: 'x.xlsx', contentBase64: buf.toString('base64') });
    expect(e.message).toContain('找不到「机构」工作表');
  });
});
