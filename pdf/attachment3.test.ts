import { beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../lib/errors';
import { ATTACHMENT3_ITEMS, ATTACHMENT3_TITLE } from '../forms/attachment3';
import { ROUNDING_NOTE } from '../forms/scoring';
import { buildAttachment3 } from './attachment3';
import { sampleAttachment3, sampleRecord } from '../test/support/pdf-fixtures';
import { renderPdf } from './render';
import { pdfPageCount, pdfPagePng, pdfPageRaster, pdfPages, pdfRawText, pdfText, redPixels } from './testing/poppler';
import { readVerificationCode } from './verify';

/** pdftotext keeps the words but not always the spaces between CJK and digits. */
const squash = (s: string): string => s.replace(/\s+/g, '');

function buildError(fn: () => unknown): AppError {
  try {
    fn();
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('expected an AppError');
}

describe('附件3 PDF', () => {
  let bytes: Buffer;
  let pages: string[];
  let text: string;
  /** Drawing order, whitespace removed: each cell's text is contiguous. */
  let raw: string;
  let pageCount: number;

  beforeAll(async () => {
    const doc = buildAttachment3(sampleAttachment3());
    expect(doc.missingGlyphs).toEqual([]);
    bytes = await renderPdf(doc.definition);
    pages = pdfPages(bytes);
    text = pages.join('\n');
    raw = squash(pdfRawText(bytes));
    pageCount = pdfPageCount(bytes);
  }, 60_000); // rendering a whole document on a busy CI machine can take a few seconds

  it('is A4 landscape, small thanks to font subsetting, and numbers every page 第 X 页 共 Y 页', () => {
    expect(pageCount).toBeGreaterThanOrEqual(3);
    expect(pages).toHaveLength(pageCount);
    expect(bytes.length).toBeLessThan(1024 * 1024);
    pages.forEach((p, i) => {
      expect(squash(p)).toContain(`第${i + 1}页共${pageCount}页`);
      // The footer of every page names the agency, the inspection date and the record number.
      expect(squash(p)).toContain('被检查机构：上海市特种设备监督检验技术研究院');
      expect(p).toContain('检查日期：2024-09-12');
      expect(squash(p)).toContain('记录号：7C8D9E0F（第1版）');
    });
    const png = pdfPagePng(bytes, 1);
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    // 60 dpi landscape A4 is about 702 × 496 pixels (IHDR width/height).
    expect(png.readUInt32BE(16)).toBe(702);
    expect(Math.abs(png.readUInt32BE(20) - 496)).toBeLessThanOrEqual(1);
  });

  it('prints the title, the nine columns on every page, and every item with its numbered requirements', () => {
    expect(text).toContain(ATTACHMENT3_TITLE);
    for (const p of pages.slice(0, -1)) {
      const s = squash(p);
      for (const col of ['序号', '工作分类', '二级指标', '工作要求', '评分', '问题记录', '备注']) expect(s).toContain(col);
    }
    const all = squash(text);
    for (const item of ATTACHMENT3_ITEMS) {
      // 二级指标 (its first line: a long one may also wrap across a page break).
      if (item.item !== '') expect(raw).toContain(squash(item.item).slice(0, 5));
      // Every clause, numbered "(n)" when the item has several. Only the first 24 characters:
      // a clause may run across a page break, where the page footer and header intervene.
      item.requirements.forEach((clause, i) => {
        const head = squash(clause).slice(0, 24);
        expect(raw).toContain(item.requirements.length > 1 ? `(${i + 1})${head}` : head);
      });
    }
    expect(raw).toContain('资源条件(10)');
    expect(raw).toContain('创新特色(5,加分)');
    expect(all).toContain('资料/现场');
  });

  it('repeats the merged 工作分类 and 一级指标 at the top of each page they continue onto', () => {
    // Page 2 starts inside 基础工作 / 质量管理体系 (items 4–13), as the notice prints it.
    const page2 = squash(pages[1] as string);
    const afterHeader = page2.slice(page2.indexOf('备注') + 2);
    expect(afterHeader.slice(0, 40)).toMatch(/基础工.*作?/);
    expect(afterHeader.slice(0, 60)).toContain('质量管理体系');
  });

  it('prints scores, 不适用, problems, the subtotals and the totals block', () => {
    const model = sampleAttachment3();
    const all = squash(text);
    expect(all).toContain('不适用');
    expect(raw).toContain(squash('抽查3台超声波探伤仪，其中1台（编号UT-0931）检定证书已于2024年6月过期，仍在使用。'));
    // Item 16: score 2.5 in the 评分 column right after its 督查方式.
    expect(raw).toMatch(/原始记录的填写、校核等应符合规定.*〔不符合〕资料2\.5/);
    expect(all).toContain('已当场要求停用');
    expect(all).toContain('得分汇总');
    const t = model.totals;
    expect(all).toContain(`基础得分（原始）：${t.raw}/${t.applicableMax}（适用项满分）`);
    expect(all).toContain(`折算得分（百分制）：${t.rescaled}`);
    expect(all).toContain(`创新特色加分：${t.bonus}`);
    expect(all).toContain(`总分：${t.total}`);
    expect(all).toContain(squash(ROUNDING_NOTE).slice(0, 20));
    expect(all).toContain('质量管理体系20'); // subtotal row: name and 分值
  });

  it('prints the inspectors with rare characters, signatures, and the verification code', () => {
    expect(text).toContain('王𠮷');
    expect(text).toContain('李喆');
    expect(text).toContain('陈堃');
    expect(text).toContain('刘龑'); // in a problem record
    expect(text).toContain('检查人员：');
    expect(text).toContain('被检查机构负责人：');
    expect(squash(text)).toContain('DUCHA1:0190f3c2-7a1b-7c3d-9e4f-5a6b7c8d9e0f:1:');
    expect(squash(text)).toContain('核验短码3F2A-9C1B-7D4E-0A55');
    expect(readVerificationCode(bytes)).toEqual({
      recordId: '0190f3c2-7a1b-7c3d-9e4f-5a6b7c8d9e0f',
      revision: 1,
      sha256: sampleRecord().sha256,
    });
  });

  it('draws the red seal as vectors: red on the signature page, its label not extractable as text', () => {
    // At 60 dpi the seal (ring, star, 17 characters) is about 1000 clearly red pixels.
    expect(redPixels(pdfPageRaster(bytes, pageCount, 60))).toBeGreaterThan(600);
    expect(redPixels(pdfPageRaster(bytes, 1, 60))).toBeLessThan(50); // no seal (only thin red 〔不符合〕 marks)
    expect(text).not.toContain('监督检查专用章');
  });

  it('prints 已更改（第 N 版） on every page of an amended revision', async () => {
    const amended = await renderPdf(buildAttachment3(sampleAttachment3(sampleRecord({ revision: 3, amended: true }))).definition);
    const amendedPages = pdfPages(amended);
    for (const p of amendedPages) expect(squash(p)).toContain('已更改（第3版）');
    expect(readVerificationCode(amended)?.revision).toBe(3);
    expect(squash(pdfText(amended, 1))).toContain('记录号：7C8D9E0F（第3版）');
  });
});

describe('附件3 refuses records it cannot print, naming what is missing', () => {
  it('missing items', () => {
    const m = sampleAttachment3();
    m.items = m.items.filter((i) => i.no !== 7 && i.no !== 30);
    const e = buildError(() => buildAttachment3(m));
    expect(e.code).toBe('VALIDATION');
    expect(e.message).toContain('缺少第 7、30 项');
  });

  it('duplicate or unknown items, clause counts that do not match the checklist', () => {
    const dup = sampleAttachment3();
    dup.items.push({ ...(dup.items[0] as (typeof dup.items)[number]) });
    expect(buildError(() => buildAttachment3(dup)).message).toContain('第 1 项评分重复出现');

    const unknown = sampleAttachment3();
    (unknown.items[0] as { no: number }).no = 43;
    expect(buildError(() => buildAttachment3(unknown)).message).toContain('不在检查表');

    const clauses = sampleAttachment3();
    (clauses.items[0] as { clauses: unknown[] }).clauses = ['符合'];
    expect(buildError(() => buildAttachment3(clauses)).message).toContain('第 1 项有 3 条工作要求');
  });

  it('no inspecting unit, a bad date, a corrupt signature or hash', () => {
    const unit = sampleAttachment3();
    unit.inspection.unitName = ' ';
    expect(buildError(() => buildAttachment3(unit)).message).toContain('检查单位名称为空');

    const date = sampleAttachment3();
    date.inspection.date = '2024-9-1';
    expect(buildError(() => buildAttachment3(date)).path).toBe('inspection.date');

    const sig = sampleAttachment3();
    (sig.signatures[0] as { image?: string }).image = 'data:image/jpeg;base64,AAAA';
    expect(buildError(() => buildAttachment3(sig)).message).toContain('签名图片应为 PNG');

    const notPng = sampleAttachment3();
    (notPng.signatures[0] as { image?: string }).image = `data:image/png;base64,${Buffer.from('GIF89a-not-a-png').toString('base64')}`;
    expect(buildError(() => buildAttachment3(notPng)).message).toContain('不是 PNG');

    const hash = sampleAttachment3(sampleRecord({ sha256: 'abc' }));
    expect(buildError(() => buildAttachment3(hash)).message).toContain('SHA-256');
  });

  it('a PNG that is corrupt past its header fails at render time with a Chinese message', async () => {
    const m = sampleAttachment3();
    const broken = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('garbage-garbage')]);
    (m.signatures[0] as { image?: string }).image = `data:image/png;base64,${broken.toString('base64')}`;
    const doc = buildAttachment3(m);
    await expect(renderPdf(doc.definition)).rejects.toMatchObject({ code: 'VALIDATION', message: expect.stringContaining('签名图片无法读取') });
  });
});
