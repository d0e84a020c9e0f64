/**
 * `personnel/exportXlsx`: the 附件2 form as an Excel sheet — title, 单位名称,
 * the （一） summary block with the computed counts, the （二） roster, the
 * 填表人 lines and the 填报说明, all labels from forms/attachment2. A
 * filled-in copy of this file imports again as is (header and footer
 * detection in forms/roster-import know this layout).
 */
import ExcelJS from 'exceljs';
import type { ParsedInputOf } from '../../contract';
import { XLSX_MIME, type DownloadFile } from '../../contract/files';
import type { Checklist } from '../../contract/personnel';
import {
  ATTACHMENT2_NO,
  ATTACHMENT2_TITLE,
  FILLING_NOTE,
  FOOTER_LABELS,
  HEADER_LABELS,
  ROSTER_COLUMNS,
  ROSTER_SECTION_TITLE,
  SUMMARY_LABELS,
  SUMMARY_SECTION_TITLE,
} from '../../../forms/attachment2';
import type { ServiceContext } from '../../context';
import { readChecklist } from '../../domain/agency-records';

const FONT = '宋体';
const THIN: Partial<ExcelJS.Borders> = {
  top: { style: 'thin' },
  left: { style: 'thin' },
  bottom: { style: 'thin' },
  right: { style: 'thin' },
};
const WIDTHS: Record<(typeof ROSTER_COLUMNS)[number]['key'], number> = {
  seq: 6,
  name: 12,
  practising: 14,
  education: 16,
  title: 16,
  note: 40,
  certNo: 18,
  disclosureCancelled: 10,
  qualificationRevoked: 10,
};

/** Characters Windows and macOS refuse in file names. */
export function safeFileName(s: string): string {
  const cleaned = Array.from(s, (ch) => (ch.charCodeAt(0) < 0x20 || '\\/:*?"<>|'.includes(ch) ? '_' : ch)).join('');
  return cleaned.trim() || '未命名';
}

function colLetter(n: number): string {
  let s = '';
  for (let x = n; x > 0; x = Math.floor((x - 1) / 26)) s = String.fromCharCode(65 + ((x - 1) % 26)) + s;
  return s;
}

export function buildChecklistWorkbook(c: Checklist, appColumns: boolean): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  wb.creator = '督查台';
  const ws = wb.addWorksheet('附件2', {
    pageSetup: { paperSize: 9, orientation: 'portrait', fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
  });
  const columns = ROSTER_COLUMNS.filter((col) => appColumns || !col.appExtra);
  const n = columns.length;
  const last = colLetter(n);
  ws.columns = columns.map((col) => ({ width: WIDTHS[col.key] }));

  const line = (r: number, text: string, opts: { bold?: boolean; size?: number; center?: boolean; wrap?: boolean } = {}) => {
    ws.mergeCells(`A${r}:${last}${r}`);
    const cell = ws.getCell(`A${r}`);
    cell.value = text;
    cell.font = { name: FONT, size: opts.size ?? 11, bold: opts.bold ?? false };
    cell.alignment = { vertical: 'middle', horizontal: opts.center ? 'center' : 'left', wrapText: opts.wrap ?? false };
  };
  const boxed = (range: string, value: string | number, opts: { bold?: boolean; center?: boolean } = {}) => {
    const [from = range, to = from] = range.split(':');
    if (to !== from) ws.mergeCells(range);
    const cell = ws.getCell(from);
    cell.value = value;
    cell.font = { name: FONT, size: 11, bold: opts.bold ?? false };
    cell.alignment = { vertical: 'middle', horizontal: opts.center ? 'center' : 'left', wrapText: true };
    // Every cell of a merged range carries the border, or printed boxes lose their edges.
    const a = ws.getCell(from);
    const b = ws.getCell(to);
    for (let r = Number(a.row); r <= Number(b.row); r++) {
      for (let col = Number(a.col); col <= Number(b.col); col++) ws.getCell(r, col).border = THIN;
    }
  };

  ws.getCell('A1').value = `附件 ${ATTACHMENT2_NO}`;
  ws.getCell('A1').font = { name: FONT, size: 11 };
  line(2, ATTACHMENT2_TITLE, { bold: true, size: 16, center: true });
  ws.getRow(2).height = 28;
  line(3, `${HEADER_LABELS.unitName}：${c.agencyName}`);
  line(4, `${HEADER_LABELS.principalSignature}：`);
  line(5, SUMMARY_SECTION_TITLE, { bold: true });

  const s = c.summary;
  const reported: [string, string | number][] = [
    [SUMMARY_LABELS.totalPersonnel, s.totalStaff ?? ''],
    [SUMMARY_LABELS.disclosedPersonnel, s.disclosedCount ?? ''],
    [SUMMARY_LABELS.socialInsurancePersonnel, s.socialInsuranceCount ?? ''],
    [SUMMARY_LABELS.meetsResourceConditions, s.meetsRequirements],
  ];
  reported.forEach(([label, value], i) => {
    const r = 6 + i;
    boxed(`A${r}:D${r}`, label);
    boxed(`E${r}:${last}${r}`, value, { center: true });
  });

  // 共排查… spans three rows beside the three computed problem counts, as in the notice.
  boxed('A10:B12', SUMMARY_LABELS.checkedTotal, { center: true });
  boxed('C10:D12', c.counts.total, { center: true });
  const problems: [string, number][] = [
    [SUMMARY_LABELS.practisingProblems, c.counts.practisingProblems],
    [SUMMARY_LABELS.educationProblems, c.counts.educationProblems],
    [SUMMARY_LABELS.titleProblems, c.counts.titleProblems],
  ];
  problems.forEach(([label, value], i) => {
    const r = 10 + i;
    boxed(`E${r}`, label);
    boxed(n > 6 ? `F${r}:${last}${r}` : `F${r}`, value, { center: true });
  });

  line(13, ROSTER_SECTION_TITLE, { bold: true });
  const header = ws.getRow(14);
  columns.forEach((col, i) => {
    const cell = header.getCell(i + 1);
    cell.value = col.label;
    cell.font = { name: FONT, size: 11, bold: true };
    cell.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
    cell.border = THIN;
  });
  header.height = 32;

  c.persons.forEach((p, i) => {
    const row = ws.getRow(15 + i);
    const values: Record<(typeof columns)[number]['key'], string | number> = {
      seq: p.seq,
      name: p.name,
      practising: p.practising,
      education: p.education,
      title: p.title,
      note: p.note,
      certNo: p.certNo,
      disclosureCancelled: p.disclosureCancelled ? '是' : '',
      qualificationRevoked: p.qualificationRevoked ? '是' : '',
    };
    columns.forEach((col, j) => {
      const cell = row.getCell(j + 1);
      cell.value = values[col.key];
      cell.font = { name: FONT, size: 11 };
      cell.border = THIN;
      cell.alignment = { vertical: 'middle', horizontal: col.key === 'note' ? 'left' : 'center', wrapText: col.key === 'note' };
    });
  });

  const after = 15 + c.persons.length + 1;
  line(after, `${FOOTER_LABELS.filledBy}：${s.filledBy}`);
  line(after + 1, `${FOOTER_LABELS.phone}：${s.filledPhone}`);
  line(after + 2, `${FOOTER_LABELS.filledOn}：${s.filledOn}`);
  line(after + 3, FILLING_NOTE, { wrap: true });
  ws.getRow(after + 3).height = 48;
  ws.pageSetup.printTitlesRow = '14:14';
  return wb;
}

export async function workbookBase64(wb: ExcelJS.Workbook): Promise<string> {
  const buf = await wb.xlsx.writeBuffer();
  return Buffer.from(buf).toString('base64');
}

export async function exportXlsx(input: ParsedInputOf<'personnel/exportXlsx'>, ctx: ServiceContext): Promise<DownloadFile> {
  const checklist = readChecklist(ctx, input.agencyId);
  const wb = buildChecklistWorkbook(checklist, input.appColumns);
  return {
    fileName: safeFileName(`附件2_人员条件自查情况统计表_${checklist.agencyName}_${ctx.today()}.xlsx`),
    mimeType: XLSX_MIME,
    contentBase64: await workbookBase64(wb),
  };
}
