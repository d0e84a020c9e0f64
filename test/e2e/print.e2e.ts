/**
 * Printing from the app: 打印 / PDF → 附件3 shows a preview made by the core (fonts,
 * seal, hash) and 保存为 PDF downloads that very file, which `pdf verify` accepts.
 */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pdfText } from '../../pdf/testing/poppler';
import { startE2e, type E2e } from './harness';
import { hides, shows } from './wait';

const AGENCY = '上海市特种设备监督检验技术研究院';

describe('print preview and save as PDF', () => {
  let e: E2e;
  beforeAll(async () => {
    e = await startE2e({ seed: true });
  });
  afterAll(async () => {
    await e?.close();
  });

  it('previews 附件3 and saves it as a PDF that verifies', async () => {
    const { page } = e;
    await page.getByRole('row').filter({ hasText: AGENCY }).getByRole('button', { name: /^评分/ }).click();
    await page.getByRole('button', { name: '打印 / PDF' }).hover();
    await page.getByRole('menuitem', { name: '附件3 监督检查表' }).click();
    const preview = page.locator('.ant-modal').filter({ hasText: '打印预览' });
    await shows(preview, 30_000);
    await shows(preview.locator('iframe[title="PDF 预览"]'));
    await e.screenshot('print-preview');
    const [download] = await Promise.all([page.waitForEvent('download'), preview.getByRole('link', { name: '保存为 PDF' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^上海市特种设备监督检验技术研究院_附件3_\d{4}-\d{2}-\d{2}\.pdf$/);
    const file = await download.path();
    const bytes = fs.readFileSync(file);
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdfText(bytes)).toContain(AGENCY);
    const verified = await e.app.dispatch('pdf/verify', { base64: bytes.toString('base64') });
    expect(verified).toMatchObject({ ok: true, value: { ok: true, revision: 0 } });
    await preview.locator('.ant-modal-footer').getByRole('button', { name: '关闭' }).click();
    await hides(preview);
    expect(e.pageErrors).toEqual([]);
  });
});
