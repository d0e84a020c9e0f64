import { beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../lib/errors';
import {
  ATTACHMENT2_TITLE,
  FILLING_NOTE,
  FOOTER_LABELS,
  HEADER_LABELS,
  ROSTER_COLUMNS,
  ROSTER_SECTION_TITLE,
  SUMMARY_LABELS,
  SUMMARY_SECTION_TITLE,
} from '../forms/attachment2';
import { buildAttachment2 } from './attachment2';
import { RARE_NAMES, sampleAttachment2 } from '../test/support/pdf-fixtures';
import { renderPdf } from './render';
import { pdfPageCount, pdfPagePng, pdfPages, pdfRawPages, pdfRawText } from './testing/poppler';
import { readVerificationCode } from './verify';

const squash = (s: string): string => s.replace(/\s+/g, '');

describe('附件2 PDF with a 500-person roster', () => {
  const model = sampleAttachment2(500);
  let bytes: Buffer;
  let pages: string[];
  let raw: string;

  beforeAll(async () => {
    const doc = buildAttachment2(model);
    expect(doc.missingGlyphs).toEqual([]);
    bytes = await renderPdf(doc.definition);
    pages = pdfPages(bytes);
    raw = squash(pdfRawText(bytes));
  }, 60_000); // rendering a whole document on a busy CI machine can take a few seconds

  it('prints the title, 单位名称（盖章）, the summary block with its computed counts', () => {
    const first = squash(pages[0] as string);
    expect(first).toContain(ATTACHMENT2_TITLE);
    expect(first).toContain(`${HEADER_LABELS.unitName}：上海市特种设备监督检验技术研究院`);
    expect(first).toContain(`${HEADER_LABELS.principalSignature}：陈堃`);
    expect(first).toContain(squash(SUMMARY_SECTION_TITLE));
    for (const label of Object.values(SUMMARY_LABELS)) expect(raw).toContain(squash(label));
    expect(raw).toContain(`${squash(SUMMARY_LABELS.totalPersonnel)}512`);
    expect(raw).toContain(`${squash(SUMMARY_LABELS.meetsResourceConditions)}是`);
    expect(raw).toContain(`${squash(SUMMARY_LABELS.checkedTotal)}500`);
    const c = model.counts;
    expect(raw).toContain(`${SUMMARY_LABELS.practisingProblems}${c.practisingProblems}`);
    expect(raw).toContain(`${SUMMARY_LABELS.educationProblems}${c.educationProblems}`);
    expect(raw).toContain(`${SUMMARY_LABELS.titleProblems}${c.titleProblems}`);
  });

  it('prints every person, rare characters included, with the roster header on every page', () => {
    expect(raw).toContain(squash(ROSTER_SECTION_TITLE));
    for (const name of RARE_NAMES) expect(raw).toContain(name);
    // Row 500 and its name, the last row of the roster.
    expect(raw).toContain(`500${model.rows[499]?.name}`);
    const rawPages = pdfRawPages(bytes);
    expect(rawPages).toHaveLength(pages.length);
    for (const p of rawPages.slice(0, -1)) {
      const s = squash(p);
      for (const col of ROSTER_COLUMNS.filter((c) => !c.appExtra)) expect(s).toContain(squash(col.label));
    }
    // The app's own columns are not part of the official form.
    expect(raw).not.toContain('已注销资质');
    expect(raw).toContain(squash('社保缴纳单位与执业单位不一致，已要求说明并于30日内整改。'));
  });

  it('ends with the footer lines and the 填报说明, and numbers every page', () => {
    expect(raw).toContain(`${FOOTER_LABELS.filledBy}：刘龑`);
    expect(raw).toContain(`${FOOTER_LABELS.phone}：021-62576000`);
    expect(raw).toContain(`${FOOTER_LABELS.filledOn}：2024-07-20`);
    expect(raw).toContain(squash(FILLING_NOTE));
    const n = pdfPageCount(bytes);
    expect(n).toBeGreaterThan(10);
    pages.forEach((p, i) => expect(squash(p)).toContain(`第${i + 1}页共${n}页`));
    expect(squash(pages[0] as string)).toContain(`第1页共${n}页`);
    expect(readVerificationCode(bytes)?.sha256).toBe(model.record.sha256);
    const png = pdfPagePng(bytes, 1);
    expect(Math.abs(png.readUInt32BE(16) - 496)).toBeLessThanOrEqual(1); // portrait at 60 dpi
  });
});

describe('附件2 refuses inconsistent data', () => {
  it('counts that do not match the roster', () => {
    const m = sampleAttachment2(20);
    m.counts = { ...m.counts, educationProblems: m.counts.educationProblems + 1 };
    expect(() => buildAttachment2(m)).toThrow(AppError);
    expect(() => buildAttachment2(m)).toThrow(/人员统计数与排查清单不一致/);
  });

  it('a person without a name', () => {
    const m = sampleAttachment2(3);
    (m.rows[1] as { name: string }).name = '  ';
    expect(() => buildAttachment2(m)).toThrow(/第 2 行没有姓名/);
  });
});
