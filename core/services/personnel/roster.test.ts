/**
 * 附件2 through the API on a real SQLite file: the summary block, row edits,
 * computed counts, and that bad input is refused naming the field and writes
 * nothing.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { InputOf } from '../../contract';
import { openTempApp, type TempApp } from '../../../test/support/temp-app';
import { agencyInput } from '../../../test/support/roster-files';

let app: TempApp;
let agencyId: string;

beforeEach(async () => {
  app = openTempApp({ today: '2024-07-20' });
  agencyId = (await app.ok('agencies/save', agencyInput())).id;
});
afterEach(() => app.dispose());

type PersonIn = InputOf<'personnel/addRow'>['person'];

const person = (name: string, over: Partial<PersonIn> = {}): PersonIn => ({
  name,
  practising: '是',
  education: '是',
  title: '是',
  ...over,
});

describe('personnel checklist', () => {
  it('starts empty with zero counts and a blank summary', async () => {
    const c = await app.ok('personnel/get', { agencyId });
    expect(c.persons).toEqual([]);
    expect(c.counts.total).toBe(0);
    expect(c.summary).toMatchObject({ totalStaff: null, meetsRequirements: '', filledBy: '', updatedAt: null });
  });

  it('computes the counts from the rows after every edit', async () => {
    const a = await app.ok('personnel/addRow', { agencyId, person: person('王喆', { practising: '否', note: '已离职' }) });
    expect(a.person.seq).toBe(1);
    expect(a.counts).toMatchObject({ total: 1, practisingProblems: 1, anyProblem: 1 });
    const b = await app.ok('personnel/addRow', { agencyId, person: person('李堃', { education: '否', title: '否', certNo: 'TS-001' }) });
    expect(b.person).toMatchObject({ seq: 2, certNo: 'TS-001' });
    expect(b.counts).toMatchObject({ total: 2, practisingProblems: 1, educationProblems: 1, titleProblems: 1, anyProblem: 2 });
    await app.ok('personnel/addRow', { agencyId, person: person('张龑', { title: '—' }) });

    const u = await app.ok('personnel/updateRow', {
      id: b.person.id,
      person: person('李堃', { education: '否', title: '是', certNo: 'TS-001', qualificationRevoked: true }),
    });
    expect(u.counts).toMatchObject({ total: 3, titleProblems: 0, qualificationRevoked: 1, educationRevoked: 1 });

    const d = await app.ok('personnel/deleteRow', { id: a.person.id });
    expect(d.counts).toMatchObject({ total: 2, practisingProblems: 0 });
    const c = await app.ok('personnel/get', { agencyId });
    // 序号 closes the gap left by the deleted row.
    expect(c.persons.map((p) => [p.seq, p.name])).toEqual([
      [1, '李堃'],
      [2, '张龑'],
    ]);
  });

  it('refuses a check value other than 是/否/— and an empty name, writing nothing', async () => {
    const bad = await app.fail('personnel/addRow', { agencyId, person: { ...person('王喆'), practising: '有' } });
    expect(bad.code).toBe('VALIDATION');
    expect(bad.path).toBe('person.practising');
    expect(bad.message).toContain('是否在本单位真实执业应填“是”、“否”或“—”');
    const empty = await app.fail('personnel/addRow', { agencyId, person: person('   ') });
    expect(empty.path).toBe('person.name');
    expect(empty.message).toContain('请填写姓名');
    expect((await app.ok('personnel/get', { agencyId })).persons).toHaveLength(0);
  });

  it('refuses a second row with the same 证书编号', async () => {
    await app.ok('personnel/addRow', { agencyId, person: person('王喆', { certNo: 'TS-9' }) });
    const e = await app.fail('personnel/addRow', { agencyId, person: person('王哲', { certNo: 'TS-9' }) });
    expect(e.code).toBe('CONFLICT');
    expect(e.message).toContain('第 1 位（王喆）');
    expect((await app.ok('personnel/get', { agencyId })).persons).toHaveLength(1);
  });

  it('saves the summary block and 填表人 lines', async () => {
    const c = await app.ok('personnel/saveSummary', {
      agencyId,
      totalStaff: 30,
      disclosedCount: 28,
      socialInsuranceCount: 29,
      meetsRequirements: '是',
      filledBy: '𠮷田花子',
      filledPhone: '021-64380010',
      filledOn: '2024-07-20',
    });
    expect(c.summary).toMatchObject({ totalStaff: 30, disclosedCount: 28, meetsRequirements: '是', filledBy: '𠮷田花子' });
    expect(c.summary.updatedAt).not.toBeNull();
  });

  it('refuses a summary whose part exceeds the whole, a bad phone or a bad date', async () => {
    const over = await app.fail('personnel/saveSummary', { agencyId, totalStaff: 10, disclosedCount: 12 });
    expect(over.path).toBe('disclosedCount');
    expect(over.message).toContain('不能大于特种设备检验检测人员总数（10）');
    const phone = await app.fail('personnel/saveSummary', { agencyId, filledPhone: '电话号码' });
    expect(phone.path).toBe('filledPhone');
    const date = await app.fail('personnel/saveSummary', { agencyId, filledOn: '2024-02-30' });
    expect(date.path).toBe('filledOn');
    const negative = await app.fail('personnel/saveSummary', { agencyId, totalStaff: -1 });
    expect(negative.message).toContain('不能为负数');
    expect((await app.ok('personnel/get', { agencyId })).summary.updatedAt).toBeNull();
  });

  it('answers NOT_FOUND in Chinese for an unknown agency or row', async () => {
    const e = await app.fail('personnel/get', { agencyId: '01890a5d-ac96-774b-bcce-b302099a8057' });
    expect(e.code).toBe('NOT_FOUND');
    expect(e.message).toContain('找不到该机构');
    const r = await app.fail('personnel/deleteRow', { id: '01890a5d-ac96-774b-bcce-b302099a8057' });
    expect(r.code).toBe('NOT_FOUND');
  });

  it('finds people by name or 证书编号 across agencies, rare characters included', async () => {
    const other = (await app.ok('agencies/save', agencyInput('上海申𠮷无损检测有限公司'))).id;
    await app.ok('personnel/addRow', { agencyId, person: person('张龑') });
    await app.ok('personnel/addRow', { agencyId: other, person: person('𠮷田花子', { certNo: 'RT-Ⅱ-0042' }) });
    const byName = await app.ok('personnel/search', { query: '𠮷田' });
    expect(byName.map((p) => [p.name, p.agencyName])).toEqual([['𠮷田花子', '上海申𠮷无损检测有限公司']]);
    expect((await app.ok('personnel/search', { query: 'Ⅱ-0042' }))[0]?.name).toBe('𠮷田花子');
    expect((await app.ok('personnel/search', { query: '龑', agencyId: other }))).toEqual([]);
  });
});
