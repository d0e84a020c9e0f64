/**
 * The three charts of 附件4's annex page as SVG, rendered by Apache ECharts on the server
 * (no DOM: `ssr: true`) from the options the 报表 page also shows (forms/attachment4-sheet.ts).
 *
 * Why the text becomes outlines: pdfmake hands svg-to-pdfkit the font *file* of a family,
 * and our fonts are served as parsed-font markers (pdf/fonts.ts), which pdfkit cannot open
 * as a file — an SVG <text> would fail to render, whatever its font-family. So every <text>
 * ECharts writes is replaced by the glyph outlines of the print fonts (as the seal does,
 * pdf/seal.ts): the Chinese labels print exactly, with no font lookup at all. The chart
 * titles are left out of the pictures; pdf/attachment4.ts prints them as real text above
 * each chart, so they can be searched and copied.
 */
import * as echarts from 'echarts';
import {
  districtChartOption,
  indicatorChartOption,
  scoreChartOption,
  type Attachment4Charts,
  type ChartOption,
} from '../forms/attachment4-sheet';
import { defaultFontSet, type FontSet } from './fonts';
import type { FontkitFont } from './pdfmake';
import { PLACEHOLDER } from './text';

export interface Attachment4ChartSvgs {
  scores: string;
  indicators: string;
  /** 市局's report only. */
  districts: string | null;
}

/** Drawing size in px; pdf/attachment4.ts scales the width to the page (515 pt), so 1 px ≈ 1 pt. */
export const CHART_WIDTH = 515;
const HEIGHTS = { scores: 230, indicators: 250, districts: 290 } as const;
/** Room the options keep at the top for the title, given back to the plot once it is hidden. */
const TITLE_SPACE = 22;

export function attachment4ChartSvgs(charts: Attachment4Charts, fonts: FontSet = defaultFontSet()): Attachment4ChartSvgs {
  return {
    scores: chartSvg(scoreChartOption(charts.scoreBands), HEIGHTS.scores, fonts),
    indicators: chartSvg(indicatorChartOption(charts.indicatorRates), HEIGHTS.indicators, fonts),
    districts: charts.byDistrict === null ? null : chartSvg(districtChartOption(charts.byDistrict), HEIGHTS.districts, fonts),
  };
}

/** The title an option carries (printed by the PDF above the picture). */
export function chartTitle(option: ChartOption): string {
  const title = option.title as { text?: unknown } | undefined;
  return typeof title?.text === 'string' ? title.text : '';
}

/** Titles of the three charts, in the order of Attachment4ChartSvgs; they do not depend on the data. */
export const CHART_TITLES = {
  scores: chartTitle(scoreChartOption([])),
  indicators: chartTitle(indicatorChartOption([])),
  districts: chartTitle(districtChartOption([])),
} as const;

function chartSvg(option: ChartOption, height: number, fonts: FontSet): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: CHART_WIDTH, height });
  try {
    chart.setOption(forPrint(option, fonts.primary.family) as echarts.EChartsCoreOption);
    return outlineText(chart.renderToSVGString(), fonts);
  } finally {
    chart.dispose();
  }
}

/** Moves a numeric `top` up by `by` (grid, legend) once the title's room is not needed. */
function raised(part: unknown, by: number): unknown {
  if (typeof part !== 'object' || part === null) return part;
  const top = (part as { top?: unknown }).top;
  return typeof top === 'number' ? { ...part, top: Math.max(0, top - by) } : part;
}

/**
 * Every label of a category axis: ECharts thins them out where it guesses they might
 * overlap (its server-side text measure is rough), and paper has no tooltip to fall back on.
 */
function everyCategoryLabel(axis: unknown): unknown {
  if (typeof axis !== 'object' || axis === null || (axis as { type?: unknown }).type !== 'category') return axis;
  const label = (axis as { axisLabel?: object }).axisLabel;
  return { ...axis, axisLabel: { interval: 0, ...label } };
}

/**
 * The option as printed: the print font's family (so ECharts measures and names the font
 * the outlines come from), no title in the picture, the plot moved up into its room, and
 * every category shown.
 */
function forPrint(option: ChartOption, family: string): ChartOption {
  return {
    ...option,
    textStyle: { ...(option.textStyle as object | undefined), fontFamily: family },
    title: { ...(option.title as object | undefined), show: false },
    grid: raised(option.grid, TITLE_SPACE),
    legend: raised(option.legend, TITLE_SPACE),
    xAxis: everyCategoryLabel(option.xAxis),
  };
}

// --- <text> → outlines ---------------------------------------------------------------

const TEXT_ELEMENT = /<text\b([^>]*)>([\s\S]*?)<\/text>/g;
/** ECharts' hover styles: meaningless on paper, and svg-to-pdfkit does not read CSS. */
const STYLE_ELEMENT = /<style\b[^>]*>[\s\S]*?<\/style>/g;

function attribute(attrs: string, name: string): string | undefined {
  const m = new RegExp(`(?:^|\\s)${name}="([^"]*)"`).exec(attrs);
  return m?.[1];
}

function styleProperty(attrs: string, name: string): string | undefined {
  const style = attribute(attrs, 'style') ?? '';
  const m = new RegExp(`(?:^|;)\\s*${name}\\s*:\\s*([^;]+)`).exec(style);
  return m?.[1]?.trim() ?? attribute(attrs, name);
}

function decodeEntities(s: string): string {
  return s
    .replace(/<[^>]*>/g, '') // a <tspan> wrapper, if any: only its characters matter
    .replace(/&#x([0-9a-f]+);/gi, (_, h: string) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

/** Positions to 1/100 px; a glyph's scale (about 0.012) needs more digits or every letter shrinks. */
function fmt(n: number, digits = 2): string {
  const f = 10 ** digits;
  return (Math.round(n * f) / f).toString();
}

/**
 * Baseline below the anchor point, in em, for the dominant-baseline values ECharts uses.
 * The CJK em box runs from −0.12 em to 0.88 em around the baseline (see pdf/seal.ts).
 */
function baselineShift(dominantBaseline: string | undefined): number {
  switch (dominantBaseline) {
    case 'central':
    case 'middle':
      return 0.38;
    case 'hanging':
    case 'text-before-edge':
      return 0.88;
    case 'ideographic':
    case 'text-after-edge':
      return -0.12;
    default:
      return 0;
  }
}

interface PlacedGlyph {
  font: FontkitFont;
  codePoint: number;
  /** Pen position in font units from the start of the run. */
  x: number;
}

/** Each character in the first font that has it (〓 when none does), advanced by its width. */
function layoutRun(text: string, fonts: FontSet, bold: boolean): { glyphs: PlacedGlyph[]; width: number } {
  const glyphs: PlacedGlyph[] = [];
  let x = 0;
  const em = fonts.primary.regular().unitsPerEm;
  for (const ch of text) {
    const cp = ch.codePointAt(0) as number;
    const owner = fonts.fontFor(cp) ?? fonts.fontFor(PLACEHOLDER.codePointAt(0) as number) ?? fonts.primary;
    const font = bold ? owner.bold() : owner.regular();
    const codePoint = owner.covers(cp) ? cp : (PLACEHOLDER.codePointAt(0) as number);
    glyphs.push({ font, codePoint, x });
    // Fonts of the chain may differ in units per em: advance in the primary's units.
    x += (font.glyphForCodePoint(codePoint).advanceWidth * em) / font.unitsPerEm;
  }
  return { glyphs, width: x };
}

/** One <text> element of ECharts' output as a group of filled glyph paths. */
function textAsPaths(attrs: string, content: string, fonts: FontSet): string {
  const text = decodeEntities(content);
  if (text.trim() === '') return '';
  const size = parseFloat(styleProperty(attrs, 'font-size') ?? '12') || 12;
  const weight = styleProperty(attrs, 'font-weight') ?? 'normal';
  const bold = weight === 'bold' || weight === 'bolder' || Number(weight) >= 600;
  const em = fonts.primary.regular().unitsPerEm;
  const k = size / em;
  const { glyphs, width } = layoutRun(text, fonts, bold);
  const anchor = attribute(attrs, 'text-anchor');
  const startX =
    (parseFloat(attribute(attrs, 'x') ?? '0') || 0) - (anchor === 'middle' ? (width * k) / 2 : anchor === 'end' ? width * k : 0);
  const baseY = (parseFloat(attribute(attrs, 'y') ?? '0') || 0) + baselineShift(attribute(attrs, 'dominant-baseline')) * size;
  const paths = glyphs.map((g) => {
    const d = g.font.glyphForCodePoint(g.codePoint).path.toSVG();
    if (d === '') return '';
    const gk = size / g.font.unitsPerEm;
    return `<path d="${d}" transform="translate(${fmt(startX + g.x * k)} ${fmt(baseY)}) scale(${fmt(gk, 6)} ${fmt(-gk, 6)})"/>`;
  });
  const transform = attribute(attrs, 'transform');
  const opacity = styleProperty(attrs, 'fill-opacity') ?? styleProperty(attrs, 'opacity');
  // The white halo (stroke, paint-order) ECharts gives labels is dropped: svg-to-pdfkit
  // would paint it over the letters, and on white paper it adds nothing.
  return (
    `<g${transform === undefined ? '' : ` transform="${transform}"`} fill="${attribute(attrs, 'fill') ?? '#000'}"` +
    `${opacity === undefined ? '' : ` fill-opacity="${opacity}"`}>${paths.join('')}</g>`
  );
}

/** ECharts' SVG with every <text> drawn as outlines and its <style> removed. */
export function outlineText(svg: string, fonts: FontSet): string {
  return svg
    .replace(STYLE_ELEMENT, '')
    .replace(TEXT_ELEMENT, (_, attrs: string, content: string) => textAsPaths(attrs, content, fonts));
}
