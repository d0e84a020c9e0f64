/**
 * 附件3 scoring through the dispatcher on a real SQLite file: saving items, refusing bad
 * input without writing, draft ↔ completed, and the totals the list carries.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ATTACHMENT3_ITEMS } from '../../../forms/attachment3';
import { computeTotals } from '../../../forms/scoring';
import { DEFAULT_TEMPLATE } from '../../../forms/scoring-template';
import { makeCreditCode } from '../../../forms/credit-code';
import { openTempApp, type TempApp } from '../../../test/support/temp-app';

let app: TempApp;
let inspectionId: string;

async function addAgency(a: TempApp, prefix: string, kind: '检验机构' | '考试机构' = '检验机构'): Promise<string> {
  const agency = await a.ok('agencies/save', {
    name: `上海测试${prefix}检验有限公司`,
    creditCode: makeCreditCode(`91310115MA1K${prefix}`),
    address: '上海市浦东新区张杨路 1 号',
    legalRep: '王强',
    district: '浦东新区',
    kind,
  });
  return agency.id;
}

async function newInspection(a: TempApp, agencyId: string, kind: 'agency' | 'exam' = 'agency'): Promise<string> {
  const i = await a.ok('inspections/create', { agencyId, kind, type: '专项监督检查', inspectedOn: '2024-09-02' });
  return i.id;
}

const maxOf = (no: number): number => DEFAULT_TEMPLATE.items.find((i) => i.no === no)?.max ?? NaN;

/** The stored working copy, as a fingerprint to prove a refused call changed nothing. */
async function snapshot(id: string) {
  const d = await app.ok('inspections/get', { id });
  return { items: d.items, status: d.inspection.status, updatedAt: d.inspection.updatedAt };
}

beforeEach(async () => {
  app = openTempApp({ today: '2024-09-02' });
  inspectionId = await newInspection(app, await addAgency(app, '4B2C7'));
});
afterEach(() => app.dispose());

describe('inspections/get', () => {
  it('returns all 42 items untouched, the default template and zero totals', async () => {
    const d = await app.ok('inspections/get', { id: inspectionId });
    expect(d.items).toHaveLength(42);
    expect(d.items.map((i) => i.no)).toEqual(ATTACHMENT3_ITEMS.map((i) => i.no));
    expect(d.items[0]).toEqual({
      no: 1,
      clauses: [null, null, null],
      score: null,
      notApplicable: false,
      problem: '',
      remark: '',
      max: 4,
      suggested: null,
      updatedAt: null,
    });
    expect(d.template).toMatchObject({ id: DEFAULT_TEMPLATE.id, version: DEFAULT_TEMPLATE.version });
    expect(d.totals).toMatchObject({ raw: 0, applicableMax: 100, rescaled: 0, bonus: 0, total: 0, complete: false });
    expect(d.totals.unscored).toHaveLength(42);
    expect(d.inspection).toMatchObject({ status: 'draft', total: 0, scoredCount: 0, templateId: DEFAULT_TEMPLATE.id });
  });

  it('answers NOT_FOUND in Chinese for an unknown inspection', async () => {
    const e = await app.fail('inspections/get', { id: '0190d9a4-0000-7000-8000-000000000000' });
    expect(e.code).toBe('NOT_FOUND');
    expect(e.message).toMatch(/找不到该检查任务/);
  });
});

describe('inspections/saveItem', () => {
  it('saves clauses, score, 问题记录 and 备注, and returns the item with new totals', async () => {
    const r = await app.ok('inspections/saveItem', {
      inspectionId,
      no: 1,
      clauses: ['符合', '不符合', '符合'],
      score: 2.5,
      problem: '2 名检验人员未办理执业公示',
      remark: '已现场核对花名册',
    });
    expect(r.item).toMatchObject({ no: 1, score: 2.5, clauses: ['符合', '不符合', '符合'], suggested: 2.5, max: 4 });
    expect(r.totals).toMatchObject({ raw: 2.5, applicableMax: 100, rescaled: 2.5, total: 2.5 });
    expect(r.status).toBe('draft');

    const d = await app.ok('inspections/get', { id: inspectionId });
    expect(d.items[0]).toMatchObject({
      score: 2.5,
      problem: '2 名检验人员未办理执业公示',
      remark: '已现场核对花名册',
      clauses: ['符合', '不符合', '符合'],
    });
    expect(d.items[0]?.updatedAt).toBe(r.updatedAt);
    expect(d.inspection.updatedAt >= r.updatedAt).toBe(true);
  });

  it('is a patch: saving only the 问题记录 keeps the score and clauses', async () => {
    await app.ok('inspections/saveItem', { inspectionId, no: 5, clauses: ['符合', '符合'], score: 2 });
    await app.ok('inspections/saveItem', { inspectionId, no: 5, problem: '受控文件清单未更新' });
    const d = await app.ok('inspections/get', { id: inspectionId });
    expect(d.items[4]).toMatchObject({ score: 2, clauses: ['符合', '符合'], problem: '受控文件清单未更新' });
    // null clears a score; absent leaves it.
    await app.ok('inspections/saveItem', { inspectionId, no: 5, score: null });
    expect((await app.ok('inspections/get', { id: inspectionId })).items[4]).toMatchObject({ score: null, problem: '受控文件清单未更新' });
  });

  it.each([
    [1, 4.5, /第 1 项「人员」的评分应在 0 到 4 分之间，且为 0.5 的整数倍/],
    [1, 1.3, /第 1 项「人员」的评分应在 0 到 4 分之间/],
    [3, -0.5, /第 3 项「场地与设施」的评分应在 0 到 2 分之间/],
    [42, 5.5, /第 42 项「.+」的评分应在 0 到 5 分之间/],
  ])('refuses item %i score %d naming the item and range, writing nothing', async (no, score, message) => {
    await app.ok('inspections/saveItem', { inspectionId, no, problem: '原有记录' });
    const before = await snapshot(inspectionId);
    const e = await app.fail('inspections/saveItem', { inspectionId, no, score, problem: '不应写入' });
    expect(e).toMatchObject({ code: 'VALIDATION', path: 'score' });
    expect(e.message).toMatch(message);
    expect(e.message).toMatch(/未保存/);
    expect(await snapshot(inspectionId)).toEqual(before);
  });

  it('refuses an unknown item number and a wrong clause count, writing nothing', async () => {
    const before = await snapshot(inspectionId);
    for (const no of [0, 43, -1]) {
      const e = await app.fail('inspections/saveItem', { inspectionId, no, score: 1 });
      expect(e).toMatchObject({ code: 'VALIDATION', path: 'no' });
      expect(e.message).toBe(`不存在第 ${no} 项，附件3监督检查表的项目序号为 1 到 42。请核对项目序号。`);
    }
    const wrongCount = await app.fail('inspections/saveItem', { inspectionId, no: 1, clauses: ['符合'] });
    expect(wrongCount).toMatchObject({ code: 'VALIDATION', path: 'clauses' });
    expect(wrongCount.message).toMatch(/第 1 项「人员」有 3 条工作要求，提交了 1 条/);
    const badClause = await app.fail('inspections/saveItem', { inspectionId, no: 1, clauses: ['符合', '好', null] });
    expect(badClause.code).toBe('VALIDATION');
    expect(badClause.message).toMatch(/符合、不符合或不适用/);
    const fractional = await app.fail('inspections/saveItem', { inspectionId, no: 1.5, score: 1 });
    expect(fractional.message).toMatch(/项目序号应为整数/);
    expect(await snapshot(inspectionId)).toEqual(before);
  });

  it('moves draft → completed when every item is scored or 不适用, and back when one is cleared', async () => {
    let last;
    for (const item of ATTACHMENT3_ITEMS) {
      last = await app.ok(
        'inspections/saveItem',
        item.no === 21 || item.no === 37 ? { inspectionId, no: item.no, notApplicable: true } : { inspectionId, no: item.no, score: maxOf(item.no) },
      );
      if (item.no < 42) expect(last.status).toBe('draft');
    }
    expect(last?.status).toBe('completed');
    expect(last?.totals).toMatchObject({ raw: 94, applicableMax: 94, rescaled: 100, bonus: 5, total: 105, complete: true });
    expect(last?.totals.notApplicable).toEqual([21, 37]);
    const listed = (await app.ok('inspections/list', {})).find((i) => i.id === inspectionId);
    expect(listed).toMatchObject({ status: 'completed', total: 105, rescaled: 100, raw: 94, applicableMax: 94, bonus: 5, scoredCount: 42 });

    const back = await app.ok('inspections/saveItem', { inspectionId, no: 37, notApplicable: false });
    expect(back.status).toBe('draft');
    expect(back.totals.unscored).toEqual([37]);
    expect((await app.ok('inspections/get', { id: inspectionId })).inspection.status).toBe('draft');
  });

  it('refuses edits to a signed or submitted inspection with CONFLICT and writes nothing', async () => {
    await app.ok('inspections/saveItem', { inspectionId, no: 2, score: 3 });
    for (const status of ['signed', 'submitted']) {
      // Signing belongs to the lifecycle issue; set the state directly to test the guard.
      app.ctx.store.sqlite.prepare('UPDATE inspections SET status = ? WHERE id = ?').run(status, inspectionId);
      const before = await snapshot(inspectionId);
      const e = await app.fail('inspections/saveItem', { inspectionId, no: 2, score: 4 });
      expect(e.code).toBe('CONFLICT');
      expect(e.message).toMatch(status === 'signed' ? /已签署.*记录已锁定/ : /已提交.*记录已锁定/);
      expect(await snapshot(inspectionId)).toEqual(before);
    }
  });

  it('does not score 考试机构 inspections: saveItem is refused and list totals are null', async () => {
    const examId = await newInspection(app, await addAgency(app, '9X9X9', '考试机构'), 'exam');
    const e = await app.fail('inspections/saveItem', { inspectionId: examId, no: 1, score: 1 });
    expect(e.code).toBe('CONFLICT');
    expect(e.message).toMatch(/考试机构/);
    const exam = (await app.ok('inspections/list', {})).find((i) => i.id === examId);
    expect(exam).toMatchObject({ total: null, rescaled: null, raw: null, applicableMax: null, bonus: null, scoredCount: null });
  });

  it('records each changed field in the audit trail, and nothing for an unchanged field or a refused edit', async () => {
    const audit = () =>
      app.ctx.store.sqlite
        .prepare("SELECT action, path, old_value AS oldValue, new_value AS newValue FROM audit_log WHERE inspection_id = ? AND action = 'item.save' ORDER BY seq")
        .all(inspectionId);
    await app.ok('inspections/saveItem', { inspectionId, no: 3, clauses: ['不符合'], score: 1, problem: '检测场所面积不足' });
    await app.ok('inspections/saveItem', { inspectionId, no: 3, score: 1, remark: '已拍照' });
    await app.fail('inspections/saveItem', { inspectionId, no: 3, score: 9 });
    expect(audit()).toEqual([
      { action: 'item.save', path: 'items.3.clauses', oldValue: '[null]', newValue: '["不符合"]' },
      { action: 'item.save', path: 'items.3.score', oldValue: 'null', newValue: '1' },
      { action: 'item.save', path: 'items.3.problem', oldValue: '""', newValue: '"检测场所面积不足"' },
      // An unchanged score is not recorded again.
      { action: 'item.save', path: 'items.3.remark', oldValue: '""', newValue: '"已拍照"' },
    ]);
  });

  it('records the move to completed in the audit trail', async () => {
    for (const item of ATTACHMENT3_ITEMS) await app.ok('inspections/saveItem', { inspectionId, no: item.no, score: maxOf(item.no) });
    const statusEntries = app.ctx.store.sqlite
      .prepare("SELECT old_value AS oldValue, new_value AS newValue FROM audit_log WHERE inspection_id = ? AND path = 'status'")
      .all(inspectionId);
    expect(statusEntries).toEqual([{ oldValue: '"draft"', newValue: '"completed"' }]);
  });

  it('answers NOT_FOUND for an unknown inspection', async () => {
    const e = await app.fail('inspections/saveItem', { inspectionId: '0190d9a4-0000-7000-8000-000000000000', no: 1, score: 1 });
    expect(e.code).toBe('NOT_FOUND');
  });
});

describe('inspections/list totals', () => {
  it('carries each inspection its own totals, equal to computeTotals of its items', async () => {
    const other = await newInspection(app, await addAgency(app, '7H8J2'));
    await app.ok('inspections/saveItem', { inspectionId, no: 1, score: 3 });
    await app.ok('inspections/saveItem', { inspectionId, no: 2, notApplicable: true });
    await app.ok('inspections/saveItem', { inspectionId, no: 42, score: 2.5 });
    await app.ok('inspections/saveItem', { inspectionId: other, no: 16, score: 4 });

    const list = await app.ok('inspections/list', {});
    const first = list.find((i) => i.id === inspectionId);
    const expected = computeTotals(DEFAULT_TEMPLATE, [
      { no: 1, clauses: [], score: 3, notApplicable: false },
      { no: 2, clauses: [], score: null, notApplicable: true },
      { no: 42, clauses: [], score: 2.5, notApplicable: false },
    ]);
    expect(first).toMatchObject({
      total: expected.total,
      rescaled: expected.rescaled,
      raw: 3,
      applicableMax: 96,
      bonus: 2.5,
      scoredCount: 3,
    });
    expect(list.find((i) => i.id === other)).toMatchObject({ raw: 4, total: 4, scoredCount: 1 });
    // The agency filter gives the same totals.
    const filtered = await app.ok('inspections/list', { agencyId: first?.agencyId ?? '' });
    expect(filtered).toHaveLength(1);
    expect(filtered[0]).toMatchObject({ total: expected.total, scoredCount: 3 });
  });

  it('reads all item rows in one query however many inspections there are', async () => {
    const agencyId = (await app.ok('inspections/list', {}))[0]?.agencyId ?? '';
    for (let i = 0; i < 5; i++) {
      const id = await newInspection(app, agencyId);
      await app.ok('inspections/saveItem', { inspectionId: id, no: 1, score: 1 });
    }
    const sqlite = app.ctx.store.sqlite;
    const original = sqlite.prepare.bind(sqlite);
    const itemQueries: string[] = [];
    sqlite.prepare = ((source: string) => {
      if (source.includes('inspection_items')) itemQueries.push(source);
      return original(source);
    }) as typeof sqlite.prepare;
    try {
      const list = await app.ok('inspections/list', {});
      expect(list).toHaveLength(6);
    } finally {
      sqlite.prepare = original;
    }
    expect(itemQueries).toHaveLength(1);
  });
});
