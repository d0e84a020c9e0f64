import { beforeAll, describe, expect, it } from 'vitest';
import {
  ATTACHMENT1_COLUMNS,
  ATTACHMENT1_ITEMS,
  ATTACHMENT1_SECTIONS,
  ATTACHMENT1_TITLE,
  BASIC_INFO_LABELS,
  CERTIFICATE_LABELS,
} from '../forms/attachment1';
import { buildAttachment1 } from './attachment1';
import { sampleAttachment1 } from '../test/support/pdf-fixtures';
import { renderPdf } from './render';
import { pdfPages, pdfRawText } from './testing/poppler';

const squash = (s: string): string => s.replace(/\s+/g, '');

describe('附件1 PDF', () => {
  const model = sampleAttachment1();
  let raw: string;
  let pages: string[];

  beforeAll(async () => {
    const bytes = await renderPdf(buildAttachment1(model).definition);
    raw = squash(pdfRawText(bytes));
    pages = pdfPages(bytes);
  }, 60_000); // rendering a whole document on a busy CI machine can take a few seconds

  it('prints the title, the basic-info and certificate blocks with their values', () => {
    expect(raw).toContain(ATTACHMENT1_TITLE);
    for (const label of [...Object.values(BASIC_INFO_LABELS), ...Object.values(CERTIFICATE_LABELS)]) {
      expect(raw).toContain(squash(label));
    }
    for (const value of ['12310000425015247G', '陈堃', '13916000001', '刘龑', 'TS7110001-2027', 'TS7310058-2026', '2027-02-28']) {
      expect(raw).toContain(value);
    }
  });

  it('prints every section and item with its numbered requirements, findings and the inspector verdict', () => {
    for (const col of Object.values(ATTACHMENT1_COLUMNS)) expect(raw).toContain(col);
    for (const s of ATTACHMENT1_SECTIONS) expect(raw).toContain(s.title);
    for (const item of ATTACHMENT1_ITEMS) {
      if (item.content !== '') expect(raw).toContain(squash(item.content).slice(0, 8));
      const head = squash(item.requirements[0] as string).slice(0, 12);
      expect(raw).toContain(item.requirements.length > 1 ? `(1)${head}` : head);
    }
    expect(raw).toContain('督查核实');
    expect(raw).toContain('不认可');
    expect(raw).toContain('待核实');
    expect(raw).toContain(squash('已修订程序文件并组织培训，2024年8月完成。'));
  });

  it('numbers the pages and prints the footer on each', () => {
    pages.forEach((p, i) => {
      expect(squash(p)).toContain(`第${i + 1}页共${pages.length}页`);
      expect(squash(p)).toContain('检查日期：2024-09-12');
    });
  });

  it('refuses an unknown item key', () => {
    const m = sampleAttachment1();
    (m.items[0] as { key: string }).key = '9.9';
    expect(() => buildAttachment1(m)).toThrow(/自查项目“9.9”不在附件1中/);
  });
});
