/**
 * 附件3 上海市特种设备检验机构监督检查表 — the scored checklist, printed like the notice's
 * table: A4 landscape, its nine columns, the header row repeated on every page, 工作分类
 * and 一级指标 cells merged over their rows, the requirement clauses numbered "(1) …", then
 * the score of each item, the subtotals and totals, signatures, seal and verification.
 */
import type { Content, TableCell } from 'pdfmake/interfaces';
import {
  ATTACHMENT3_COLUMNS,
  ATTACHMENT3_INDICATORS,
  ATTACHMENT3_ITEMS,
  ATTACHMENT3_TITLE,
  type Attachment3Item,
} from '../forms/attachment3';
import { ROUNDING_NOTE, type ClauseResult } from '../forms/scoring';
import { defaultFontSet, type FontSet } from './fonts';
import {
  AMENDED_RED,
  amendedBanner,
  LANDSCAPE_MARGIN_TOP,
  checkFrame,
  GAP,
  missingGlyphContent,
  pageFrame,
  requireData,
  signatureBlock,
  verificationBlock,
  type PdfDocument,
} from './frame';
import type { Attachment3ItemPrint, Attachment3Print } from './model';
import { inlinePieces, TextSetter } from './text';

/** Column widths in points on A4 landscape (786 pt between the margins). */
const WIDTHS = [20, 37, 52, 50, '*', 40, 30, 118, 60] as const;

export function formatScore(n: number): string {
  // Scores are multiples of 0.5 and totals are rounded to one decimal: print no float noise.
  return String(Math.round(n * 10) / 10);
}

function indicatorLabel(item: Attachment3Item): string {
  return item.bonus ? `${item.indicator}\n(${item.points}, 加分)` : `${item.indicator}\n(${item.points})`;
}

const CLAUSE_MARK: Record<ClauseResult, { text: string; color?: string }> = {
  符合: { text: '〔符合〕', color: '#2f6b2f' },
  不符合: { text: '〔不符合〕', color: AMENDED_RED },
  不适用: { text: '〔不适用〕', color: '#666666' },
};

/** 工作要求: "(1) …" per clause when there are several (single clauses are unnumbered, as printed), each followed by the inspector's finding. */
function requirementsCell(item: Attachment3Item, print: Attachment3ItemPrint, setter: TextSetter): TableCell {
  const numbered = item.requirements.length > 1;
  const parts: { text: string; font?: string; color?: string; fontSize?: number }[] = [];
  item.requirements.forEach((clause, i) => {
    if (i > 0) parts.push({ text: '\n' });
    parts.push(...inlinePieces(setter.set(numbered ? `(${i + 1}) ${clause}` : clause)));
    const result = print.clauses[i] ?? null;
    if (result !== null) parts.push({ ...CLAUSE_MARK[result], fontSize: 7.5 });
  });
  return { text: parts };
}

function scoreCell(print: Attachment3ItemPrint): TableCell {
  if (print.notApplicable) return { text: '不适用', alignment: 'center' };
  if (print.score === null) return { text: '未评分', alignment: 'center', color: AMENDED_RED };
  return { text: formatScore(print.score), alignment: 'center', bold: true };
}

function checkItems(model: Attachment3Print): Map<number, Attachment3ItemPrint> {
  const byNo = new Map<number, Attachment3ItemPrint>();
  model.items.forEach((it, i) => {
    const def = ATTACHMENT3_ITEMS.find((d) => d.no === it.no);
    requireData(def !== undefined, `第 ${i + 1} 条评分记录的序号 ${it.no} 不在检查表（1–42）中，记录已损坏`, `items.${i}.no`);
    requireData(!byNo.has(it.no), `第 ${it.no} 项评分重复出现，记录已损坏`, `items.${i}.no`);
    requireData(
      it.clauses.length === 0 || it.clauses.length === def.requirements.length,
      `第 ${it.no} 项有 ${def.requirements.length} 条工作要求，记录中却有 ${it.clauses.length} 条核查结果，请重新保存评分`,
      `items.${i}.clauses`,
    );
    requireData(
      it.score === null || (Number.isFinite(it.score) && it.score >= 0),
      `第 ${it.no} 项的评分 ${String(it.score)} 无效，请重新评分`,
      `items.${i}.score`,
    );
    byNo.set(it.no, it);
  });
  const missing = ATTACHMENT3_ITEMS.filter((d) => !byNo.has(d.no)).map((d) => d.no);
  requireData(
    missing.length === 0,
    `检查表缺少第 ${missing.join('、')} 项的评分记录，无法打印附件3，请先完成评分并保存`,
    'items',
  );
  requireData(
    model.totals.perIndicator.length === ATTACHMENT3_INDICATORS.length,
    '得分汇总不完整（应有 9 个一级指标），请重新计算得分后再打印',
    'totals',
  );
  return byNo;
}

/**
 * Where pdfmake laid out a node. It records `positions` on the very node objects of the
 * definition (an array created when it starts laying the node out, one entry per line).
 */
interface LaidOut {
  positions?: { pageNumber: number; left: number; top: number }[];
}

function firstPosition(node: object): { pageNumber: number; left: number; top: number } | null {
  return (node as LaidOut).positions?.[0] ?? null;
}

interface ChecklistTable {
  table: Content;
  /** The first node after the table: once pdfmake has started it, the table is done. */
  setSentinel(node: object): void;
  /**
   * The original table repeats a merged 工作分类 / 一级指标 cell at the top of every page it
   * continues onto; pdfmake draws a rowSpan cell's text on its first page only. pdfmake asks
   * for a page's background when it adds the page in the middle of the table, so at that
   * moment the row being laid out is known, and the continuation is drawn there.
   */
  background: (page: number) => Content[];
}

function checklistTable(byNo: Map<number, Attachment3ItemPrint>, setter: TextSetter): ChecklistTable {
  const header: TableCell[] = ATTACHMENT3_COLUMNS.map((c) => ({ text: c, style: 'th', fillColor: '#eeeeee' }));
  const body: TableCell[][] = [header];
  const categoryRows = new Map<string, number>();
  for (const item of ATTACHMENT3_ITEMS) categoryRows.set(item.category, (categoryRows.get(item.category) ?? 0) + 1);
  const indicatorRows = new Map(ATTACHMENT3_INDICATORS.map((ind) => [ind.name, ind.itemNos.length]));

  // `first` is each row's first cell (laid out first in the row); category/indicator are
  // the cells that started the row's merged groups.
  const rows: { item: Attachment3Item; first: object; category: object; indicator: object }[] = [];
  let categoryCell: object = {};
  let indicatorCell: object = {};
  let prev: Attachment3Item | null = null;
  for (const item of ATTACHMENT3_ITEMS) {
    const print = byNo.get(item.no) as Attachment3ItemPrint;
    // Merged cells: the first row carries the text and rowSpan, the rows below an empty placeholder.
    let category: TableCell = { text: '' };
    if (prev === null || prev.category !== item.category) {
      category = { text: item.category, rowSpan: categoryRows.get(item.category) ?? 1, alignment: 'center' };
      categoryCell = category;
    }
    let indicator: TableCell = { text: '' };
    if (prev === null || prev.indicator !== item.indicator) {
      indicator = { text: indicatorLabel(item), rowSpan: indicatorRows.get(item.indicator) ?? 1, alignment: 'center' };
      indicatorCell = indicator;
    }
    const first: TableCell = { text: String(item.no), alignment: 'center' };
    body.push([
      first,
      category,
      indicator,
      { text: item.item, alignment: 'center' },
      requirementsCell(item, print, setter),
      { text: item.methods.join('/'), alignment: 'center' },
      scoreCell(print),
      { text: setter.set(print.problem) },
      { text: setter.set(print.remark) },
    ]);
    rows.push({ item, first: first as object, category: categoryCell, indicator: indicatorCell });
    prev = item;
  }

  const headerCell = header[0] as object;
  let sentinel: object = {};
  const background = (page: number): Content[] => {
    if (page === 1) {
      // A new layout run: forget positions left on these objects by an earlier render.
      for (const n of [headerCell, sentinel, ...rows.flatMap((r) => [r.first, r.category, r.indicator])]) {
        (n as LaidOut).positions = undefined;
      }
      return [];
    }
    if ((sentinel as LaidOut).positions !== undefined) return [];
    let r = -1;
    for (let i = 0; i < rows.length; i++) if ((rows[i]?.first as LaidOut).positions !== undefined) r = i;
    const row = rows[r];
    const head = firstPosition(headerCell);
    const firstRow = rows[0] === undefined ? null : firstPosition(rows[0].first);
    if (row === undefined || head === null || firstRow === null) return [];
    // The row that overflowed has lines on the earlier page already; otherwise it starts here.
    const continuing = ((row.first as LaidOut).positions ?? []).length > 0;
    const above = rows[r - 1];
    // On every page the repeated header row is as tall as on page 1.
    const y = LANDSCAPE_MARGIN_TOP + (firstRow.top - head.top);
    const out: Content[] = [];
    const repeat = (cell: object, text: string, width: number): void => {
      const at = firstPosition(cell);
      if (at === null) return;
      out.push({ absolutePosition: { x: at.left, y }, columns: [{ width, text, alignment: 'center', fontSize: 8, lineHeight: 1.15 }] });
    };
    if (continuing || above?.item.category === row.item.category) repeat(row.category, row.item.category, WIDTHS[1]);
    if (continuing || above?.item.indicator === row.item.indicator) repeat(row.indicator, indicatorLabel(row.item), WIDTHS[2]);
    return out;
  };

  return {
    table: {
      table: { headerRows: 1, widths: [...WIDTHS], body },
      fontSize: 8,
      layout: {
        hLineWidth: () => 0.5,
        vLineWidth: () => 0.5,
        paddingLeft: () => 2.5,
        paddingRight: () => 2.5,
        paddingTop: () => 2,
        paddingBottom: () => 2,
      },
    },
    setSentinel(node) {
      sentinel = node;
    },
    background,
  };
}

function totalsBlock(model: Attachment3Print): Content {
  const { totals } = model;
  const head = ['一级指标', '分值', '适用满分', '得分', '已评分项 / 项数', '不适用项'].map(
    (t): TableCell => ({ text: t, style: 'th', fillColor: '#eeeeee' }),
  );
  const rows: TableCell[][] = totals.perIndicator.map((s) => [
    s.bonus ? `${s.name}（加分）` : s.name,
    { text: formatScore(s.points), alignment: 'center' },
    { text: formatScore(s.applicableMax), alignment: 'center' },
    { text: formatScore(s.raw), alignment: 'center', bold: true },
    { text: `${s.scoredCount} / ${s.itemCount}`, alignment: 'center' },
    { text: String(s.notApplicableCount), alignment: 'center' },
  ]);
  const line = (label: string, value: string, bold = false): Content => ({
    columns: [
      { width: 150, text: label },
      { width: '*', text: value, bold },
    ],
    margin: [0, 1, 0, 1],
  });
  const unscored = totals.unscored.length === 0 ? null : `尚未评分：第 ${totals.unscored.join('、')} 项`;
  return {
    unbreakable: true,
    margin: [0, 10, 0, 0],
    columns: [
      {
        width: 420,
        stack: [
          { text: '得分汇总', bold: true, fontSize: 10, margin: [0, 0, 0, 4] },
          {
            table: { headerRows: 1, widths: ['*', 36, 48, 40, 72, 48], body: [head, ...rows] },
            fontSize: 8,
            layout: { hLineWidth: () => 0.5, vLineWidth: () => 0.5 },
          },
        ],
      },
      {
        width: '*',
        margin: [16, 18, 0, 0],
        fontSize: 9.5,
        stack: [
          line('基础得分（原始）：', `${formatScore(totals.raw)} / ${formatScore(totals.applicableMax)}（适用项满分）`),
          line('折算得分（百分制）：', formatScore(totals.rescaled)),
          line('创新特色加分：', formatScore(totals.bonus)),
          line('总分：', formatScore(totals.total), true),
          { text: `说明：${ROUNDING_NOTE}`, fontSize: 8, color: '#333333', margin: [0, 6, 0, 0] },
          { text: `评分模板版本：${model.templateVersion}`, fontSize: 8, color: '#333333' },
          ...(unscored === null ? [] : [{ text: unscored, fontSize: 8, color: AMENDED_RED }]),
        ],
      },
    ],
  };
}

/** The 附件3 definition; throws a Chinese VALIDATION AppError when the record cannot be printed. */
export function buildAttachment3(model: Attachment3Print, fonts: FontSet = defaultFontSet()): PdfDocument {
  checkFrame(model);
  const byNo = checkItems(model);
  const setter = new TextSetter(fonts);
  const checklist = checklistTable(byNo, setter);
  const frame = pageFrame(model, setter, {
    formLabel: '附件3',
    title: ATTACHMENT3_TITLE,
    landscape: true,
    pageBackground: checklist.background,
  });
  const totals = totalsBlock(model);
  checklist.setSentinel(totals as object);
  const inspectors = model.inspection.inspectors.map((p) => `${p.name}（${p.badgeNo}）`).join('、');
  const content: Content[] = [
    { text: ATTACHMENT3_TITLE, style: 'title' },
    amendedBanner(model.record),
    {
      margin: [0, 0, 0, 6],
      columns: [
        { width: '*', text: ['被检查机构：', ...inlinePieces(setter.set(model.agency.name))] },
        { width: 'auto', text: `统一社会信用代码：${model.agency.creditCode}` },
      ],
    },
    {
      margin: [0, 0, 0, 6],
      columnGap: 12,
      columns: [
        { width: 'auto', text: `检查类型：${model.inspection.type}${GAP}检查日期：${model.inspection.date}` },
        { width: '*', text: ['检查人员：', ...inlinePieces(setter.set(inspectors))] },
      ],
    },
    checklist.table,
    totals,
    signatureBlock(model, model.signatures, setter, fonts, true),
    verificationBlock(model.record),
  ];
  content.push(...missingGlyphContent(setter));
  return { definition: { ...frame, content }, missingGlyphs: setter.missingGlyphs() };
}
