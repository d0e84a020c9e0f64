import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeCreditCode } from '../../../forms/credit-code';
import { ATTACHMENT3_ITEMS } from '../../../forms/attachment3';
import { DEFAULT_TEMPLATE } from '../../../forms/scoring-template';
import { jpegHeaderOnly, TINY_PNG_BASE64 } from '../../../test/support/images';
import { openTempApp, type TempApp } from '../../../test/support/temp-app';
import { sha256Hex } from '../../../bundle/canonical';
import { verifyAuditChain } from '../../audit/chain';

let app: TempApp;
let inspectionId: string;

const count = (table: string) => (app.ctx.store.sqlite.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;

async function scoreAll(except: number[] = []) {
  for (const item of ATTACHMENT3_ITEMS) {
    const max = DEFAULT_TEMPLATE.items.find((i) => i.no === item.no)?.max ?? 0;
    await app.ok('inspections/saveItem', {
      inspectionId,
      no: item.no,
      ...(except.includes(item.no) ? { notApplicable: true } : { score: max }),
    });
  }
}

async function signAll() {
  await app.ok('signatures/add', { inspectionId, role: 'inspector', signerName: '王春艳', signerDetail: '31000120001', pngBase64: TINY_PNG_BASE64 });
  await app.ok('signatures/add', { inspectionId, role: 'inspector', signerName: '林涛', signerDetail: '31000120017', pngBase64: TINY_PNG_BASE64 });
  await app.ok('signatures/add', { inspectionId, role: 'agency', signerName: '张喆', signerDetail: '质量负责人', pngBase64: TINY_PNG_BASE64 });
}

beforeEach(async () => {
  app = openTempApp({ today: '2026-11-27' });
  await app.ok('profile/save', { name: '王春艳', badgeNo: '31000120001', unit: '上海市市场监督管理局' });
  const agency = await app.ok('agencies/save', {
    name: '上海申𠮷检测有限公司',
    address: '上海市宝山区友谊路 1 号',
    creditCode: makeCreditCode('91310113MA1G7H8J2'),
    legalRep: '𠮷田明',
    district: '宝山区',
    kind: '检测机构',
  });
  const inspection = await app.ok('inspections/create', {
    agencyId: agency.id,
    type: '专项监督检查',
    inspectedOn: '2026-11-27',
    inspectors: [
      { name: '王春艳', badgeNo: '31000120001' },
      { name: '林涛', badgeNo: '31000120017' },
    ],
  });
  inspectionId = inspection.id;
});
afterEach(() => app.dispose());

describe('signing', () => {
  it('refuses to sign with unscored items or missing signatures, naming them, and writes nothing', async () => {
    await scoreAll([21, 34]);
    await app.ok('inspections/saveItem', { inspectionId, no: 5, score: null });
    const auditBefore = count('audit_log');
    const err = await app.fail('inspections/sign', { id: inspectionId });
    expect(err.code).toBe('VALIDATION');
    expect(err.message).toContain('第 5 项');
    expect(err.message).toContain('王春艳、林涛 尚未签名');
    expect(err.message).toContain('受检单位代表尚未签名');
    expect(count('revisions')).toBe(0);
    expect(count('audit_log')).toBe(auditBefore);
  });

  it('freezes a revision whose hash is the SHA-256 of its canonical JSON, then locks the record', async () => {
    await scoreAll([21, 34]);
    await signAll();
    const rev = await app.ok('inspections/sign', { id: inspectionId });
    expect(rev).toMatchObject({ number: 1, parentSha256: null, signedBy: { name: '王春艳' } });
    const stored = await app.ok('inspections/revision', { id: inspectionId, number: 1 });
    expect(sha256Hex(stored.canonical)).toBe(rev.sha256);
    const snapshot = JSON.parse(stored.canonical);
    expect(snapshot.agency.name).toBe('上海申𠮷检测有限公司');
    expect(snapshot.items).toHaveLength(42);
    expect(snapshot.signatures).toHaveLength(3);
    expect(snapshot.inspection.templateVersion).toBe(DEFAULT_TEMPLATE.version);

    const list = await app.ok('inspections/list', {});
    expect(list[0]?.status).toBe('signed');
    const edit = await app.fail('inspections/saveItem', { inspectionId, no: 1, score: 0 });
    expect(edit.code).toBe('CONFLICT');
    const finding = await app.fail('findings/save', { inspectionId, description: '补录问题', severity: '一般问题' });
    expect(finding.code).toBe('CONFLICT');
    expect(finding.message).toContain('发起更改');
    expect(count('findings')).toBe(0);
  });

  it('amends with a reason into revision 2 whose parent is revision 1, keeping revision 1 unchanged', async () => {
    await scoreAll();
    await signAll();
    const first = await app.ok('inspections/sign', { id: inspectionId });
    const firstText = (await app.ok('inspections/revision', { id: inspectionId, number: 1 })).canonical;

    const noReason = await app.fail('inspections/amend', { id: inspectionId, reason: '   ' });
    expect(noReason).toMatchObject({ code: 'VALIDATION', path: 'reason' });
    expect((await app.ok('inspections/list', {}))[0]?.status).toBe('signed');

    await app.ok('inspections/amend', { id: inspectionId, reason: '第 16 项评分录入有误' });
    expect(await app.ok('signatures/list', { inspectionId })).toEqual([]);
    await app.ok('inspections/saveItem', { inspectionId, no: 16, score: 3 });
    const resign = await app.fail('inspections/sign', { id: inspectionId });
    expect(resign.message).toContain('尚未签名');
    await signAll();
    const second = await app.ok('inspections/sign', { id: inspectionId });
    expect(second).toMatchObject({ number: 2, parentSha256: first.sha256, reason: '第 16 项评分录入有误' });
    expect((await app.ok('inspections/revision', { id: inspectionId, number: 1 })).canonical).toBe(firstText);
    const revs = await app.ok('inspections/revisions', { id: inspectionId });
    expect(revs.map((r) => r.number)).toEqual([1, 2]);
    const snap2 = JSON.parse((await app.ok('inspections/revision', { id: inspectionId, number: 2 })).canonical);
    expect(snap2.items.find((i: { no: number }) => i.no === 16).score).toBe(3);
    expect(snap2.amendmentReason).toBe('第 16 项评分录入有误');
  });

  it('submits only signed records', async () => {
    expect((await app.fail('inspections/submit', { id: inspectionId })).code).toBe('CONFLICT');
    await scoreAll();
    await signAll();
    await app.ok('inspections/sign', { id: inspectionId });
    await app.ok('inspections/submit', { id: inspectionId });
    expect((await app.ok('inspections/list', {}))[0]?.status).toBe('submitted');
  });
});

describe('findings', () => {
  it('will not close a 严重事故隐患 without the written notice and the report', async () => {
    const f = await app.ok('findings/save', {
      inspectionId,
      itemNo: 32,
      description: '未及时报告检验不合格电梯',
      severity: '严重事故隐患',
      dueOn: '2026-12-15',
    });
    const err = await app.fail('findings/save', { ...f, rectification: '已报告', closedOn: '2026-12-01' });
    expect(err).toMatchObject({ code: 'VALIDATION', path: 'notifiedOn' });
    expect(err.message).toContain('书面告知受检单位日期');
    expect((await app.ok('findings/list', { inspectionId }))[0]?.closedOn).toBeNull();
    const closed = await app.ok('findings/save', { ...f, notifiedOn: '2026-11-27', reportedOn: '2026-11-27', rectification: '已整改', closedOn: '2026-12-01' });
    expect(closed.closedOn).toBe('2026-12-01');
  });

  it('lists open findings across inspections by due date, flagging overdue ones', async () => {
    await app.ok('findings/save', { inspectionId, description: 'B', severity: '一般问题', dueOn: '2026-12-20' });
    await app.ok('findings/save', { inspectionId, description: 'A', severity: '违法违规行为', dueOn: '2026-11-01' });
    const open = await app.ok('findings/open', {});
    expect(open.map((f) => [f.description, f.overdue])).toEqual([
      ['A', true],
      ['B', false],
    ]);
    expect(open[0]?.agencyName).toBe('上海申𠮷检测有限公司');
  });
});

describe('evidence', () => {
  const thumb = jpegHeaderOnly(160, 120).toString('base64');
  it('stores a photo by SHA-256 and links it to an item', async () => {
    const photo = jpegHeaderOnly(1600, 1200);
    const e = await app.ok('evidence/add', {
      inspectionId,
      itemNo: 9,
      imageBase64: photo.toString('base64'),
      thumbBase64: thumb,
      takenAt: '2026-11-27T02:30:00.000Z',
    });
    expect(e).toMatchObject({ itemNo: 9, width: 1600, height: 1200, mediaType: 'image/jpeg', sha256: sha256Hex(photo) });
    const back = await app.ok('evidence/image', { sha256: e.sha256 });
    expect(Buffer.from(back.base64, 'base64').equals(photo)).toBe(true);
  });

  it('refuses files that are not images, and photos over 2 megapixels, writing nothing', async () => {
    const pdf = Buffer.from('%PDF-1.7 not a photo').toString('base64');
    const notImage = await app.fail('evidence/add', { inspectionId, imageBase64: pdf, thumbBase64: thumb, takenAt: '2026-11-27T02:30:00Z' });
    expect(notImage).toMatchObject({ code: 'VALIDATION', path: 'imageBase64' });
    expect(notImage.message).toContain('只能添加照片');
    const huge = await app.fail('evidence/add', {
      inspectionId,
      imageBase64: jpegHeaderOnly(4000, 3000).toString('base64'),
      thumbBase64: thumb,
      takenAt: '2026-11-27T02:30:00Z',
    });
    expect(huge.message).toContain('超过 200 万像素');
    expect(count('evidence')).toBe(0);
  });
});

describe('audit trail', () => {
  it('records every change with actor, old and new value, and the chain verifies', async () => {
    await app.ok('inspections/saveItem', { inspectionId, no: 1, score: 3 });
    await app.ok('inspections/saveItem', { inspectionId, no: 1, score: 2.5 });
    await app.ok('findings/save', { inspectionId, description: '台账不全', severity: '一般问题' });
    const { entries, check } = await app.ok('inspections/audit', { id: inspectionId });
    expect(check.ok).toBe(true);
    expect(entries[0]).toMatchObject({ seq: 1, action: 'inspection.create' });
    const scoreChanges = entries.filter((e) => e.path === 'items.1.score');
    expect(scoreChanges.map((e) => [e.oldValue, e.newValue])).toEqual([
      [null, 3],
      [3, 2.5],
    ]);
    expect(entries.every((e) => e.actor.name === '王春艳')).toBe(true);
  });

  it('detects a row edited directly in SQLite and names the first broken entry', async () => {
    await app.ok('inspections/saveItem', { inspectionId, no: 1, score: 3 });
    await app.ok('inspections/saveItem', { inspectionId, no: 2, score: 2 });
    await app.ok('inspections/saveItem', { inspectionId, no: 3, score: 1 });
    const db = app.ctx.store.sqlite;
    expect(verifyAuditChain(app.ctx.store, inspectionId).ok).toBe(true);
    // Someone with the file drops the guard trigger and rewrites history.
    db.exec('DROP TRIGGER audit_log_append_only_update');
    const target = db.prepare("SELECT seq FROM audit_log WHERE inspection_id = ? AND path = 'items.2.score'").get(inspectionId) as { seq: number };
    db.prepare("UPDATE audit_log SET new_value = '1.5' WHERE inspection_id = ? AND seq = ?").run(inspectionId, target.seq);
    const check = verifyAuditChain(app.ctx.store, inspectionId);
    expect(check).toMatchObject({ ok: false, brokenSeq: target.seq });
  });
});
