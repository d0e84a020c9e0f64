import { beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../lib/errors';
import {
  ATTACHMENT4_CELLS,
  ATTACHMENT4_GROUPS,
  ATTACHMENT4_NOTE,
  ATTACHMENT4_TITLE,
  caption,
  FOOTER_LABELS,
  HEADER_LABELS,
  PROBLEM_LIST_COLUMNS,
  PROBLEM_LIST_SECTION_TITLE,
  SUMMARY_SECTION_TITLE,
} from '../forms/attachment4';
import type { Attachment4Sheet } from '../forms/attachment4-sheet';
import { DISTRICTS } from '../forms/districts';
import { sampleSheet } from '../test/support/attachment4-sheet';
import { ANNEX_TITLE, buildAttachment4, DRAFT_LABEL, STAMP_AREA_LABEL } from './attachment4';
import { attachment4ChartSvgs, CHART_TITLES } from './attachment4-charts';
import { renderPdf } from './render';
import { DEFAULT_SEAL_LABEL } from './seal';
import { pdfPageCount, pdfPageRaster, pdfPages, pdfRawText, type Raster } from './testing/poppler';
import { formatVerificationCode } from './verification-code';
import { readVerificationCode } from './verify';

const squash = (s: string): string => s.replace(/\s+/g, '');
const escaped = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** `label` directly followed by `value` and then no further digit (so 1 does not pass for 13). */
const labelThenNumber = (label: string, value: number): RegExp => new RegExp(`${escaped(squash(label))}${value}(?!\\d)`);

const SIGNED = { reportId: '0190a5c2-7e3b-7abc-9def-0123456789ab', sha256: 'ab'.repeat(32), submittedAt: '2026-07-21T02:00:00.000Z' };

async function printed(sheet: Attachment4Sheet): Promise<{ bytes: Buffer; pages: string[]; raw: string }> {
  const doc = buildAttachment4(sheet, attachment4ChartSvgs(sheet.charts));
  expect(doc.missingGlyphs).toEqual([]);
  const bytes = await renderPdf(doc.definition);
  return { bytes, pages: pdfPages(bytes), raw: squash(pdfRawText(bytes)) };
}

/** Pixels of the charts' bar colours (#1f5fa8 blue, #3a8a5c green), give or take anti-aliasing. */
function barPixels(r: Raster): number {
  let n = 0;
  for (let i = 0; i + 2 < r.rgb.length; i += 3) {
    const [red, green, blue] = [r.rgb[i] as number, r.rgb[i + 1] as number, r.rgb[i + 2] as number];
    if ((blue > 140 && red < 70 && green < 120) || (green > 110 && red < 90 && blue < 120)) n++;
  }
  return n;
}

describe('附件4 PDF of a draft', () => {
  const sheet = sampleSheet();
  let bytes: Buffer;
  let pages: string[];
  let raw: string;

  beforeAll(async () => {
    ({ bytes, pages, raw } = await printed(sheet));
  }, 60_000);

  it('prints the title, the period, 单位名称（盖章） and 草稿（未报送） in the header', () => {
    const first = squash(pages[0] as string);
    expect(first).toContain(ATTACHMENT4_TITLE);
    expect(first).toContain('附件4');
    expect(first).toContain('统计期间：2026-01-01至2026-07-26');
    expect(first).toContain(`${HEADER_LABELS.unitName}：浦东新区市场监管局`);
    expect(first).toContain(DRAFT_LABEL);
    expect(readVerificationCode(bytes)).toBeNull();
  });

  it('prints the section titles, group labels and every caption with its own number beside it', () => {
    expect(raw).toContain(squash(SUMMARY_SECTION_TITLE));
    expect(raw).toContain(squash(PROBLEM_LIST_SECTION_TITLE));
    for (const g of ATTACHMENT4_GROUPS) expect(raw).toContain(squash(g.label));
    for (const cell of ATTACHMENT4_CELLS) expect(raw).toMatch(labelThenNumber(caption(cell), sheet.counts[cell.key]));
  });

  it('prints the 清单 under its column headers, numbered, with the wrapped texts whole', () => {
    expect(raw).toContain(PROBLEM_LIST_COLUMNS.map((c) => c.label).join(''));
    sheet.problemList.forEach((p, i) => {
      expect(raw).toContain(`${i + 1}${p.unitName}`);
      expect(raw).toContain(squash(p.problem));
      expect(raw).toContain(squash(p.rectification));
    });
  });

  it('ends with the 填表人 lines beside the stamp area and the note; no seal anywhere', () => {
    expect(raw).toContain(`${FOOTER_LABELS.filledBy}：陈立`);
    expect(raw).toContain(`${FOOTER_LABELS.phone}：021-50001234`);
    expect(raw).toContain(`${FOOTER_LABELS.filledOn}：2026-07-20`);
    expect(raw).toContain(squash(ATTACHMENT4_NOTE));
    expect(raw).toContain(squash(STAMP_AREA_LABEL));
    expect(raw).not.toContain(DEFAULT_SEAL_LABEL);
    expect(raw).not.toContain('专用章');
    // The whole form on page 1: the annex starts page 2.
    expect(squash(pages[0] as string)).toContain(squash(ATTACHMENT4_NOTE));
  });

  it('puts the charts on an annex page with their titles, and numbers every page', () => {
    const n = pdfPageCount(bytes);
    expect(n).toBe(2);
    const annex = squash(pages[1] as string);
    expect(annex).toContain(ANNEX_TITLE);
    expect(annex).toContain(CHART_TITLES.scores);
    expect(annex).toContain(CHART_TITLES.indicators);
    expect(annex).not.toContain(CHART_TITLES.districts);
    pages.forEach((p, i) => {
      expect(squash(p)).toContain(`第${i + 1}页共${n}页`);
      expect(squash(p)).toContain('单位：浦东新区市场监管局统计期间：2026-01-01至2026-07-26');
    });
    // The bars really are drawn (the SVGs rendered, not dropped).
    expect(barPixels(pdfPageRaster(bytes, 2))).toBeGreaterThan(2_000);
    expect(barPixels(pdfPageRaster(bytes, 1))).toBe(0);
  });
});

describe('附件4 PDF of a 报送 report', () => {
  it('prints the verification code (text, QR, metadata) and no 草稿', async () => {
    const { bytes, raw } = await printed(sampleSheet({ signed: SIGNED }));
    const code = formatVerificationCode({ recordId: SIGNED.reportId, revision: 1, sha256: SIGNED.sha256 });
    expect(raw).toContain(code);
    expect(raw).toContain('核验短码ABAB-ABAB-ABAB-ABAB');
    expect(raw).toContain('报送日期2026-07-21');
    expect(raw).not.toContain('草稿');
    expect(readVerificationCode(bytes)).toEqual({ recordId: SIGNED.reportId, revision: 1, sha256: SIGNED.sha256 });
    expect(pdfPageCount(bytes)).toBe(2);
  }, 60_000);
});

describe('附件4 PDF variants', () => {
  it('an empty 清单 prints one row 无', async () => {
    const { raw } = await printed(sampleSheet({ problemList: [] }));
    expect(raw).toContain(`${PROBLEM_LIST_COLUMNS.map((c) => c.label).join('')}无`);
  }, 60_000);

  it('a long 清单 runs onto the next page under its repeated header, every row whole', async () => {
    const base = sampleSheet();
    const problemList = Array.from({ length: 14 }, (_, i) => ({ ...(base.problemList[i % 2] as (typeof base.problemList)[0]), unitName: `单位${i + 1}号` }));
    const { bytes, pages } = await printed({ ...base, problemList });
    expect(pdfPageCount(bytes)).toBe(3);
    const second = squash(pages[1] as string);
    expect(second).toContain(squash(PROBLEM_LIST_SECTION_TITLE));
    for (const c of PROBLEM_LIST_COLUMNS) expect(second).toContain(c.label);
    // Rows split by the page break print on both sides (a vertically centred cell would not).
    const raw = squash(pdfRawText(bytes));
    problemList.forEach((p, i) => expect(raw).toContain(`${i + 1}${p.unitName}`));
    expect(second).toContain('单位14号');
    expect(second).toContain(squash(ATTACHMENT4_NOTE));
  }, 60_000);

  it('prints a rare character of a unit name with a fallback font, not 〓', async () => {
    const base = sampleSheet();
    const problemList = [{ ...(base.problemList[0] as (typeof base.problemList)[0]), unitName: '上海𠮷祥检测有限公司' }];
    const { raw } = await printed({ ...base, problemList });
    expect(raw).toContain('1上海𠮷祥检测有限公司');
  }, 60_000);

  it('市局’s report adds the district chart', async () => {
    const base = sampleSheet();
    const byDistrict = DISTRICTS.map((district, i) => ({ district, inspectedAgencies: i + 1, violationAgencies: i % 3 }));
    const { raw } = await printed({ ...base, unit: '市局', unitName: '上海市市场监督管理局', charts: { ...base.charts, byDistrict } });
    expect(raw).toContain(CHART_TITLES.districts);
  }, 60_000);

  it('refuses a sheet it cannot print, in Chinese', () => {
    const charts = attachment4ChartSvgs(sampleSheet().charts);
    expect(() => buildAttachment4(sampleSheet({ from: '2026-13' }), charts)).toThrow(AppError);
    expect(() => buildAttachment4(sampleSheet({ from: '2026-08-01' }), charts)).toThrow(/晚于截止日期/);
    expect(() => buildAttachment4(sampleSheet({ unitName: ' ' }), charts)).toThrow(/单位名称为空/);
    const counts = { ...sampleSheet().counts, penalties: -1 };
    expect(() => buildAttachment4(sampleSheet({ counts }), charts)).toThrow(/立案处罚数量（件）”不能为负数/);
    expect(() => buildAttachment4(sampleSheet({ signed: { ...SIGNED, sha256: 'xyz' } }), charts)).toThrow(AppError);
  });
});

describe('附件4 chart SVGs', () => {
  it('draw every label as outlines (no <text> for svg-to-pdfkit to fail on) and leave the titles to the page', () => {
    const svgs = attachment4ChartSvgs(sampleSheet().charts);
    expect(svgs.districts).toBeNull();
    for (const svg of [svgs.scores, svgs.indicators]) {
      expect(svg.startsWith('<svg')).toBe(true);
      expect(svg).not.toContain('<text');
      expect(svg).not.toContain('<style');
      expect(svg).not.toContain(CHART_TITLES.scores);
      // One glyph path per character of the labels: 8 indicator names alone have 40 characters.
      expect((svg.match(/scale\(0\.01\d+ -0\.01\d+\)/g) ?? []).length).toBeGreaterThan(20);
    }
  });
});
