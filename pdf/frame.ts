/**
 * What every printed document shares: page header and footer (第 X 页 共 Y 页, agency,
 * inspection date, record number, 已更改 for amendments), metadata carrying the
 * verification code, the verification block (QR code + code + short hash) and the
 * signature block with the seal over it.
 */
import { AppError } from '../lib/errors';
import type { Content, ContentColumns, StyleDictionary, TDocumentDefinitions, TDocumentInformation } from 'pdfmake/interfaces';
import type { FontSet } from './fonts';
import type { PrintFrame, PrintRecord, PrintSignature } from './model';
import { qrCanvas } from './qr';
import { DEFAULT_SEAL_LABEL, SEAL_RED, sealSvg } from './seal';
import { inlinePieces, missingGlyphNote, TextSetter, type MissingGlyph } from './text';
import { formatVerificationCode, shortHash, shortRecordId } from './verification-code';

export const AMENDED_RED = '#c00000';
/** Seal diameter in points (about 37 mm, the size of an official round seal is 38–42 mm). */
const SEAL_SIZE = 104;

/** A built document: the pdfmake definition and the characters that printed as 〓. */
export interface PdfDocument {
  definition: TDocumentDefinitions;
  missingGlyphs: MissingGlyph[];
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Refuses data a form cannot be printed from, naming the field (VALIDATION, nothing written). */
export function requireData(ok: boolean, message: string, path?: string): asserts ok {
  if (!ok) throw new AppError('VALIDATION', message, path);
}

export function requireDate(value: string, label: string, path: string): void {
  requireData(ISO_DATE.test(value), `${label}“${value}”不是 YYYY-MM-DD 格式的日期，请先补全记录再打印`, path);
}

/** Shanghai has had no daylight saving time since 1991: UTC+8 is exact for any signature. */
export function shanghaiDate(iso: string, path: string): string {
  const ms = Date.parse(iso);
  requireData(Number.isFinite(ms), `签名时间“${iso}”无法识别，请重新签名后再打印`, path);
  return new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10);
}

export function checkFrame(frame: PrintFrame): void {
  const { record, agency, inspection } = frame;
  requireData(record.recordId.trim() !== '', '记录编号为空，无法打印，请先保存检查记录', 'record.recordId');
  requireData(agency.name.trim() !== '', '被检查机构名称为空，请先在机构信息中填写名称', 'agency.name');
  requireDate(inspection.date, '检查日期', 'inspection.date');
  requireData(inspection.unitName.trim() !== '', '检查单位名称为空，请在设置中填写检查单位后再打印', 'inspection.unitName');
}

export function verificationCodeOf(record: PrintRecord): string {
  try {
    return formatVerificationCode(record);
  } catch (e) {
    throw new AppError('VALIDATION', (e as Error).message, 'record');
  }
}

export const STYLES: StyleDictionary = {
  title: { fontSize: 16, bold: true, alignment: 'center', margin: [0, 0, 0, 6] },
  th: { bold: true, alignment: 'center', fontSize: 9 },
  amended: { color: AMENDED_RED, bold: true },
};

/** U+3000 IDEOGRAPHIC SPACE, the gap Chinese documents put between fields. */
export const GAP = '\u3000';

interface FrameOptions {
  /** "附件3" etc., printed top left on every page. */
  formLabel: string;
  title: string;
  landscape: boolean;
  /**
   * Content drawn under page `page`, asked for when pdfmake ADDS that page during layout
   * (so it can look at what was laid out so far); use absolutePosition. See the 附件3
   * merged-cell continuation.
   */
  pageBackground?: (page: number) => Content[];
}

/** Top page margin of landscape documents; 附件3 positions its page backgrounds from it. */
export const LANDSCAPE_MARGIN_TOP = 34;
/** Width between the side margins: A4 is 841.89 × 595.28 pt. */
const LANDSCAPE_CONTENT_WIDTH = 841.89 - 2 * 28;
const PORTRAIT_CONTENT_WIDTH = 595.28 - 2 * 40;

/** Page size, margins, header, footer, metadata and default font of a document. */
export function pageFrame(
  frame: PrintFrame,
  setter: TextSetter,
  options: FrameOptions,
): Omit<TDocumentDefinitions, 'content'> {
  const { record, agency, inspection } = frame;
  const code = verificationCodeOf(record);
  const amendedText = record.revision === 0 ? '草稿（未签署）' : `已更改（第 ${record.revision} 版）`;
  const agencyText = setter.set(agency.name);
  const info: TDocumentInformation = {
    title: `${options.title} — ${agency.name}`,
    author: inspection.unitName,
    subject: `督查台检查记录 ${record.recordId} ${revisionLabel(record)}`,
    // pdf/verify.ts reads the code back from here; keep it the only keyword.
    keywords: code,
    creator: '督查台 Ducha',
  };
  return {
    pageSize: 'A4',
    pageOrientation: options.landscape ? 'landscape' : 'portrait',
    pageMargins: options.landscape ? [28, LANDSCAPE_MARGIN_TOP, 28, 40] : [40, 44, 40, 48],
    info,
    defaultStyle: { font: setter.fonts.primary.family, fontSize: 9, lineHeight: 1.15 },
    styles: STYLES,
    header: () => ({
      margin: options.landscape ? [28, 14, 28, 0] : [40, 18, 40, 0],
      columns: [
        { text: options.formLabel, fontSize: 8, color: '#444444' },
        record.amended || record.revision === 0
          ? { text: amendedText, style: 'amended', fontSize: 10, alignment: 'right' }
          : { text: '', alignment: 'right' },
      ],
    }),
    background: (page: number) => {
      const items = options.pageBackground?.(page) ?? [];
      return items.length === 0 ? null : { stack: items };
    },
    footer: (currentPage: number, pageCount: number) => ({
      margin: options.landscape ? [28, 10, 28, 0] : [40, 12, 40, 0],
      fontSize: 8,
      columns: [
        {
          width: '*',
          text: [
            '被检查机构：',
            ...inlinePieces(agencyText),
            `${GAP}检查日期：${inspection.date}${GAP}记录号：${shortRecordId(record.recordId)}（${revisionLabel(record)}）`,
          ],
        },
        { width: 'auto', text: `第 ${currentPage} 页 共 ${pageCount} 页`, alignment: 'right' },
      ],
    }),
  };
}

/** 「第 N 版」, or 「草稿（未签署）」 for revision 0 (a print of the working copy). */
export function revisionLabel(record: PrintRecord): string {
  return record.revision === 0 ? '草稿（未签署）' : `第 ${record.revision} 版`;
}

/** Red banner under the title of an amended revision. */
export function amendedBanner(record: PrintRecord): Content {
  if (!record.amended || record.revision === 0) return { text: '' };
  return {
    table: {
      widths: ['*'],
      body: [[{ text: `已更改（第 ${record.revision} 版）`, style: 'amended', fontSize: 12, alignment: 'center' }]],
    },
    layout: { hLineColor: () => AMENDED_RED, vLineColor: () => AMENDED_RED, hLineWidth: () => 1.2, vLineWidth: () => 1.2 },
    margin: [0, 0, 0, 6],
  };
}

/** QR code beside the code itself, the short hash and how to check it. */
export function verificationBlock(record: PrintRecord): ContentColumns {
  const code = verificationCodeOf(record);
  return {
    unbreakable: true,
    margin: [0, 10, 0, 0],
    columnGap: 8,
    columns: [
      { width: 62, stack: [qrCanvas(code, 62)] },
      {
        width: '*',
        fontSize: 7.5,
        stack: [
          { text: '核验信息', bold: true, fontSize: 8.5 },
          `记录号 ${record.recordId}${GAP}${revisionLabel(record)}`,
          `核验短码 ${shortHash(record.sha256)}`,
          { text: [{ text: '核验码 ' }, { text: code, fontSize: 6.5 }] },
          {
            text: '扫描二维码或运行 ducha pdf verify 文件名，可核对本件与系统中签署的记录是否一致。',
            color: '#444444',
          },
        ],
      },
    ],
  };
}

/**
 * One cell per signature (image or a blank line to sign on, name, role, date) and a last
 * cell for the inspecting unit with the red seal drawn over it.
 */
export function signatureBlock(
  frame: PrintFrame,
  signatures: readonly PrintSignature[],
  setter: TextSetter,
  fonts: FontSet,
  landscape: boolean,
): Content {
  const perRow = 4;
  const columnWidth = (landscape ? LANDSCAPE_CONTENT_WIDTH : PORTRAIT_CONTENT_WIDTH) / perRow;
  const cells: Content[] = signatures.map((s, i) => {
    requireData(s.name.trim() !== '', `第 ${i + 1} 个签名没有姓名，请重新签名`, `signatures.${i}.name`);
    const date = shanghaiDate(s.signedAt, `signatures.${i}.signedAt`);
    const picture: Content =
      s.image === undefined
        ? { text: ' ', margin: [0, 18, 0, 0] }
        : { image: checkedSignatureImage(s.image, `signatures.${i}.image`), fit: [110, 36], margin: [0, 2, 0, 2] };
    return {
      stack: [
        { text: setter.set(`${s.role}：`), bold: true },
        picture,
        { canvas: [{ type: 'line', x1: 0, y1: 0, x2: 110, y2: 0, lineWidth: 0.5 }] },
        { text: setter.set(s.name) },
        { text: `日期：${date}`, fontSize: 8 },
      ],
    };
  });
  const unit: Content = {
    stack: [
      // The seal overlaps the unit's name and date like a stamp; it takes no space in the flow.
      {
        svg: sealSvg(fonts, frame.inspection.unitName, frame.inspection.sealLabel ?? DEFAULT_SEAL_LABEL, SEAL_SIZE),
        width: SEAL_SIZE,
        alignment: 'left',
        relativePosition: { x: Math.max(0, (columnWidth - SEAL_SIZE) / 2), y: -14 },
      },
      { text: '检查单位（盖章）：', bold: true },
      { text: setter.set(frame.inspection.unitName), margin: [0, 14, 0, 0] },
      { text: `日期：${frame.inspection.date}`, fontSize: 8, margin: [0, 6, 0, 0] },
    ],
  };
  const all = [...cells, unit];
  const rows: Content[][] = [];
  for (let i = 0; i < all.length; i += perRow) {
    const row = all.slice(i, i + perRow);
    while (row.length < perRow) row.push({ text: '' });
    rows.push(row);
  }
  return {
    unbreakable: true,
    margin: [0, 12, 0, 0],
    table: { widths: Array(perRow).fill('*'), body: rows },
    layout: 'noBorders',
  };
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
/** A signature pad PNG is a few tens of KB; refuse anything absurd before decoding it. */
const MAX_SIGNATURE_BYTES = 2 * 1024 * 1024;

/** The data URL if it really is a PNG of sane size, else a Chinese VALIDATION error. */
export function checkedSignatureImage(dataUrl: string, path: string): string {
  const prefix = 'data:image/png;base64,';
  requireData(dataUrl.startsWith(prefix), '签名图片应为 PNG 格式，请重新签名', path);
  const b64 = dataUrl.slice(prefix.length);
  requireData(b64.length <= (MAX_SIGNATURE_BYTES * 4) / 3 + 4, '签名图片过大（超过 2 MB），请重新签名', path);
  requireData(/^[A-Za-z0-9+/]*={0,2}$/.test(b64), '签名图片数据已损坏，请重新签名', path);
  const head = Buffer.from(b64.slice(0, 12), 'base64');
  requireData(head.subarray(0, 8).equals(PNG_SIGNATURE), '签名图片数据已损坏（不是 PNG 图像），请重新签名', path);
  return dataUrl;
}

/** The 〓 note (if any) to append at the end of the content. */
export function missingGlyphContent(setter: TextSetter): Content[] {
  const note = missingGlyphNote(setter.missingGlyphs());
  return note === null ? [] : [{ text: note, color: AMENDED_RED, fontSize: 8, margin: [0, 8, 0, 0] }];
}

export { SEAL_RED };
