import { describe, expect, it } from 'vitest';
import {
  ATTACHMENT3_COLUMNS,
  ATTACHMENT3_INDICATORS,
  ATTACHMENT3_ITEMS,
  ATTACHMENT3_TITLE,
  attachment3Item,
  attachment3ItemLabel,
} from './attachment3';
import { readNotice } from '../test/support/reference';

/** "Modulo whitespace": extraction inserts and drops spaces, so compare with none at all. */
const squash = (s: string): string => s.replace(/\s+/g, '');

/** The 附件 3 section only, so a clause cannot be "found" in 附件 1 or the body text. */
function attachment3Section(notice: string): string {
  const start = notice.indexOf(`附件 3\n\n${ATTACHMENT3_TITLE}`);
  const end = notice.indexOf('附件 4', start);
  if (start < 0 || end < 0) throw new Error('通知原文中找不到附件 3 的起止位置');
  return notice.slice(start, end);
}

/** The table row of item `no`: the notice's table is one tab-separated line per item. */
function rowCells(section: string, no: number): string[] {
  const line = section.split('\n').find((l) => l.startsWith(`${no}\t`));
  if (line === undefined) throw new Error(`附件 3 中找不到第 ${no} 行`);
  return line.split('\t');
}

describe('attachment 3 against the notice text', () => {
  const notice = readNotice();
  const section = attachment3Section(notice);

  it('contains the title', () => {
    expect(section).toContain(ATTACHMENT3_TITLE);
  });

  it('has every column header', () => {
    const header = squash(section.split('\n').find((l) => l.startsWith('序号\t')) ?? '');
    for (const col of ATTACHMENT3_COLUMNS) expect(header).toContain(squash(col));
  });

  it.each(ATTACHMENT3_ITEMS.map((i) => [i.no, i] as const))(
    'item %i: every clause is verbatim in its own row',
    (no, item) => {
      const cells = rowCells(section, no);
      const requirementCell = squash(cells[4] ?? '');
      for (const clause of item.requirements) {
        expect(requirementCell, `第 ${no} 项条款「${clause}」`).toContain(squash(clause));
        // Numbering stripped, no extraction debris, no stray whitespace at the ends.
        expect(clause).not.toMatch(/^[（(]\s*\d+\s*[)）]/);
        expect(clause).not.toMatch(/<\/?p>/);
        expect(clause).toBe(clause.trim());
        expect(clause).not.toMatch(/\s{2,}/);
      }
      // Clauses, in order, rebuild the whole cell (nothing dropped, nothing reordered).
      const rebuilt = squash(
        item.requirements
          .map((c, i) => (item.requirements.length > 1 ? `(${i + 1})${c}` : c))
          .join(''),
      );
      const cellNoTags = squash((cells[4] ?? '').replace(/<\/?p>/g, '')).replace(/（(\d+)）/g, '($1)');
      expect(rebuilt).toBe(cellNoTags);
      // Also the other columns of the same row.
      expect(cells[0]).toBe(String(no));
      expect(cells[3]).toBe(item.item);
      expect(squash(cells[5] ?? '')).toBe(item.methods.join('/'));
      // 评分 / 问题记录 / 备注 are blank in the printed form.
      expect(cells.slice(6).every((c) => c.trim() === '')).toBe(true);
      if (cells[2] !== '') {
        expect(squash(cells[2] ?? '')).toBe(
          squash(`${item.indicator} (${item.points}${item.bonus ? ', 加分' : ''})`),
        );
      }
      if (cells[1] !== '') expect(cells[1]).toBe(item.category);
    },
  );
});

describe('attachment 3 structure', () => {
  it('has 42 items numbered 1..42 in order', () => {
    expect(ATTACHMENT3_ITEMS).toHaveLength(42);
    expect(ATTACHMENT3_ITEMS.map((i) => i.no)).toEqual(Array.from({ length: 42 }, (_, k) => k + 1));
  });

  it('first-level points total 100 plus a 5-point bonus', () => {
    const base = ATTACHMENT3_INDICATORS.filter((i) => !i.bonus);
    const bonus = ATTACHMENT3_INDICATORS.filter((i) => i.bonus);
    expect(base.reduce((s, i) => s + i.points, 0)).toBe(100);
    expect(bonus.map((i) => [i.name, i.points])).toEqual([['创新特色', 5]]);
  });

  it('lists the 9 indicators in notice order with their items', () => {
    expect(ATTACHMENT3_INDICATORS.map((i) => [i.name, i.points, i.bonus])).toEqual([
      ['资源条件', 10, false],
      ['质量管理体系', 20, false],
      ['检验检测质量', 30, false],
      ['检验检测能力提升', 10, false],
      ['履职能力', 18, false],
      ['社会责任', 3, false],
      ['行风建设', 7, false],
      ['专项工作', 2, false],
      ['创新特色', 5, true],
    ]);
    expect(ATTACHMENT3_INDICATORS.map((i) => i.itemNos.length)).toEqual([3, 10, 8, 4, 9, 3, 3, 1, 1]);
    for (const ind of ATTACHMENT3_INDICATORS) {
      for (const no of ind.itemNos) {
        const item = attachment3Item(no);
        expect(item?.indicator).toBe(ind.name);
        expect(item?.category).toBe(ind.category);
        expect(item?.points).toBe(ind.points);
      }
    }
  });

  it('every item has at least one requirement and one method', () => {
    for (const i of ATTACHMENT3_ITEMS) {
      expect(i.requirements.length, `第 ${i.no} 项`).toBeGreaterThanOrEqual(1);
      expect(i.methods.length, `第 ${i.no} 项`).toBeGreaterThanOrEqual(1);
      for (const m of i.methods) expect(['资料', '现场', '实物', '信息公开']).toContain(m);
    }
  });

  it('item 41 has no second-level indicator and is 专项工作', () => {
    const i = attachment3Item(41);
    expect(i?.item).toBe('');
    expect(i?.category).toBe('专项工作');
    expect(i && attachment3ItemLabel(i)).toBe('专项工作');
  });

  it('only item 42 is the bonus item', () => {
    expect(ATTACHMENT3_ITEMS.filter((i) => i.bonus).map((i) => i.no)).toEqual([42]);
    expect(attachment3Item(42)?.category).toBe('创新特色');
  });

  it('spot-checks tricky transcriptions', () => {
    expect(attachment3Item(2)?.methods).toEqual(['资料', '现场']);
    expect(attachment3Item(34)?.methods).toEqual(['资料', '实物']);
    expect(attachment3Item(35)?.methods).toEqual(['信息公开']);
    expect(attachment3Item(26)?.requirements).toEqual([
      '作业指导书的内容应与国家法律、法规、规章、安全技术规范的要求相一致。',
      '相关法律、法规、规章、安全技术规范和技术标准有变化、更新的,应及时对相关作业指导书进行评审,组织作业指导书的制定或修订工作。',
    ]);
    expect(attachment3Item(9)?.requirements).toHaveLength(9);
    expect(attachment3Item(9)?.requirements[0]).toBe('明确了检验检测设备采购技术要求，并且对采购的设备进行了验收；');
    expect(attachment3Item(24)?.requirements).toHaveLength(1);
    expect(attachment3Item(0)).toBeUndefined();
    expect(attachment3Item(43)).toBeUndefined();
  });

  it('is frozen', () => {
    expect(Object.isFrozen(ATTACHMENT3_ITEMS)).toBe(true);
    expect(Object.isFrozen(attachment3Item(1)?.requirements)).toBe(true);
  });
});
