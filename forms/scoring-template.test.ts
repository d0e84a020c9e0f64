import { describe, expect, it } from 'vitest';
import { ATTACHMENT3_INDICATORS, ATTACHMENT3_ITEMS } from './attachment3';
import { DEFAULT_TEMPLATE, parseScoringTemplate, scoringTemplateSchema } from './scoring-template';

/** A JSON round trip, the way a bureau's file arrives. */
const asJson = (v: unknown): unknown => JSON.parse(JSON.stringify(v));

function withMax(no: number, max: unknown): unknown {
  const t = asJson(DEFAULT_TEMPLATE) as { items: { no: number; max: unknown }[] };
  t.items = t.items.map((i) => (i.no === no ? { no, max } : i));
  return t;
}

function errorsOf(input: unknown): { path: string; message: string }[] {
  const r = parseScoringTemplate(input);
  if (r.ok) throw new Error('expected the template to be rejected');
  return r.errors;
}

describe('DEFAULT_TEMPLATE', () => {
  it('has the fixed identity', () => {
    expect(DEFAULT_TEMPLATE.id).toBe('sh-2024-317-default');
    expect(DEFAULT_TEMPLATE.version).toBe('2024.1');
    expect(DEFAULT_TEMPLATE.isDefault).toBe(true);
  });

  it('covers all 42 items in order, maxima positive multiples of 0.5', () => {
    expect(DEFAULT_TEMPLATE.items.map((i) => i.no)).toEqual(ATTACHMENT3_ITEMS.map((i) => i.no));
    for (const i of DEFAULT_TEMPLATE.items) {
      expect(i.max).toBeGreaterThan(0);
      expect(Number.isInteger(i.max * 2)).toBe(true);
    }
  });

  it('sums to each indicator total, 100 + 5 bonus overall', () => {
    const max = new Map(DEFAULT_TEMPLATE.items.map((i) => [i.no, i.max]));
    for (const ind of ATTACHMENT3_INDICATORS) {
      const sum = ind.itemNos.reduce((s, no) => s + (max.get(no) ?? 0), 0);
      expect(sum, ind.name).toBe(ind.points);
    }
    const base = ATTACHMENT3_ITEMS.filter((i) => !i.bonus).reduce((s, i) => s + (max.get(i.no) ?? 0), 0);
    expect(base).toBe(100);
    expect(max.get(42)).toBe(5);
  });

  it('passes its own validation', () => {
    const r = parseScoringTemplate(asJson(DEFAULT_TEMPLATE));
    expect(r).toEqual({ ok: true, template: DEFAULT_TEMPLATE });
  });

  it('is frozen', () => {
    expect(Object.isFrozen(DEFAULT_TEMPLATE)).toBe(true);
    expect(Object.isFrozen(DEFAULT_TEMPLATE.items)).toBe(true);
  });
});

describe('parseScoringTemplate', () => {
  it('reports a wrong indicator total in Chinese with both figures', () => {
    expect(errorsOf(withMax(1, 3.5))).toEqual([
      { path: 'items', message: '一级指标「资源条件」各项满分合计应为 10 分，模板中为 9.5 分' },
    ]);
  });

  it('rejects maxima that are not positive multiples of 0.5, naming the item', () => {
    const [e] = errorsOf(withMax(5, 1.3));
    expect(e?.path).toBe('items.4.max');
    expect(e?.message).toContain('第 5 项「文件控制」');
    expect(e?.message).toContain('0.5 的整数倍');
    expect(errorsOf(withMax(5, 0))[0]?.message).toContain('应大于 0');
    expect(errorsOf(withMax(5, -2))[0]?.message).toContain('应大于 0');
  });

  it('names the item on a shape error inside items', () => {
    const [e] = errorsOf(withMax(5, '2'));
    expect(e).toEqual({ path: 'items.4.max', message: '第 5 项「文件控制」：满分（max）应为数字' });
  });

  it('requires the bonus item to be worth exactly 5', () => {
    const errors = errorsOf(withMax(42, 4));
    expect(errors).toEqual([
      {
        path: 'items.41.max',
        message: '第 42 项「创新特色」为加分项，满分应为 5 分，模板中为 4 分',
      },
    ]);
  });

  it('requires every item exactly once', () => {
    const t = asJson(DEFAULT_TEMPLATE) as { items: { no: number; max: number }[] };
    t.items = t.items.filter((i) => i.no !== 41);
    expect(errorsOf(t).map((e) => e.message)).toEqual([
      '缺少第 41 项「专项工作」的满分设置，模板须包含全部 42 项',
    ]);

    const d = asJson(DEFAULT_TEMPLATE) as { items: { no: number; max: number }[] };
    d.items.push({ no: 3, max: 2 });
    expect(errorsOf(d)).toEqual([
      {
        path: 'items.42.no',
        message: '第 3 项「场地与设施」重复出现（另见 items[2]），每项只能设置一次',
      },
    ]);
  });

  it('rejects unknown item numbers', () => {
    const t = asJson(DEFAULT_TEMPLATE) as { items: { no: number; max: number }[] };
    t.items.push({ no: 43, max: 1 });
    const [e] = errorsOf(t);
    expect(e?.path).toBe('items.42.no');
    expect(e?.message).toContain('项目序号应为 1 到 42 的整数，文件中为 43');
  });

  it('requires a non-empty version, id and name', () => {
    const t = { ...(asJson(DEFAULT_TEMPLATE) as object), version: '  ' };
    expect(errorsOf(t)).toEqual([{ path: 'version', message: '模板版本（version）不能为空' }]);
    const { id: _id, ...noId } = asJson(DEFAULT_TEMPLATE) as { id: string };
    expect(errorsOf(noId)).toEqual([{ path: 'id', message: '缺少模板编号（id）' }]);
  });

  it('answers non-objects in Chinese', () => {
    expect(errorsOf(null)).toEqual([{ path: '', message: '模板文件内容应为 JSON 对象' }]);
    expect(errorsOf({ id: 'a', version: '1', name: 'n', items: 'x' })[0]?.message).toContain(
      '项目满分列表（items）应为',
    );
  });

  it('accepts a bureau template in any order, sorts items, defaults isDefault', () => {
    const t = asJson(DEFAULT_TEMPLATE) as { items: unknown[]; isDefault?: boolean; note?: string };
    t.items.reverse();
    delete t.isDefault;
    delete t.note;
    const r = parseScoringTemplate({ ...t, id: 'pudong', version: ' 2025.1 ' });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.template.isDefault).toBe(false);
    expect(r.template.version).toBe('2025.1');
    expect(r.template.items).toEqual(DEFAULT_TEMPLATE.items);
    expect('note' in r.template).toBe(false);
  });

  it('the exported schema is the same validation', () => {
    expect(scoringTemplateSchema.safeParse(withMax(1, 3.5)).success).toBe(false);
    expect(scoringTemplateSchema.safeParse(asJson(DEFAULT_TEMPLATE)).success).toBe(true);
  });
});
