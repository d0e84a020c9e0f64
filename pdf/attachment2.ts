/**
 * 附件2 特种设备检验检测机构人员条件自查情况统计表: title, 单位名称（盖章）, the summary block
 * （一）, the roster （二） with its header repeated on every page, the footer lines and the
 * 填报说明 — every label from forms/attachment2.ts. The app's extra roster columns (证书编号,
 * 已取消执业公示, 已注销资质) are not part of the official form and are not printed.
 */
import type { Content, TableCell } from 'pdfmake/interfaces';
import {
  ATTACHMENT2_TITLE,
  computePersonnelCounts,
  FILLING_NOTE,
  FOOTER_LABELS,
  HEADER_LABELS,
  ROSTER_COLUMNS,
  ROSTER_SECTION_TITLE,
  SUMMARY_LABELS,
  SUMMARY_SECTION_TITLE,
  type PersonnelCounts,
} from '../forms/attachment2';
import { defaultFontSet, type FontSet } from './fonts';
import {
  amendedBanner,
  checkFrame,
  missingGlyphContent,
  pageFrame,
  requireData,
  signatureBlock,
  verificationBlock,
  type PdfDocument,
} from './frame';
import type { Attachment2Print } from './model';
import { inlinePieces, TextSetter } from './text';

const OFFICIAL_COLUMNS = ROSTER_COLUMNS.filter((c) => !c.appExtra);

/** Widths on A4 portrait (515 pt between the margins), in ROSTER_COLUMNS order. */
const ROSTER_WIDTHS: Record<string, number | '*'> = {
  seq: 28,
  name: 62,
  practising: 62,
  education: 72,
  title: 72,
  note: '*',
};

const COUNT_KEYS: readonly (keyof PersonnelCounts)[] = ['total', 'practisingProblems', 'educationProblems', 'titleProblems'];

function checkCounts(model: Attachment2Print): void {
  const recomputed = computePersonnelCounts(model.rows);
  for (const key of COUNT_KEYS) {
    requireData(
      model.counts[key] === recomputed[key],
      `人员统计数与排查清单不一致（${key}：记录为 ${model.counts[key]}，清单计得 ${recomputed[key]}），请重新保存人员清单后再打印`,
      `counts.${key}`,
    );
  }
  model.rows.forEach((r, i) => {
    requireData(r.name.trim() !== '', `排查清单第 ${i + 1} 行没有姓名，请补全后再打印`, `rows.${i}.name`);
  });
}

function numberOrBlank(n: number | null): string {
  return n === null ? '' : String(n);
}

function summaryTable(model: Attachment2Print): Content {
  const { summary, counts } = model;
  const value = (text: string): TableCell => ({ text, colSpan: 3, alignment: 'center' });
  const body: TableCell[][] = [
    [{ text: SUMMARY_SECTION_TITLE, colSpan: 4, bold: true }, {}, {}, {}],
    [SUMMARY_LABELS.totalPersonnel, value(numberOrBlank(summary.totalStaff)), {}, {}],
    [SUMMARY_LABELS.disclosedPersonnel, value(numberOrBlank(summary.disclosedCount)), {}, {}],
    [SUMMARY_LABELS.socialInsurancePersonnel, value(numberOrBlank(summary.socialInsuranceCount)), {}, {}],
    [SUMMARY_LABELS.meetsResourceConditions, value(summary.meetsRequirements ?? ''), {}, {}],
    [
      { text: SUMMARY_LABELS.checkedTotal, rowSpan: 3 },
      { text: String(counts.total), rowSpan: 3, alignment: 'center', bold: true },
      SUMMARY_LABELS.practisingProblems,
      { text: String(counts.practisingProblems), alignment: 'center', bold: true },
    ],
    [{}, {}, SUMMARY_LABELS.educationProblems, { text: String(counts.educationProblems), alignment: 'center', bold: true }],
    [{}, {}, SUMMARY_LABELS.titleProblems, { text: String(counts.titleProblems), alignment: 'center', bold: true }],
  ];
  return {
    table: { widths: ['*', 60, 150, 60], body },
    layout: { hLineWidth: () => 0.5, vLineWidth: () => 0.5 },
    margin: [0, 0, 0, 8],
  };
}

function rosterTable(model: Attachment2Print, setter: TextSetter): Content {
  const header: TableCell[] = OFFICIAL_COLUMNS.map((c) => ({ text: c.label, style: 'th', fillColor: '#eeeeee' }));
  const body: TableCell[][] = [header];
  model.rows.forEach((r, i) => {
    const values: Record<string, TableCell> = {
      seq: { text: String(i + 1), alignment: 'center' },
      name: { text: setter.set(r.name.trim()), alignment: 'center' },
      practising: { text: r.practising, alignment: 'center' },
      education: { text: r.education, alignment: 'center' },
      title: { text: r.title, alignment: 'center' },
      note: { text: setter.set(r.note) },
    };
    body.push(OFFICIAL_COLUMNS.map((c) => values[c.key] ?? ''));
  });
  return {
    stack: [
      { text: ROSTER_SECTION_TITLE, bold: true, margin: [0, 0, 0, 4] },
      {
        table: { headerRows: 1, widths: OFFICIAL_COLUMNS.map((c) => ROSTER_WIDTHS[c.key] ?? '*'), body },
        fontSize: 8.5,
        layout: {
          hLineWidth: () => 0.5,
          vLineWidth: () => 0.5,
          paddingTop: () => 1.5,
          paddingBottom: () => 1.5,
        },
      },
    ],
  };
}

/** The 附件2 definition; throws a Chinese VALIDATION AppError when the record cannot be printed. */
export function buildAttachment2(model: Attachment2Print, fonts: FontSet = defaultFontSet()): PdfDocument {
  checkFrame(model);
  checkCounts(model);
  const setter = new TextSetter(fonts);
  const frame = pageFrame(model, setter, { formLabel: '附件2', title: ATTACHMENT2_TITLE, landscape: false });
  const line = (label: string, value: string): Content => ({
    text: [`${label}：`, ...inlinePieces(setter.set(value))],
    margin: [0, 0, 0, 4],
  });
  const content: Content[] = [
    { text: ATTACHMENT2_TITLE, style: 'title' },
    amendedBanner(model.record),
    line(HEADER_LABELS.unitName, model.agency.name),
    line(HEADER_LABELS.principalSignature, model.principal ?? ''),
    { text: '', margin: [0, 0, 0, 4] },
    summaryTable(model),
    rosterTable(model, setter),
    {
      margin: [0, 8, 0, 0],
      columns: [
        { width: '*', text: [`${FOOTER_LABELS.filledBy}：`, ...inlinePieces(setter.set(model.filledBy))] },
        { width: '*', text: `${FOOTER_LABELS.phone}：${model.phone}` },
        { width: '*', text: `${FOOTER_LABELS.filledOn}：${model.filledOn}` },
      ],
    },
    { text: FILLING_NOTE, fontSize: 8.5, margin: [0, 6, 0, 0] },
    signatureBlock(model, model.signatures, setter, fonts, false),
    verificationBlock(model.record),
  ];
  content.push(...missingGlyphContent(setter));
  return { definition: { ...frame, content }, missingGlyphs: setter.missingGlyphs() };
}
