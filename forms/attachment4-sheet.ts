/**
 * 附件4 as it is printed and exported (PDF, XLSX): the unit, the period, every number, the
 * 清单 as the bureau left it, the 填表人 lines, the charts of the annex page and — once it
 * is 报送 — the signed report it prints. Plain data: the service fills it, pdf/ and the
 * spreadsheet writer only lay it out. Also the ECharts options of the three charts, shared
 * by the 报表 page (browser ECharts) and the PDF annex (ECharts' server-side SVG).
 */
import { ATTACHMENT3_INDICATORS } from './attachment3';
import type { Attachment4Counts } from './attachment4';
import type { InspectingUnit } from './districts';

export interface Attachment4SheetRow {
  unitName: string;
  problem: string;
  rectification: string;
}

export interface ScoreBand {
  label: string;
  count: number;
}

export interface IndicatorRate {
  indicator: string;
  /** Score over applicable maximum summed across the counted inspections, 0..1; null when none applied. */
  rate: number | null;
}

export interface DistrictCounts {
  district: string;
  inspectedAgencies: number;
  violationAgencies: number;
}

export interface Attachment4Charts {
  scoreBands: ScoreBand[];
  indicatorRates: IndicatorRate[];
  /** 市局's report only: per district of registration. */
  byDistrict: DistrictCounts[] | null;
}

export interface Attachment4Sheet {
  unit: InspectingUnit;
  /** 单位名称 as printed, e.g. 浦东新区市场监管局. */
  unitName: string;
  from: string;
  to: string;
  counts: Attachment4Counts;
  problemList: Attachment4SheetRow[];
  filledBy: string;
  phone: string;
  filledOn: string;
  /** The signed report this sheet prints; null for a draft (printed 未报送). */
  signed: { reportId: string; sha256: string; submittedAt: string } | null;
  charts: Attachment4Charts;
}

/** 附件3 total score bands of the distribution chart (the 创新特色 bonus can take a total past 100). */
export const SCORE_BANDS: readonly { label: string; min: number; max: number }[] = [
  { label: '60 分以下', min: -Infinity, max: 60 },
  { label: '60–69', min: 60, max: 70 },
  { label: '70–79', min: 70, max: 80 },
  { label: '80–89', min: 80, max: 90 },
  { label: '90–100', min: 90, max: 100.0001 },
  { label: '100 分以上', min: 100.0001, max: Infinity },
];

export function scoreBands(totals: readonly number[]): ScoreBand[] {
  return scoreBandsOf(totals.map((total) => ({ total, count: 1 })));
}

/** The same bands from totals already counted (the database groups equal totals). */
export function scoreBandsOf(totals: readonly { total: number; count: number }[]): ScoreBand[] {
  return SCORE_BANDS.map((b) => ({ label: b.label, count: totals.reduce((n, t) => (t.total >= b.min && t.total < b.max ? n + t.count : n), 0) }));
}

/** The 8 scored 一级指标 (创新特色 is a bonus, not a rate). */
export function indicatorRates(sums: readonly { indicator: number; score: number; max: number }[]): IndicatorRate[] {
  return ATTACHMENT3_INDICATORS.flatMap((g, i) => {
    if (g.bonus) return [];
    const s = sums.find((x) => x.indicator === i);
    return [{ indicator: g.name, rate: s && s.max > 0 ? s.score / s.max : null }];
  });
}

/** An ECharts option object (kept structural so this module stays free of the library). */
export type ChartOption = Record<string, unknown>;

const BASE = { animation: false, textStyle: { fontFamily: 'Noto Sans CJK SC, Noto Serif SC, sans-serif' } } as const;

export function scoreChartOption(bands: readonly ScoreBand[]): ChartOption {
  return {
    ...BASE,
    title: { text: '受检机构得分分布', left: 'center', textStyle: { fontSize: 14 } },
    grid: { left: 40, right: 20, top: 40, bottom: 30 },
    xAxis: { type: 'category', data: bands.map((b) => b.label) },
    yAxis: { type: 'value', minInterval: 1, name: '家次' },
    series: [{ type: 'bar', data: bands.map((b) => b.count), itemStyle: { color: '#1f5fa8' }, label: { show: true, position: 'top' } }],
  };
}

export function indicatorChartOption(rates: readonly IndicatorRate[]): ChartOption {
  return {
    ...BASE,
    title: { text: '一级指标平均得分率', left: 'center', textStyle: { fontSize: 14 } },
    grid: { left: 110, right: 40, top: 40, bottom: 30 },
    xAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
    yAxis: { type: 'category', inverse: true, data: rates.map((r) => r.indicator) },
    series: [
      {
        type: 'bar',
        data: rates.map((r) => (r.rate === null ? null : Math.round(r.rate * 1000) / 10)),
        itemStyle: { color: '#3a8a5c' },
        label: { show: true, position: 'right', formatter: '{c}%' },
      },
    ],
  };
}

export function districtChartOption(rows: readonly DistrictCounts[]): ChartOption {
  return {
    ...BASE,
    title: { text: '各区检查情况', left: 'center', textStyle: { fontSize: 14 } },
    legend: { top: 22, data: ['开展检查的机构', '存在违法违规行为的机构'] },
    grid: { left: 40, right: 20, top: 56, bottom: 60 },
    xAxis: { type: 'category', data: rows.map((r) => r.district), axisLabel: { rotate: 40, interval: 0 } },
    yAxis: { type: 'value', minInterval: 1, name: '家' },
    series: [
      { name: '开展检查的机构', type: 'bar', data: rows.map((r) => r.inspectedAgencies), itemStyle: { color: '#1f5fa8' } },
      { name: '存在违法违规行为的机构', type: 'bar', data: rows.map((r) => r.violationAgencies), itemStyle: { color: '#c0392b' } },
    ],
  };
}
