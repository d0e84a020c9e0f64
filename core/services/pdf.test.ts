import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { pdfPageCount, pdfText } from '../../pdf/testing/poppler';
import { makeSignedInspection } from '../../test/support/signed-inspection';
import { openTempApp, tempDir, type TempApp } from '../../test/support/temp-app';
import { PROJECT_ROOT } from '../paths';

let app: TempApp;
beforeEach(() => {
  app = openTempApp({ today: '2026-11-27' });
});
afterEach(() => app.dispose());

const render = async (inspectionId: string, form: 'attachment3' | 'attachment2' | 'attachment1' | 'notice') =>
  Buffer.from((await app.ok('pdf/render', { inspectionId, form })).base64, 'base64');

describe('printing records', () => {
  it('prints the signed revision of 附件3 with its scores, names and page numbers, and it verifies', async () => {
    const { inspectionId } = await makeSignedInspection(app);
    const pdf = await render(inspectionId, 'attachment3');
    const text = pdfText(pdf).replace(/[ \t]+/g, ' ');
    expect(text).toContain('上海市特种设备检验机构监督检查表');
    expect(text).toContain('上海申𠮷检测有限公司');
    expect(text).toContain('报告准确性');
    expect(text).toContain('第 1 版');
    const pages = pdfPageCount(pdf);
    // pdftotext drops the thin spaces between glyph runs; compare without whitespace.
    expect(text.replace(/\s+/g, '')).toContain(`第1页共${pages}页`);
    const ok = await app.ok('pdf/verify', { base64: pdf.toString('base64') });
    expect(ok).toMatchObject({ ok: true, revision: 1 });
  });

  it('a signed print stays valid after an amendment; a draft print goes stale when edited', async () => {
    const { inspectionId } = await makeSignedInspection(app);
    const signed = await render(inspectionId, 'attachment3');
    await app.ok('inspections/amend', { id: inspectionId, reason: '更正第 16 项' });
    const draft = await render(inspectionId, 'attachment3');
    expect(pdfText(draft)).toContain('草稿（未签署）');
    expect(await app.ok('pdf/verify', { base64: draft.toString('base64') })).toMatchObject({ ok: true, revision: 0 });
    await app.ok('inspections/saveItem', { inspectionId, no: 16, score: 4 });
    const stale = await app.ok('pdf/verify', { base64: draft.toString('base64') });
    expect(stale.ok).toBe(false);
    expect(!stale.ok && stale.reason).toContain('打印后又有修改');
    expect(await app.ok('pdf/verify', { base64: signed.toString('base64') })).toMatchObject({ ok: true, revision: 1 });
  });

  it('names a signed revision changed behind the app’s back', async () => {
    const { inspectionId } = await makeSignedInspection(app);
    const pdf = await render(inspectionId, 'attachment3');
    const db = app.ctx.store.sqlite;
    db.exec('DROP TRIGGER revisions_immutable_update');
    db.prepare("UPDATE revisions SET canonical = replace(canonical, '\"score\":3', '\"score\":4') WHERE inspection_id = ?").run(inspectionId);
    const r = await app.ok('pdf/verify', { base64: pdf.toString('base64') });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.reason).toContain('已被改动');
  });

  it('prints the findings notice, 附件2 and 附件1 of the inspected agency', async () => {
    const { inspectionId } = await makeSignedInspection(app);
    expect(pdfText(await render(inspectionId, 'notice'))).toContain('部分检验报告缺少审核人签字');
    const a2 = pdfText(await render(inspectionId, 'attachment2'));
    expect(a2).toContain('特种设备检验检测机构人员条件自查情况统计表');
    const a1 = pdfText(await render(inspectionId, 'attachment1'));
    expect(a1).toContain('自查自纠对照表');
  });

  it('refuses an unknown inspection and a notice without deadlines, in Chinese', async () => {
    expect((await app.fail('pdf/render', { inspectionId: '01a21e96-e064-75ca-a735-5e32966473fd', form: 'attachment3' })).code).toBe('NOT_FOUND');
    expect((await app.fail('pdf/render', { inspectionId: '01a21e96-e064-75ca-a735-5e32966473fd', form: 'attachment9' })).code).toBe('VALIDATION');
    const { inspectionId } = await makeSignedInspection(app);
    await app.ok('inspections/amend', { id: inspectionId, reason: '补记问题' });
    await app.ok('findings/save', { inspectionId, description: '无期限的问题', severity: '一般问题' });
    const err = await app.fail('pdf/render', { inspectionId, form: 'notice' });
    expect(err.code).toBe('VALIDATION');
    expect(err.message).toContain('整改期限');
  });
});

describe('ducha pdf', () => {
  const BIN = path.join(PROJECT_ROOT, 'bin', 'ducha.mjs');
  it('writes the PDF, verifies it (exit 0), and leaves nothing at an unwritable path', async () => {
    const { inspectionId } = await makeSignedInspection(app);
    app.close();
    const out = path.join(tempDir('ducha-pdf-out-'), '检查表.pdf');
    const run = (...args: string[]) => spawnSync(process.execPath, [BIN, '--data-dir', app.dataDir, ...args], { encoding: 'utf8' });
    const made = run('pdf', '--inspection', inspectionId, '--form', 'attachment3', '--out', out);
    expect(made.status, made.stderr).toBe(0);
    expect(fs.readFileSync(out).subarray(0, 5).toString()).toBe('%PDF-');
    const verified = run('pdf', 'verify', out);
    expect(verified.status, verified.stderr).toBe(0);
    expect(verified.stdout).toContain('核验通过');

    const badDir = path.join(path.dirname(out), 'no', 'such', 'folder', 'x.pdf');
    const failed = run('pdf', '--inspection', inspectionId, '--form', 'attachment3', '--out', badDir);
    expect(failed.status).not.toBe(0);
    expect(failed.stderr).toMatch(/错误/);
    expect(fs.existsSync(badDir)).toBe(false);
    expect(fs.readdirSync(path.dirname(out))).toEqual(['检查表.pdf']);

    const notOurs = path.join(path.dirname(out), 'other.pdf');
    fs.writeFileSync(notOurs, '%PDF-1.4\n%%EOF\n');
    const refused = run('pdf', 'verify', notOurs);
    expect(refused.status).not.toBe(0);
    expect(refused.stderr).toContain('没有找到督查台校验码');
  }, 60_000);
});
