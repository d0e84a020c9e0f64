/**
 * 附件1 特种设备检验检测机构自查自纠对照表（参考）, A4 landscape: the 基本信息 and 取得特种设备
 * 核准证情况 blocks, then the self-check table with the section title merged over its items
 * (as in the notice), the numbered 检查方法及证明材料要求, 发现的问题 and 自纠情况, plus the
 * inspector's verdict on each answer (督查核实 — the app's column, not the notice's).
 */
import type { Content, TableCell } from 'pdfmake/interfaces';
import {
  ATTACHMENT1_COLUMNS,
  ATTACHMENT1_ITEMS,
  ATTACHMENT1_SECTIONS,
  ATTACHMENT1_TITLE,
  BASIC_INFO_GROUP_LABEL,
  BASIC_INFO_LABELS,
  CERTIFICATE_GROUP_LABEL,
  CERTIFICATE_LABELS,
} from '../forms/attachment1';
import { defaultFontSet, type FontSet } from './fonts';
import {
  AMENDED_RED,
  amendedBanner,
  checkFrame,
  missingGlyphContent,
  pageFrame,
  requireData,
  signatureBlock,
  verificationBlock,
  type PdfDocument,
} from './frame';
import type { Attachment1ItemPrint, Attachment1Print } from './model';
import { TextSetter } from './text';

const BASIC_KEYS = ['name', 'address', 'creditCode', 'legalRep', 'legalRepPhone', 'contact', 'contactPhone'] as const;
const CERT_KEYS = ['orgName', 'certNo', 'issuer', 'issuedOn', 'validUntil'] as const;

/** The inspector's verdict column added by the app. */
const ACCEPTANCE_LABEL = '督查核实';

function checkItems(model: Attachment1Print): Map<string, Attachment1ItemPrint> {
  const known = new Set(ATTACHMENT1_ITEMS.map((i) => i.key));
  const byKey = new Map<string, Attachment1ItemPrint>();
  model.items.forEach((it, i) => {
    requireData(known.has(it.key), `自查项目“${it.key}”不在附件1中（应为 1.1–5.1），记录已损坏`, `items.${i}.key`);
    requireData(!byKey.has(it.key), `自查项目 ${it.key} 重复出现，记录已损坏`, `items.${i}.key`);
    byKey.set(it.key, it);
  });
  requireData(model.basicInfo.name.trim() !== '', '附件1 缺少法人单位名称，请先在机构信息中填写', 'basicInfo.name');
  return byKey;
}

function basicInfoTable(model: Attachment1Print, setter: TextSetter): Content {
  const certs = model.certificates.length === 0
    ? [{ orgName: '', certNo: '', issuer: '', issuedOn: '', validUntil: '' }]
    : model.certificates;
  const label = (text: string): { text: string; style: string; fillColor: string } => ({ text, style: 'th', fillColor: '#f2f2f2' });
  const body: TableCell[][] = [
    [{ ...label(BASIC_INFO_GROUP_LABEL), rowSpan: 2 }, ...BASIC_KEYS.map((k) => label(BASIC_INFO_LABELS[k]))],
    [{}, ...BASIC_KEYS.map((k): TableCell => ({ text: setter.set(model.basicInfo[k]), alignment: 'center' }))],
    [
      { ...label(CERTIFICATE_GROUP_LABEL), rowSpan: certs.length + 1 },
      ...CERT_KEYS.map((k) => label(CERTIFICATE_LABELS[k])),
      // The notice's certificate row has five fields under seven columns: the last two merge.
      { text: '', colSpan: 2 },
      {},
    ],
    ...certs.map((c): TableCell[] => [
      {},
      ...CERT_KEYS.map((k): TableCell => ({ text: setter.set(c[k]), alignment: 'center' })),
      { text: '', colSpan: 2 },
      {},
    ]),
  ];
  return {
    table: { widths: [46, '*', '*', 100, 60, 80, 60, 80], body },
    fontSize: 8.5,
    layout: { hLineWidth: () => 0.5, vLineWidth: () => 0.5 },
    margin: [0, 0, 0, 8],
  };
}

function checkTable(byKey: Map<string, Attachment1ItemPrint>, setter: TextSetter): Content {
  const head: TableCell[] = [
    { text: ATTACHMENT1_COLUMNS.seq, style: 'th', fillColor: '#eeeeee' },
    { text: ATTACHMENT1_COLUMNS.content, style: 'th', fillColor: '#eeeeee', colSpan: 2 },
    {},
    { text: ATTACHMENT1_COLUMNS.requirements, style: 'th', fillColor: '#eeeeee' },
    { text: ATTACHMENT1_COLUMNS.problems, style: 'th', fillColor: '#eeeeee' },
    { text: ATTACHMENT1_COLUMNS.correction, style: 'th', fillColor: '#eeeeee' },
    { text: ACCEPTANCE_LABEL, style: 'th', fillColor: '#eeeeee' },
  ];
  const body: TableCell[][] = [head];
  for (const section of ATTACHMENT1_SECTIONS) {
    const items = ATTACHMENT1_ITEMS.filter((i) => i.section === section.no);
    items.forEach((item, n) => {
      const review = byKey.get(item.key);
      const reqs = item.requirements.length > 1
        ? item.requirements.map((r, i) => `(${i + 1}) ${r}`).join('\n')
        : (item.requirements[0] ?? '');
      const acceptance = review?.acceptance ?? null;
      const first = n === 0;
      const row: TableCell[] = [
        first ? { text: String(section.no), rowSpan: items.length, alignment: 'center' } : {},
        first ? { text: section.title, rowSpan: items.length, alignment: 'center' } : {},
      ];
      // Section 5 has no 自查内容: its requirements span the content column, as printed.
      if (item.content === '') row.push({ text: reqs, colSpan: 2 }, {});
      else row.push({ text: item.content }, { text: reqs });
      row.push(
        { text: setter.set(review?.problems ?? '') },
        { text: setter.set(review?.corrections ?? '') },
        {
          text: acceptance ?? '',
          alignment: 'center',
          bold: acceptance !== null,
          color: acceptance === '不认可' ? AMENDED_RED : undefined,
        },
      );
      body.push(row);
    });
  }
  return {
    table: { headerRows: 1, widths: [22, 40, 100, '*', 150, 130, 40], body },
    fontSize: 8.5,
    layout: { hLineWidth: () => 0.5, vLineWidth: () => 0.5 },
  };
}

/** The 附件1 definition; throws a Chinese VALIDATION AppError when the record cannot be printed. */
export function buildAttachment1(model: Attachment1Print, fonts: FontSet = defaultFontSet()): PdfDocument {
  checkFrame(model);
  const byKey = checkItems(model);
  const setter = new TextSetter(fonts);
  const frame = pageFrame(model, setter, { formLabel: '附件1', title: ATTACHMENT1_TITLE, landscape: true });
  const content: Content[] = [
    { text: ATTACHMENT1_TITLE, style: 'title' },
    amendedBanner(model.record),
    basicInfoTable(model, setter),
    checkTable(byKey, setter),
    signatureBlock(model, model.signatures, setter, fonts, true),
    verificationBlock(model.record),
  ];
  content.push(...missingGlyphContent(setter));
  return { definition: { ...frame, content }, missingGlyphs: setter.missingGlyphs() };
}
