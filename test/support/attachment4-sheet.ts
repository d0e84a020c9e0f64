/** A filled-in 附件4 sheet for the tests of its printed and spreadsheet forms. */
import { ATTACHMENT4_KEYS, type Attachment4Counts } from '../../forms/attachment4';
import { indicatorRates, scoreBands, type Attachment4Sheet } from '../../forms/attachment4-sheet';

/** Every number distinct (1, 2, 3 …) so a test can tell each cell's value from the others'. */
export const SAMPLE_COUNTS = Object.fromEntries(ATTACHMENT4_KEYS.map((k, i) => [k, i + 1])) as Attachment4Counts;

export function sampleSheet(overrides: Partial<Attachment4Sheet> = {}): Attachment4Sheet {
  return {
    unit: '浦东新区',
    unitName: '浦东新区市场监管局',
    from: '2026-01-01',
    to: '2026-07-26',
    counts: SAMPLE_COUNTS,
    problemList: [
      {
        unitName: '上海浦东甲检测有限公司',
        problem: '1. 2026-05-10 检查发现（违法违规行为）：检验报告未经审核即出具；下达安全监察指令书 ZL-2026-001\n2. 人员排查（填报日期 2026-06-15）：真实执业存在问题 1 人',
        rectification: '1. 检验报告未经审核即出具：已于 2026-06-01 整改完成，补充审核记录\n2. 人员问题尚未整改完成',
      },
      { unitName: '上海浦东考试中心', problem: '2026-06-01 检查发现（一般问题）：考场监控录像保存不足 30 日', rectification: '考场监控录像保存不足 30 日：尚未整改' },
    ],
    filledBy: '陈立',
    phone: '021-50001234',
    filledOn: '2026-07-20',
    signed: null,
    charts: {
      scoreBands: scoreBands([58, 72.5, 81, 88, 93, 95.5, 101]),
      indicatorRates: indicatorRates([
        { indicator: 0, score: 18, max: 20 },
        { indicator: 1, score: 30, max: 40 },
        { indicator: 2, score: 50, max: 60 },
        { indicator: 3, score: 15, max: 20 },
        { indicator: 4, score: 30, max: 36 },
        { indicator: 5, score: 6, max: 6 },
        { indicator: 6, score: 10, max: 14 },
        { indicator: 7, score: 3, max: 4 },
      ]),
      byDistrict: null,
    },
    ...overrides,
  };
}
