import { describe, expect, it } from 'vitest';
import {
  emptyMapping,
  findHeaderRow,
  guessMapping,
  isDirectMapping,
  missingRequired,
  normalizeDateText,
  parseFlag,
  parseRosterTable,
  readChecklistExtras,
  summarizeRowErrors,
} from './roster-import';

const HEADERS = ['序号', '姓名', '是否在本单位真实执业', '初次取证时提交的学历是否真实', '初次取证时提交的职称是否真实', '存在问题及整改情况说明'];

describe('header detection and mapping', () => {
  it('maps the 附件2 headers directly, ignoring wrapped lines, spaces and full-width forms', () => {
    const m = guessMapping(['序 号', '姓\n名', '是否在本单位 真实执业', '初次取证时提交的学历是否真实', '初次取证时提交的职称是否真实', '存在问题及整改情况说明']);
    expect(m).toMatchObject({ seq: 0, name: 1, practising: 2, education: 3, title: 4, note: 5, certNo: null });
    expect(isDirectMapping(m)).toBe(true);
    expect(missingRequired(m)).toEqual([]);
  });

  it('needs the mapping step when a 附件2 column is missing', () => {
    const m = guessMapping(['姓名', '证号', '备注']);
    expect(isDirectMapping(m)).toBe(false);
    expect(missingRequired(m)).toEqual(['是否在本单位真实执业', '初次取证时提交的学历是否真实', '初次取证时提交的职称是否真实']);
  });

  it('finds the header below a title and the 附件2 summary block', () => {
    const table = [['附件 2'], ['特种设备检验检测机构人员条件自查情况统计表'], ['1. 特种设备检验检测人员总数', '', '', '', '30'], HEADERS, ['1', '王喆', '是', '是', '是', '']];
    expect(findHeaderRow(table)).toBe(3);
    expect(findHeaderRow([['姓名'], ['王喆']])).toBeNull();
  });
});

describe('parseRosterTable', () => {
  const mapping = guessMapping(HEADERS);

  it('reports bad rows by their sheet row number and keeps good rows', () => {
    const table = [HEADERS, ['1', '王喆', '是', '是', '是', ''], ['2', '李堃', '是', '', 'x', ''], [], ['4', '  ', '是', '是', '是', '']];
    const r = parseRosterTable(table, 0, mapping);
    expect(r.persons.map((p) => [p.row, p.name])).toEqual([[2, '王喆']]);
    expect(r.rowCount).toBe(3);
    expect(r.errors).toEqual([
      { row: 3, column: '初次取证时提交的学历是否真实', message: '初次取证时提交的学历是否真实应填“是”、“否”或“—”（不涉及），该格为空' },
      { row: 3, column: '初次取证时提交的职称是否真实', message: '初次取证时提交的职称是否真实应填“是”、“否”或“—”（不涉及），实际为“x”' },
      { row: 5, column: '姓名', message: '请填写姓名' },
    ]);
    expect(summarizeRowErrors(r.errors, 2)).toBe(
      '第 3 行：初次取证时提交的学历是否真实应填“是”、“否”或“—”（不涉及），该格为空；第 3 行：初次取证时提交的职称是否真实应填“是”、“否”或“—”（不涉及），实际为“x”；……另有 1 处',
    );
  });

  it('stops at the form footer and refuses a repeated 证书编号', () => {
    const m = { ...emptyMapping(), name: 0, practising: 1, education: 2, title: 3, certNo: 4 };
    const table = [
      ['姓名', '执业', '学历', '职称', '证书编号'],
      ['王喆', '是', '是', '是', 'A1'],
      ['王哲', '是', '是', '是', 'A1'],
      ['填表人姓名：张龑'],
      ['（填报说明：1. …）'],
    ];
    const r = parseRosterTable(table, 0, m);
    expect(r.rowCount).toBe(2);
    expect(r.errors).toEqual([{ row: 3, column: '证书编号', message: '证书编号 A1 与第 2 行重复' }]);
  });

  it('reads the follow-up flags and refuses unclear ones', () => {
    expect([parseFlag('是'), parseFlag('√'), parseFlag(''), parseFlag('否'), parseFlag('—'), parseFlag('也许')]).toEqual([true, true, false, false, false, null]);
  });
});

describe('readChecklistExtras', () => {
  it('reads the summary block and footer of a filled-in 附件2', () => {
    const table = [
      ['1. 特种设备检验检测人员总数', '', '', '', '30'],
      ['2. 办理执业公示的特种设备检验检测人员数量', '', '', '', '28'],
      ['4. 是否持续满足《核准规则》规定的人员资源条件', '', '', '', '是'],
      HEADERS,
      ['1', '王喆', '是', '是', '是', ''],
      ['填表人姓名：𠮷田花子'],
      ['联系电话：', '021-64380010'],
      ['填报日期：2024年7月2日'],
    ];
    expect(readChecklistExtras(table, 3)).toEqual({
      extras: { totalStaff: 30, disclosedCount: 28, meetsRequirements: '是', filledBy: '𠮷田花子', filledPhone: '021-64380010', filledOn: '2024-07-02' },
      errors: [],
    });
  });

  it('reports a count that is not a whole number, a part above the whole and a bad date', () => {
    const table = [
      ['1. 特种设备检验检测人员总数', '十'],
      ['1. 特种设备检验检测人员总数'.replace('十', ''), '10'],
      ['3. 持续缴纳社保的特种设备检验检测人员数量', '12'],
      HEADERS,
      ['填报日期：七月'],
    ];
    const { errors } = readChecklistExtras(table, 3);
    expect(errors.map((e) => e.row)).toEqual([1, 5, 3]);
    expect(errors[0]?.message).toContain('应为整数');
    expect(errors[1]?.message).toContain('填报日期应为有效日期');
    expect(errors[2]?.message).toContain('不能大于人员总数（10）');
  });

  it('normalises the usual date spellings', () => {
    expect(['2024-7-2', '2024/07/02', '2024.7.2', '2024年7月2日'].map(normalizeDateText)).toEqual(Array(4).fill('2024-07-02'));
    expect(normalizeDateText('七月')).toBe('七月');
  });
});
