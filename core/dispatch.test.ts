import { afterEach, describe, expect, it } from 'vitest';
import { makeCreditCode } from '../forms/credit-code';
import type { InputOf } from './contract';
import { openTempApp, type TempApp } from '../test/support/temp-app';

let app: TempApp;
afterEach(() => app?.dispose());

const validAgency = (): InputOf<'agencies/save'> => ({
  name: '上海测试检验有限公司',
  address: '上海市黄浦区人民大道 200 号',
  creditCode: makeCreditCode('91310101MA1AB0001'),
  legalRep: '张三',
  district: '黄浦区',
  kind: '检验机构',
  certificates: [],
});

describe('dispatcher', () => {
  it('returns ok with the validated output', async () => {
    app = openTempApp();
    const saved = await app.ok('agencies/save', validAgency());
    expect(saved.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(saved.creditCode).toBe(validAgency().creditCode);
  });

  it('refuses malformed input with VALIDATION and the field path, writing nothing', async () => {
    app = openTempApp();
    const err = await app.fail('agencies/save', { ...validAgency(), district: '火星区' });
    expect(err.code).toBe('VALIDATION');
    expect(err.path).toBe('district');
    expect(err.message).toMatch(/上海市各区或临港新片区/);
    const nested = await app.fail('agencies/save', {
      ...validAgency(),
      certificates: [{ orgName: 'X', certNo: 'TS1', issuer: '市局', issuedOn: '2025-01-02', validUntil: '2024-01-01' }],
    });
    expect(nested).toMatchObject({ code: 'VALIDATION', path: 'certificates.0.issuedOn', message: '发证日期不能晚于有效日期' });
    expect(await app.ok('agencies/list', {})).toEqual([]);
  });

  it('refuses a wrong credit code in Chinese, naming the check character', async () => {
    app = openTempApp();
    const code = validAgency().creditCode;
    const wrong = code.slice(0, 17) + (code.endsWith('0') ? '1' : '0');
    const err = await app.fail('agencies/save', { ...validAgency(), creditCode: wrong });
    expect(err).toMatchObject({ code: 'VALIDATION', path: 'creditCode' });
    expect(err.message).toMatch(/校验码错误/);
  });

  it('answers NOT_FOUND for unknown methods and never leaks internals', async () => {
    app = openTempApp();
    const err = await app.fail('agencies/drop', {});
    expect(err.code).toBe('NOT_FOUND');
    const notObject = await app.fail('agencies/save', 'not an object');
    expect(notObject.code).toBe('VALIDATION');
  });

  it('maps a duplicate credit code to CONFLICT and leaves the first record intact', async () => {
    app = openTempApp();
    const first = await app.ok('agencies/save', validAgency());
    const err = await app.fail('agencies/save', { ...validAgency(), name: '另一家' });
    expect(err).toMatchObject({ code: 'CONFLICT', path: 'creditCode' });
    expect(err.message).toContain(first.name);
    const list = await app.ok('agencies/list', {});
    expect(list.map((a) => a.name)).toEqual([first.name]);
  });

  it('turns an unexpected exception into INTERNAL without a stack trace', async () => {
    app = openTempApp();
    await app.ok('agencies/save', validAgency());
    app.ctx.store.sqlite.exec('DROP TABLE certificates');
    const err = await app.fail('agencies/list', {});
    expect(err.code).toBe('INTERNAL');
    expect(err.message).not.toMatch(/at |\.ts|sqlite|Error/i);
  });

  it('gives zod\'s own checks in Chinese too, to every transport', async () => {
    app = openTempApp();
    const someId = '01a23bf9-be69-7020-9078-6b8cd68d5c02';
    const errors = [
      await app.fail('system/info', { extra: 1 }),
      await app.fail('agencies/list', { query: '查'.repeat(101) }),
      await app.fail('findings/save', { inspectionId: someId, itemNo: 99, description: '问题', severity: '一般问题' }),
      await app.fail('inspections/revision', { id: someId, number: 'one' }),
    ];
    expect(errors.map((e) => [e.code, e.path, e.message])).toEqual([
      ['VALIDATION', undefined, '含有不认识的字段：「extra」。请去掉后重试'],
      ['VALIDATION', 'query', '不能超过 100 个字符'],
      ['VALIDATION', 'itemNo', '不能大于 42'],
      ['VALIDATION', 'number', '类型不正确：应为数字，收到的是文字'],
    ]);
  });

  it('refuses a lone surrogate before the schema runs, naming the path, even where the schema checks no text', async () => {
    app = openTempApp();
    // agencies/list's query is a bare z.string(): only the dispatcher stands in the way.
    const err = await app.fail('agencies/list', { query: '上海\ud800' });
    expect(err).toMatchObject({ code: 'VALIDATION', path: 'query' });
    expect(err.message).toMatch(/不完整的 Unicode 代理项/);
  });
});
