/**
 * 整改通知书: the findings of an inspection sent to the agency, each with its severity and
 * deadline, signed by the inspectors under the unit's seal, with a line for the agency to
 * acknowledge receipt.
 */
import type { Content, TableCell } from 'pdfmake/interfaces';
import { attachment3Item, attachment3ItemLabel } from '../forms/attachment3';
import { defaultFontSet, type FontSet } from './fonts';
import {
  AMENDED_RED,
  amendedBanner,
  checkFrame,
  GAP,
  missingGlyphContent,
  pageFrame,
  requireData,
  requireDate,
  signatureBlock,
  verificationBlock,
  type PdfDocument,
} from './frame';
import type { NoticePrint } from './model';
import { inlinePieces, TextSetter } from './text';

export const NOTICE_TITLE = '特种设备检验检测机构监督检查整改通知书';

function checkFindings(model: NoticePrint): void {
  requireData(model.findings.length > 0, '本次检查没有记录需要整改的问题，无需打印整改通知书', 'findings');
  model.findings.forEach((f, i) => {
    requireData(f.description.trim() !== '', `第 ${i + 1} 个问题没有问题描述，请补全后再打印`, `findings.${i}.description`);
    requireDate(f.deadline, `第 ${i + 1} 个问题的整改期限`, `findings.${i}.deadline`);
    requireData(
      f.itemNo === undefined || attachment3Item(f.itemNo) !== undefined,
      `第 ${i + 1} 个问题关联的检查表序号 ${String(f.itemNo)} 不存在（应为 1–42）`,
      `findings.${i}.itemNo`,
    );
  });
  if (model.issuedOn !== undefined) requireDate(model.issuedOn, '通知书日期', 'issuedOn');
}

function findingsTable(model: NoticePrint, setter: TextSetter): Content {
  const head = ['序号', '发现的问题', '对应检查项目', '严重程度', '整改期限'].map(
    (t): TableCell => ({ text: t, style: 'th', fillColor: '#eeeeee' }),
  );
  const body: TableCell[][] = [head];
  model.findings.forEach((f, i) => {
    const item = f.itemNo === undefined ? undefined : attachment3Item(f.itemNo);
    body.push([
      { text: String(i + 1), alignment: 'center' },
      {
        text: [
          ...inlinePieces(setter.set(f.description)),
          ...(f.basis === undefined || f.basis.trim() === '' ? [] : [{ text: '\n依据：' }, ...inlinePieces(setter.set(f.basis))]),
        ],
      },
      { text: item === undefined ? '—' : `第 ${item.no} 项 ${attachment3ItemLabel(item)}`, alignment: 'center' },
      { text: f.severity, alignment: 'center', color: f.severity === '严重事故隐患' ? AMENDED_RED : undefined, bold: f.severity === '严重事故隐患' },
      { text: f.deadline, alignment: 'center' },
    ]);
  });
  return {
    table: { headerRows: 1, widths: [24, '*', 90, 44, 62], body },
    fontSize: 9,
    layout: { hLineWidth: () => 0.5, vLineWidth: () => 0.5, paddingTop: () => 3, paddingBottom: () => 3 },
    margin: [0, 6, 0, 8],
  };
}

/** The notice definition; throws a Chinese VALIDATION AppError when there is nothing to notify. */
export function buildNotice(model: NoticePrint, fonts: FontSet = defaultFontSet()): PdfDocument {
  checkFrame(model);
  checkFindings(model);
  const setter = new TextSetter(fonts);
  const frame = pageFrame(model, setter, { formLabel: '整改通知书', title: NOTICE_TITLE, landscape: false });
  const { inspection } = model;
  const unit = inlinePieces(setter.set(inspection.unitName));
  const reply =
    model.replyInstructions ??
    `请你单位对上述问题认真整改，于整改期限届满之日前将整改情况（含整改报告及相关证明材料）书面报送${inspection.unitName}。逾期未整改或整改不到位的，将依法予以处理。`;
  const content: Content[] = [
    { text: NOTICE_TITLE, style: 'title' },
    model.documentNo === undefined ? { text: '' } : { text: setter.set(model.documentNo), alignment: 'center', margin: [0, 0, 0, 8] },
    amendedBanner(model.record),
    { text: [...inlinePieces(setter.set(model.agency.name)), '：'], bold: true, margin: [0, 4, 0, 6] },
    {
      text: [
        GAP + GAP,
        ...unit,
        `于 ${inspection.date} 对你单位开展了${inspection.type}，发现存在以下问题，现责令你单位按期整改：`,
      ],
      fontSize: 10.5,
      lineHeight: 1.4,
    },
    findingsTable(model, setter),
    { text: [GAP + GAP, ...inlinePieces(setter.set(reply))], fontSize: 10.5, lineHeight: 1.4 },
    {
      text: `通知日期：${model.issuedOn ?? inspection.date}`,
      alignment: 'right',
      margin: [0, 8, 0, 0],
    },
    signatureBlock(model, model.signatures, setter, fonts, false),
    {
      margin: [0, 14, 0, 0],
      columns: [
        { width: '*', text: '被检查机构签收人：________________' },
        { width: '*', text: '签收日期：________________' },
      ],
    },
    verificationBlock(model.record),
  ];
  content.push(...missingGlyphContent(setter));
  return { definition: { ...frame, content }, missingGlyphs: setter.missingGlyphs() };
}
