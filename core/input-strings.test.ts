/**
 * Text no UTF-8 can carry (a lone UTF-16 surrogate, which JSON's "\ud800" escape makes)
 * is refused by the dispatcher for every method, before anything is stored or hashed.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { makeCreditCode } from '../forms/credit-code';
import type { InputOf } from './contract';
import { openTempApp, type TempApp } from '../test/support/temp-app';
import { LAPTOP_PROFILE } from '../test/support/signed-inspection';

let app: TempApp;
afterEach(() => app?.dispose());

const LONE = '王a\ud800b';

const agencyInput = (code17 = '91310101MA1AB0001'): InputOf<'agencies/save'> => ({
  name: '上海测试检验有限公司',
  address: '上海市黄浦区人民大道 200 号',
  creditCode: makeCreditCode(code17),
  legalRep: '张三',
  district: '黄浦区',
  kind: '检验机构',
  certificates: [],
});

interface World {
  agencyId: string;
  inspectionId: string;
}

/** A profile, an agency and a draft inspection, all well-formed. */
async function world(): Promise<World> {
  await app.ok('profile/save', LAPTOP_PROFILE);
  const agency = await app.ok('agencies/save', agencyInput());
  const inspection = await app.ok('inspections/create', { agencyId: agency.id, type: '专项监督检查', inspectedOn: '2026-01-05' });
  return { agencyId: agency.id, inspectionId: inspection.id };
}

/** Everything the methods below could have written, read back through the API. */
async function snapshot(w: World): Promise<unknown> {
  return {
    profile: await app.ok('profile/get', {}),
    agencies: await app.ok('agencies/list', {}),
    inspections: await app.ok('inspections/list', {}),
    detail: await app.ok('inspections/get', { id: w.inspectionId }),
    findings: await app.ok('findings/list', { inspectionId: w.inspectionId }),
    personnel: await app.ok('personnel/get', { agencyId: w.agencyId }),
  };
}

const CASES: { method: string; input: (w: World) => unknown; path: string | undefined }[] = [
  { method: 'profile/save', input: () => ({ ...LAPTOP_PROFILE, name: LONE }), path: 'name' },
  {
    method: 'inspections/create',
    input: (w) => ({ agencyId: w.agencyId, type: '专项监督检查', inspectedOn: '2026-01-06', inspectors: [{ name: LONE, badgeNo: '31000120001' }] }),
    path: 'inspectors.0.name',
  },
  { method: 'inspections/saveItem', input: (w) => ({ inspectionId: w.inspectionId, no: 1, problem: LONE }), path: 'problem' },
  { method: 'inspections/saveItem', input: (w) => ({ inspectionId: w.inspectionId, no: 2, remark: '备注\udc00' }), path: 'remark' },
  { method: 'findings/save', input: (w) => ({ inspectionId: w.inspectionId, description: LONE, severity: '一般问题' }), path: 'description' },
  { method: 'agencies/save', input: () => ({ ...agencyInput('91310101MA1AB0002'), name: LONE }), path: 'name' },
  { method: 'agencies/save', input: () => ({ ...agencyInput('91310101MA1AB0002'), legalRep: '张\ud83d' }), path: 'legalRep' },
  {
    method: 'personnel/addRow',
    input: (w) => ({ agencyId: w.agencyId, person: { name: LONE, practising: '是', education: '是', title: '是' } }),
    path: 'person.name',
  },
  // A key is text too: it would reach the schema's error messages and any stored JSON.
  { method: 'profile/save', input: () => ({ ...LAPTOP_PROFILE, ['x\ud800']: 1 }), path: undefined },
  { method: 'personnel/addRow', input: (w) => ({ agencyId: w.agencyId, person: { name: '李四', ['备注\udfff']: '' } }), path: 'person' },
];

describe('lone surrogates in any input', () => {
  it.each(CASES.map((c) => [c.method, c.path ?? '(根)', c] as const))(
    '%s refuses one at %s with VALIDATION and writes nothing',
    async (_method, _where, c) => {
      app = openTempApp();
      const w = await world();
      const before = await snapshot(w);
      const err = await app.fail(c.method, c.input(w));
      expect(err.code).toBe('VALIDATION');
      expect(err.path).toBe(c.path);
      expect(err.message).toMatch(/无法识别的字符（不完整的 Unicode 代理项），请删除后重新输入/);
      expect(await snapshot(w)).toEqual(before);
      // The methods that broke once such a profile was stored still work.
      await app.ok('inspections/saveItem', { inspectionId: w.inspectionId, no: 3, problem: '记录' });
      await app.ok('findings/save', { inspectionId: w.inspectionId, description: '问题', severity: '一般问题' });
    },
  );

  it('accepts astral characters (surrogate pairs) everywhere and keeps them exactly', async () => {
    app = openTempApp();
    const profile = await app.ok('profile/save', { ...LAPTOP_PROFILE, name: '𠮷田明' });
    expect(profile.name).toBe('𠮷田明');
    const agency = await app.ok('agencies/save', { ...agencyInput(), name: '上海申𠮷检测有限公司', legalRep: '𠮷田' });
    expect(agency.name).toBe('上海申𠮷检测有限公司');
    const inspection = await app.ok('inspections/create', {
      agencyId: agency.id,
      type: '专项监督检查',
      inspectedOn: '2026-01-05',
      inspectors: [{ name: '𠮷田明', badgeNo: '31000120001' }],
    });
    const saved = await app.ok('inspections/saveItem', { inspectionId: inspection.id, no: 1, problem: '记录😀𠮷' });
    expect(saved.item.problem).toBe('记录😀𠮷');
    const finding = await app.ok('findings/save', { inspectionId: inspection.id, description: '𠮷问题', severity: '一般问题' });
    expect(finding.description).toBe('𠮷问题');
    const row = await app.ok('personnel/addRow', { agencyId: agency.id, person: { name: '𠮷田', practising: '是', education: '是', title: '是' } });
    expect(row).toBeDefined();
    const roster = await app.ok('personnel/get', { agencyId: agency.id });
    expect(roster.persons.map((p) => p.name)).toEqual(['𠮷田']);
  });

  it('names the method without passing a lone surrogate back for an unknown one', async () => {
    app = openTempApp();
    const err = await app.fail('agencies/\ud800', {});
    expect(err.code).toBe('NOT_FOUND');
    expect(err.message.isWellFormed()).toBe(true);
  });

  it('refuses input nested deeper than any method takes, in Chinese', async () => {
    app = openTempApp();
    let deep: unknown = '叶';
    for (let i = 0; i < 100; i++) deep = { x: deep };
    const err = await app.fail('profile/save', { ...LAPTOP_PROFILE, extra: deep });
    expect(err.code).toBe('VALIDATION');
    expect(err.message).toMatch(/嵌套过深/);
    expect(await app.ok('profile/get', {})).toBeNull();
  });
});
