import { describe, expect, it } from 'vitest';
import {
  ACCEPTANCE,
  ATTACHMENT1_COLUMNS,
  ATTACHMENT1_ITEMS,
  ATTACHMENT1_SECTIONS,
  ATTACHMENT1_TITLE,
  BASIC_INFO_GROUP_LABEL,
  BASIC_INFO_LABELS,
  CERTIFICATE_GROUP_LABEL,
  CERTIFICATE_LABELS,
} from './attachment1';
import { AGENCY_FIELD_LABELS, CERTIFICATE_FIELD_LABELS } from './agency';
import { readNotice } from '../test/support/reference';


const squash = (s: string): string => s.replace(/\s+/g, '');

/** 附件1's table only, so a phrase that also appears in 附件3 cannot pass by accident. */
function attachment1Text(): string {
  const ref = readNotice();
  const start = ref.indexOf('附件 1');
  const end = ref.indexOf('附件 2', start);
  if (start < 0 || end < 0) throw new Error('参考文件中找不到 附件1 的范围（“附件 1” … “附件 2”）');
  return squash(ref.slice(start, end));
}

describe('附件1 structure', () => {
  it('has 5 sections and 15 items with unique, ordered keys', () => {
    expect(ATTACHMENT1_SECTIONS.map((s) => s.title)).toEqual([
      '近四年制度建设和制度落实情况',
      '资源条件',
      '质量管理体系',
      '检验检测工作质量',
      '履职情况',
    ]);
    expect(ATTACHMENT1_ITEMS).toHaveLength(15);
    expect(ATTACHMENT1_ITEMS.map((i) => i.key)).toEqual([
      '1.1', '1.2', '1.3', '1.4',
      '2.1', '2.2', '2.3', '2.4',
      '3.1', '3.2', '3.3',
      '4.1', '4.2', '4.3',
      '5.1',
    ]);
    for (const item of ATTACHMENT1_ITEMS) {
      expect(item.sectionTitle).toBe(ATTACHMENT1_SECTIONS[item.section - 1]?.title);
      expect(item.requirements.length).toBeGreaterThan(0);
    }
  });

  it('only section 5 has an empty 自查内容', () => {
    expect(ATTACHMENT1_ITEMS.filter((i) => i.content === '').map((i) => i.key)).toEqual(['5.1']);
  });

  it('clause counts match the numbered (n) clauses in the notice', () => {
    expect(ATTACHMENT1_ITEMS.map((i) => i.requirements.length)).toEqual([2, 2, 2, 1, 1, 2, 4, 1, 2, 3, 4, 6, 5, 1, 2]);
  });

  it('strings carry no extraction debris', () => {
    const all = [
      ATTACHMENT1_TITLE,
      ...ATTACHMENT1_SECTIONS.map((s) => s.title),
      ...ATTACHMENT1_ITEMS.flatMap((i) => [i.content, ...i.requirements]),
      ...Object.values(BASIC_INFO_LABELS),
      ...Object.values(CERTIFICATE_LABELS),
    ];
    for (const s of all) {
      expect(s, s).not.toMatch(/<\/?p>/);
      expect(s, s).not.toMatch(/^\s*[(（]\d+[)）]/);
      expect(s, s).toBe(s.trim());
      // No whitespace between two CJK characters (what a PDF line break leaves).
      expect(s, s).not.toMatch(/[\u4e00-\u9fff]\s+[\u4e00-\u9fff]/);
    }
  });
});

describe('附件1 text matches the notice', () => {
  it('title, group labels and columns', () => {
    const a1 = attachment1Text();
    expect(a1).toContain(ATTACHMENT1_TITLE);
    expect(a1).toContain(BASIC_INFO_GROUP_LABEL);
    expect(a1).toContain(CERTIFICATE_GROUP_LABEL);
    for (const label of Object.values(ATTACHMENT1_COLUMNS)) expect(a1, label).toContain(label);
  });

  it('basic-info and certificate labels', () => {
    const a1 = attachment1Text();
    for (const label of [...Object.values(BASIC_INFO_LABELS), ...Object.values(CERTIFICATE_LABELS)]) {
      expect(a1, label).toContain(squash(label));
    }
  });

  it('label keys line up with the agency/certificate records', () => {
    expect(Object.keys(BASIC_INFO_LABELS).every((k) => k in AGENCY_FIELD_LABELS)).toBe(true);
    expect(Object.keys(CERTIFICATE_LABELS).sort()).toEqual(Object.keys(CERTIFICATE_FIELD_LABELS).sort());
  });

  it('every section title, 自查内容 and clause is findable verbatim (whitespace aside)', () => {
    const a1 = attachment1Text();
    for (const s of ATTACHMENT1_SECTIONS) expect(a1, s.title).toContain(squash(s.title));
    for (const item of ATTACHMENT1_ITEMS) {
      if (item.content !== '') expect(a1, `${item.key} ${item.content}`).toContain(squash(item.content));
      for (const clause of item.requirements) expect(a1, `${item.key} ${clause}`).toContain(squash(clause));
    }
  });

  it('each item lies in its own table row: content precedes its clauses, in order', () => {
    const a1 = attachment1Text();
    let cursor = 0;
    for (const item of ATTACHMENT1_ITEMS) {
      for (const piece of [item.content, ...item.requirements].filter((p) => p !== '')) {
        const at = a1.indexOf(squash(piece), cursor);
        expect(at, `${item.key} out of order: ${piece}`).toBeGreaterThanOrEqual(cursor);
        cursor = at + squash(piece).length;
      }
    }
  });
});

describe('ACCEPTANCE', () => {
  it('is the inspector verdict set', () => {
    expect(ACCEPTANCE).toEqual(['认可', '不认可', '待核实']);
  });
});
