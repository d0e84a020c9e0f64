/** 附件1 review per agency on a real SQLite file. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ATTACHMENT1_ITEMS } from '../../forms/attachment1';
import { openTempApp, type TempApp } from '../../test/support/temp-app';
import { agencyInput } from '../../test/support/roster-files';

let app: TempApp;
let agencyId: string;

beforeEach(async () => {
  app = openTempApp({ today: '2024-07-20' });
  agencyId = (
    await app.ok(
      'agencies/save',
      agencyInput('上海申𠮷无损检测有限公司', {
        certificates: [{ orgName: '上海申𠮷无损检测有限公司', certNo: 'TS7410113-2025', issuer: '上海市市场监督管理局', issuedOn: '2021-07-01', validUntil: '2024-07-08' }],
      }),
    )
  ).id;
});
afterEach(() => app.dispose());

describe('self-check review (附件1)', () => {
  it('returns all 15 items blank, with the agency and its certificates prefilled from the registry', async () => {
    const s = await app.ok('selfcheck/get', { agencyId });
    expect(s.items.map((i) => i.key)).toEqual(ATTACHMENT1_ITEMS.map((i) => i.key));
    expect(s.items.every((i) => i.problems === '' && i.acceptance === '' && i.updatedAt === null)).toBe(true);
    expect(s.agency.name).toBe('上海申𠮷无损检测有限公司');
    expect(s.agency.certificates[0]?.status).toMatchObject({ level: 'expired', label: '已过期 12 天' });
    expect(s.progress).toEqual({ reviewed: 0, accepted: 0, rejected: 0, pending: 0, total: 15 });
  });

  it('saves only the items given and counts the review progress', async () => {
    await app.ok('selfcheck/save', {
      agencyId,
      items: [
        { key: '2.3', problems: '2 名检测人员未在本单位缴纳社保', corrections: '已取消执业公示', acceptance: '认可' },
        { key: '4.1', problems: '', corrections: '', acceptance: '待核实' },
      ],
    });
    const s = await app.ok('selfcheck/save', { agencyId, items: [{ key: '5.1', problems: '未及时报告', corrections: '', acceptance: '不认可' }] });
    expect(s.items.find((i) => i.key === '2.3')).toMatchObject({ problems: '2 名检测人员未在本单位缴纳社保', acceptance: '认可' });
    expect(s.items.find((i) => i.key === '5.1')?.acceptance).toBe('不认可');
    expect(s.progress).toEqual({ reviewed: 3, accepted: 1, rejected: 1, pending: 1, total: 15 });
  });

  it('refuses an unknown item, a duplicate item or an unknown acceptance, writing nothing', async () => {
    const unknown = await app.fail('selfcheck/save', { agencyId, items: [{ key: '6.1', acceptance: '认可' }] });
    expect(unknown).toMatchObject({ code: 'VALIDATION', path: 'items.0.key' });
    expect(unknown.message).toContain('附件1 没有这一项');
    const dup = await app.fail('selfcheck/save', { agencyId, items: [{ key: '1.1', acceptance: '认可' }, { key: '1.1', acceptance: '认可' }] });
    expect(dup.message).toContain('重复提交');
    const bad = await app.fail('selfcheck/save', { agencyId, items: [{ key: '1.1', acceptance: '同意' }] });
    expect(bad.message).toContain('认可、不认可、待核实');
    expect((await app.ok('selfcheck/get', { agencyId })).progress.reviewed).toBe(0);
  });
});
