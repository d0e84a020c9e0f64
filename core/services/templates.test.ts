/**
 * Scoring templates: the built-in default is stored at first use, a bureau's template is
 * validated and versioned, and an inspection keeps the template it started with.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_TEMPLATE, type ScoringTemplate } from '../../forms/scoring-template';
import { makeCreditCode } from '../../forms/credit-code';
import { openTempApp, type TempApp } from '../../test/support/temp-app';

let app: TempApp;
let agencyId: string;

/** A bureau's allocation: 资源条件 shifted from 人员 (4 → 3) to 场地与设施 (2 → 3). */
function bureauTemplate(overrides: Partial<ScoringTemplate> = {}): Record<string, unknown> {
  return {
    id: 'sh-minhang',
    version: '2025.1',
    name: '闵行区评分模板',
    isDefault: false,
    items: DEFAULT_TEMPLATE.items.map((i) => ({ no: i.no, max: i.no === 1 ? 3 : i.no === 3 ? 3 : i.max })),
    ...overrides,
  };
}

const templateRows = () => app.ctx.store.sqlite.prepare('SELECT id, version, body FROM scoring_templates ORDER BY id').all();
const defaultSetting = () => app.ctx.store.sqlite.prepare("SELECT value FROM settings WHERE key = 'scoring.defaultTemplate'").get();

beforeEach(async () => {
  app = openTempApp({ today: '2024-09-02' });
  agencyId = (
    await app.ok('agencies/save', {
      name: '上海测试模板检验有限公司',
      creditCode: makeCreditCode('91310115MA1K4B2C7'),
      address: '上海市浦东新区张杨路 1 号',
      legalRep: '王强',
      district: '浦东新区',
      kind: '检验机构',
    })
  ).id;
});
afterEach(() => app.dispose());

const create = () => app.ok('inspections/create', { agencyId, type: '专项监督检查', inspectedOn: '2024-09-02' });

describe('templates', () => {
  it('lists the built-in template as the default, storing it once at first use', async () => {
    expect(templateRows()).toHaveLength(0);
    const list = await app.ok('templates/list', {});
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ id: DEFAULT_TEMPLATE.id, version: DEFAULT_TEMPLATE.version, isDefault: true, builtIn: true });
    expect(list[0]?.items).toEqual(DEFAULT_TEMPLATE.items.map((i) => ({ no: i.no, max: i.max })));
    await app.ok('templates/list', {});
    await create();
    expect(templateRows()).toHaveLength(1);
  });

  it('imports a valid template; the same file again is a no-op', async () => {
    const first = await app.ok('templates/import', { template: bureauTemplate() });
    expect(first.created).toBe(true);
    expect(first.template).toMatchObject({ id: 'sh-minhang', version: '2025.1', isDefault: false, builtIn: false });
    // The file's own isDefault does not pick the default; only an explicit choice does.
    const again = await app.ok('templates/import', { template: bureauTemplate({ isDefault: true }) });
    expect(again.created).toBe(false);
    expect(templateRows()).toHaveLength(2);
    expect(defaultSetting()).toBeUndefined();
  });

  it('refuses the same id and version with a different body (CONFLICT), changing nothing', async () => {
    await app.ok('templates/import', { template: bureauTemplate() });
    const before = templateRows();
    const changed = bureauTemplate({ name: '闵行区评分模板（修订）' });
    const e = await app.fail('templates/import', { template: changed, makeDefault: true });
    expect(e.code).toBe('CONFLICT');
    expect(e.message).toMatch(/版本 2025\.1 已存在且内容不同.*改用新的版本号/);
    expect(templateRows()).toEqual(before);
    expect(defaultSetting()).toBeUndefined();
    // The built-in template cannot be overwritten either.
    const fake = await app.fail('templates/import', { template: bureauTemplate({ id: DEFAULT_TEMPLATE.id, version: DEFAULT_TEMPLATE.version }) });
    expect(fake.code).toBe('CONFLICT');
  });

  it('refuses a template whose sums do not match the notice, naming the indicator, and writes nothing', async () => {
    const wrongSum = bureauTemplate();
    (wrongSum.items as { no: number; max: number }[])[0] = { no: 1, max: 4 };
    const e = await app.fail('templates/import', { template: wrongSum, makeDefault: true });
    expect(e.code).toBe('VALIDATION');
    expect(e.message).toMatch(/一级指标「资源条件」各项满分合计应为 10 分，模板中为 11 分/);
    expect(e.message).toMatch(/^评分模板未导入：.*请修改模板文件后重新导入。$/);

    const badItem = bureauTemplate();
    (badItem.items as { no: number; max: number }[])[4] = { no: 5, max: 1.25 };
    const e2 = await app.fail('templates/import', { template: badItem });
    expect(e2.message).toMatch(/第 5 项「文件控制」的满分应大于 0 且为 0\.5 的整数倍/);

    const notObject = await app.fail('templates/import', { template: 'hello' });
    expect(notObject.message).toMatch(/模板文件内容应为 JSON 对象/);
    expect(templateRows()).toHaveLength(0);
    expect(defaultSetting()).toBeUndefined();
  });

  it('setDefault refuses an unknown template with NOT_FOUND', async () => {
    const e = await app.fail('templates/setDefault', { id: 'nope', version: '1' });
    expect(e.code).toBe('NOT_FOUND');
    expect(e.message).toMatch(/没有编号为「nope」、版本为「1」的评分模板/);
    expect(defaultSetting()).toBeUndefined();
  });

  it('new inspections take the current default; an inspection keeps its template when the default changes', async () => {
    const old = await create();
    expect(old).toMatchObject({ templateId: DEFAULT_TEMPLATE.id, templateVersion: DEFAULT_TEMPLATE.version });
    await app.ok('inspections/saveItem', { inspectionId: old.id, no: 1, score: 4 });

    await app.ok('templates/import', { template: bureauTemplate(), makeDefault: true });
    const list = await app.ok('templates/list', {});
    expect(list.filter((t) => t.isDefault).map((t) => t.id)).toEqual(['sh-minhang']);

    const fresh = await create();
    expect(fresh).toMatchObject({ templateId: 'sh-minhang', templateVersion: '2025.1' });

    // The old inspection still reads and validates with the default allocation (item 1 max 4)...
    const oldDetail = await app.ok('inspections/get', { id: old.id });
    expect(oldDetail.template).toMatchObject({ id: DEFAULT_TEMPLATE.id, version: DEFAULT_TEMPLATE.version });
    expect(oldDetail.items[0]).toMatchObject({ max: 4, score: 4 });
    await app.ok('inspections/saveItem', { inspectionId: old.id, no: 1, score: 3.5 });
    // ...while the new one uses the bureau's (item 1 max 3).
    const e = await app.fail('inspections/saveItem', { inspectionId: fresh.id, no: 1, score: 3.5 });
    expect(e.message).toMatch(/第 1 项「人员」的评分应在 0 到 3 分之间/);
    const r = await app.ok('inspections/saveItem', { inspectionId: fresh.id, no: 3, score: 3 });
    expect(r.item.max).toBe(3);

    // Switching back does not move either inspection.
    await app.ok('templates/setDefault', { id: DEFAULT_TEMPLATE.id, version: DEFAULT_TEMPLATE.version });
    const listed = await app.ok('inspections/list', {});
    expect(listed.find((i) => i.id === old.id)?.templateId).toBe(DEFAULT_TEMPLATE.id);
    expect(listed.find((i) => i.id === fresh.id)?.templateId).toBe('sh-minhang');
    expect((await create()).templateId).toBe(DEFAULT_TEMPLATE.id);
  });

  it('keeps working when the template an inspection needs is read from a reopened data folder', async () => {
    await app.ok('templates/import', { template: bureauTemplate(), makeDefault: true });
    const i = await create();
    await app.ok('inspections/saveItem', { inspectionId: i.id, no: 3, score: 3 });
    app.close();
    const reopened = openTempApp({ dataDir: app.dataDir });
    try {
      const d = await reopened.ok('inspections/get', { id: i.id });
      expect(d.template.id).toBe('sh-minhang');
      expect(d.items[2]).toMatchObject({ max: 3, score: 3 });
    } finally {
      reopened.close();
    }
    app = openTempApp({ dataDir: app.dataDir });
  });
});
