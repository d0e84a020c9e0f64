/**
 * The PDF engine's public surface (Node only — never import it from the renderer):
 *
 *   const doc = buildAttachment3(model);           // plain model in, pdfmake definition out
 *   const bytes = await renderPdf(doc.definition); // fonts parsed once per process
 *   writePdfAtomic(outFile, bytes);                // temp file + fsync + rename
 *   readVerificationCode(bytes);                   // { recordId, revision, sha256 } | null
 *
 * Builders throw AppError('VALIDATION', …) in Chinese when a record lacks what the form
 * needs; `doc.missingGlyphs` lists characters no font could print (shown as 〓).
 */
export { buildAttachment1 } from './attachment1';
export { buildAttachment2 } from './attachment2';
export { buildAttachment3 } from './attachment3';
export { attachment4ChartSvgs, buildAttachment4, type Attachment4ChartSvgs } from './attachment4';
export { buildNotice, NOTICE_TITLE } from './notice';
export type { PdfDocument } from './frame';
export type * from './model';
export { renderPdf, writePdfAtomic, type RenderOptions } from './render';
export type { MissingGlyph } from './text';
export {
  formatVerificationCode,
  parseVerificationCode,
  shortHash,
  shortRecordId,
  type VerificationCode,
} from './verification-code';
export { readVerificationCode, MAX_PDF_BYTES } from './verify';
