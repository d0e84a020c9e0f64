import { describe, expect, it } from 'vitest';
import { readNotice } from '../test/support/reference';
import { EXAM_CHECK_ITEMS } from './exam-checklist';

describe('考试机构 checklist', () => {
  it('has the three focuses the notice names, each phrase found in section 一(四)', () => {
    const notice = readNotice().replace(/\s+/g, '');
    const start = notice.indexOf('（四）加强检验检测人员考试管理');
    const section = notice.slice(start, notice.indexOf('（五）', start));
    expect(start).toBeGreaterThan(0);
    expect(EXAM_CHECK_ITEMS.map((i) => i.title)).toEqual(['考评人员管理', '考场纪律', '试题保密']);
    for (const item of EXAM_CHECK_ITEMS) {
      expect(section).toContain(item.title);
      for (const r of item.requirements) expect(section).toContain(r);
    }
  });
});
