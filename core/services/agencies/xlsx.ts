/**
 * The agency registry as XLSX. Export writes sheets 「机构」 and 「核准证」;
 * import reads them back, validating every row with the same schemas as the
 * form, and either writes everything (one transaction) or nothing.
 *
 * Matching: an agency is identified by its 统一社会信用代码 — a row whose code
 * is already registered updates that agency, otherwise a new one is added.
 * Agencies not in the file are left alone. When the file has a 核准证 sheet it
 * is authoritative for the agencies it lists (an agency with no certificate
 * rows ends up with none, as in the exported file it came from); a file with
 * no 核准证 sheet at all leaves every certificate as it was. The preview shows
 * the before/after certificate count so nothing is lost unseen.
 */
import ExcelJS from 'exceljs';
import type { ParsedInputOf } from '../../contract';
import { REGISTRY_SHEETS, type RegistryError, type RegistryImportResult } from '../../contract/agencies';
import { agencyInputSchema } from '../../contract/agencies';
import { AppError } from '../../../lib/errors';
import { XLSX_MIME, type DownloadFile } from '../../contract/files';
import {
  AGENCY_FIELD_LABELS,
  CERTIFICATE_FIELD_LABELS,
  agencySchema as agencyFieldsSchema,
  certificateSchema as certificateFieldsSchema,
  type Certificate,
} from '../../../forms/agency';
import { validateCreditCode } from '../../../forms/credit-code';
import { normalizeHeader, normalizeDateText } from '../../../forms/roster-import';
import { findAgencyByCreditCode, getAgency } from '../../../db/repositories/agencies';
import { decodeBase64, readTable, type Sheet } from '../../tabular/read';
import type { ServiceContext } from '../../context';
import { list as listAgencies, save as saveAgency } from './records';
import { safeFileName, workbookBase64 } from '../personnel/xlsx';

type AgencyKey = keyof typeof AGENCY_FIELD_LABELS;
type CertKey = keyof typeof CERTIFICATE_FIELD_LABELS;

const AGENCY_KEYS = Object.keys(AGENCY_FIELD_LABELS) as AgencyKey[];
const CERT_KEYS = Object.keys(CERTIFICATE_FIELD_LABELS) as CertKey[];
const CODE_LABEL = AGENCY_FIELD_LABELS.creditCode;
const STATUS_LABEL = '状态（导出时计算，导入时忽略）';
const MAX_LISTED = 200;

// ---------------------------------------------------------------------------
// Export

function styleHeader(row: ExcelJS.Row): void {
  row.font = { bold: true };
  row.alignment = { vertical: 'middle', wrapText: true };
  row.eachCell((c) => {
    c.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EEF7' } };
  });
}

export async function exportXlsx(_input: ParsedInputOf<'agencies/exportXlsx'>, ctx: ServiceContext): Promise<DownloadFile> {
  const agencies = listAgencies({}, ctx);
  const wb = new ExcelJS.Workbook();
  wb.creator = '督查台';
  const a = wb.addWorksheet(REGISTRY_SHEETS.agencies, { views: [{ state: 'frozen', ySplit: 1 }] });
  a.columns = AGENCY_KEYS.map((k) => ({ header: AGENCY_FIELD_LABELS[k], key: k, width: k === 'name' || k === 'address' ? 36 : 18 }));
  for (const ag of agencies) a.addRow(Object.fromEntries(AGENCY_KEYS.map((k) => [k, ag[k]])));
  styleHeader(a.getRow(1));
  // Codes are text: stop Excel from showing 18 digits as 9.13E+17 when a code has no letters.
  a.getColumn('creditCode').numFmt = '@';

  const c = wb.addWorksheet(REGISTRY_SHEETS.certificates, { views: [{ state: 'frozen', ySplit: 1 }] });
  c.columns = [
    { header: CODE_LABEL, key: 'creditCode', width: 22 },
    ...CERT_KEYS.map((k) => ({ header: CERTIFICATE_FIELD_LABELS[k], key: k, width: k === 'orgName' ? 36 : 18 })),
    { header: STATUS_LABEL, key: 'status', width: 24 },
  ];
  for (const ag of agencies) {
    for (const cert of ag.certificates) {
      c.addRow({ creditCode: ag.creditCode, ...Object.fromEntries(CERT_KEYS.map((k) => [k, cert[k]])), status: cert.status.label });
    }
  }
  styleHeader(c.getRow(1));
  c.getColumn('creditCode').numFmt = '@';

  return {
    fileName: safeFileName(`机构名录_${ctx.today()}.xlsx`),
    mimeType: XLSX_MIME,
    contentBase64: await workbookBase64(wb),
  };
}

// ---------------------------------------------------------------------------
// Import

interface HeaderInfo {
  row: number;
  columns: Map<string, number>;
}

/** The header row (within the first 10) naming the most of the given labels. */
function findHeader(sheet: Sheet, labels: readonly string[]): HeaderInfo | null {
  const wanted = new Map(labels.map((l) => [normalizeHeader(l), l]));
  let best: HeaderInfo | null = null;
  sheet.rows.slice(0, 10).forEach((cells, r) => {
    const columns = new Map<string, number>();
    cells.forEach((c, i) => {
      const label = wanted.get(normalizeHeader(c));
      if (label !== undefined && !columns.has(label)) columns.set(label, i);
    });
    if (columns.size >= 2 && (best === null || columns.size > best.columns.size)) best = { row: r, columns };
  });
  return best;
}

function pickSheet(sheets: Sheet[], name: string, labels: readonly string[]): Sheet | undefined {
  return sheets.find((s) => s.name.trim() === name) ?? sheets.find((s) => findHeader(s, labels) !== null);
}

interface ParsedAgency {
  row: number;
  fields: ReturnType<typeof agencyFieldsSchema.parse>;
  certificates: Certificate[];
}

function isBlank(cells: readonly string[]): boolean {
  return cells.every((c) => c.trim() === '');
}

function readAgencies(sheet: Sheet, errors: RegistryError[]): ParsedAgency[] {
  const labels = AGENCY_KEYS.map((k) => AGENCY_FIELD_LABELS[k]);
  const header = findHeader(sheet, labels);
  const required = [AGENCY_FIELD_LABELS.name, CODE_LABEL, AGENCY_FIELD_LABELS.district, AGENCY_FIELD_LABELS.kind];
  const missing = header ? required.filter((l) => !header.columns.has(l)) : required;
  if (!header || missing.length > 0) {
    throw new AppError('VALIDATION', `「${sheet.name}」工作表缺少列：${missing.join('、')}。请使用「导出机构」得到的表格式（第一行为列名）后再导入。`);
  }
  const out: ParsedAgency[] = [];
  const seen = new Map<string, number>();
  for (let r = header.row + 1; r < sheet.rows.length; r++) {
    const cells = sheet.rows[r] ?? [];
    if (isBlank(cells)) continue;
    const row = r + 1;
    const raw = Object.fromEntries(
      AGENCY_KEYS.map((k) => {
        const i = header.columns.get(AGENCY_FIELD_LABELS[k]);
        return [k, i === undefined ? '' : (cells[i] ?? '').trim()];
      }),
    );
    const parsed = agencyFieldsSchema.safeParse(raw);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) errors.push({ sheet: sheet.name, row, message: issue.message });
      continue;
    }
    const first = seen.get(parsed.data.creditCode);
    if (first !== undefined) {
      errors.push({ sheet: sheet.name, row, message: `统一社会信用代码 ${parsed.data.creditCode} 与第 ${first} 行重复` });
      continue;
    }
    seen.set(parsed.data.creditCode, row);
    out.push({ row, fields: parsed.data, certificates: [] });
  }
  return out;
}

function readCertificates(sheet: Sheet, byCode: Map<string, ParsedAgency>, agencySheet: string, errors: RegistryError[]): void {
  const labels = [CODE_LABEL, ...CERT_KEYS.map((k) => CERTIFICATE_FIELD_LABELS[k])];
  const header = findHeader(sheet, labels);
  const missing = header ? labels.filter((l) => !header.columns.has(l)) : labels;
  if (!header || missing.length > 0) {
    throw new AppError('VALIDATION', `「${sheet.name}」工作表缺少列：${missing.join('、')}。请使用「导出机构」得到的表格式后再导入。`);
  }
  for (let r = header.row + 1; r < sheet.rows.length; r++) {
    const cells = sheet.rows[r] ?? [];
    if (isBlank(cells)) continue;
    const row = r + 1;
    const at = (label: string) => {
      const i = header.columns.get(label);
      return i === undefined ? '' : (cells[i] ?? '').trim();
    };
    const code = validateCreditCode(at(CODE_LABEL));
    if (!code.ok) {
      errors.push({ sheet: sheet.name, row, message: code.message.includes(CODE_LABEL) ? code.message : `${CODE_LABEL}${code.message}` });
      continue;
    }
    const agency = byCode.get(code.code);
    if (!agency) {
      errors.push({ sheet: sheet.name, row, message: `${CODE_LABEL} ${code.code} 不在「${agencySheet}」工作表中，核准证无法对应到机构` });
      continue;
    }
    const parsed = certificateFieldsSchema.safeParse(
      Object.fromEntries(
        CERT_KEYS.map((k) => {
          const v = at(CERTIFICATE_FIELD_LABELS[k]);
          return [k, k === 'issuedOn' || k === 'validUntil' ? normalizeDateText(v) : v];
        }),
      ),
    );
    if (!parsed.success) {
      for (const issue of parsed.error.issues) errors.push({ sheet: sheet.name, row, message: issue.message });
      continue;
    }
    if (agency.certificates.some((c) => c.certNo === parsed.data.certNo)) {
      errors.push({ sheet: sheet.name, row, message: `证书编号 ${parsed.data.certNo} 在同一机构下重复` });
      continue;
    }
    agency.certificates.push(parsed.data);
  }
}

export async function importXlsx(input: ParsedInputOf<'agencies/importXlsx'>, ctx: ServiceContext): Promise<RegistryImportResult> {
  const { db } = ctx.store;
  const table = await readTable(decodeBase64(input.contentBase64, '导入文件'), input.fileName);
  const agencySheet = pickSheet(table.sheets, REGISTRY_SHEETS.agencies, [CODE_LABEL, AGENCY_FIELD_LABELS.name]);
  if (!agencySheet) {
    throw new AppError('VALIDATION', `文件中找不到「${REGISTRY_SHEETS.agencies}」工作表（第一行应有“法人单位名称”“统一社会信用代码”等列名）。请先导出一份机构名录作为模板。`);
  }
  const certSheet = table.sheets.find(
    (s) => s !== agencySheet && (s.name.trim() === REGISTRY_SHEETS.certificates || findHeader(s, [CERTIFICATE_FIELD_LABELS.certNo, CERTIFICATE_FIELD_LABELS.validUntil]) !== null),
  );
  const errors: RegistryError[] = [];
  const parsed = readAgencies(agencySheet, errors);
  const byCode = new Map(parsed.map((p) => [p.fields.creditCode, p]));
  if (certSheet) readCertificates(certSheet, byCode, agencySheet.name, errors);

  const inputs: ParsedInputOf<'agencies/save'>[] = [];
  const rows: RegistryImportResult['agencies'] = [];
  for (const p of parsed) {
    const existing = findAgencyByCreditCode(db, p.fields.creditCode);
    const previous = existing ? (getAgency(db, existing.id)?.certificates ?? []) : null;
    const certs = certSheet ? p.certificates : (previous ?? []).map(({ orgName, certNo, issuer, issuedOn, validUntil }) => ({ orgName, certNo, issuer, issuedOn, validUntil }));
    const full = agencyInputSchema.safeParse({ ...p.fields, ...(existing ? { id: existing.id } : {}), certificates: certs });
    if (!full.success) {
      for (const issue of full.error.issues) errors.push({ sheet: agencySheet.name, row: p.row, message: issue.message });
      continue;
    }
    inputs.push(full.data);
    rows.push({
      row: p.row,
      name: p.fields.name,
      creditCode: p.fields.creditCode,
      district: p.fields.district,
      kind: p.fields.kind,
      action: existing ? 'update' : 'add',
      certificates: certs.length,
      previousCertificates: previous ? previous.length : null,
    });
  }
  errors.sort((x, y) => (x.sheet === y.sheet ? x.row - y.row : x.sheet === agencySheet.name ? -1 : 1));
  if (parsed.length === 0 && errors.length === 0) {
    throw new AppError('VALIDATION', `「${agencySheet.name}」工作表中没有机构数据，未导入任何内容。`);
  }
  const result: RegistryImportResult = {
    dryRun: input.dryRun,
    added: rows.filter((r) => r.action === 'add').length,
    updated: rows.filter((r) => r.action === 'update').length,
    certificates: rows.reduce((n, r) => n + r.certificates, 0),
    certificatesIncluded: certSheet !== undefined,
    agencies: rows,
    errorCount: errors.length,
    errors: errors.slice(0, MAX_LISTED),
  };
  if (input.dryRun) return result;
  if (errors.length > 0) {
    const listed = errors.slice(0, 10).map((e) => `「${e.sheet}」第 ${e.row} 行：${e.message}`).join('；');
    throw new AppError(
      'VALIDATION',
      `机构名录有 ${errors.length} 处错误，未导入任何内容：${listed}${errors.length > 10 ? `；……另有 ${errors.length - 10} 处` : ''}。请改正后重新导入。`,
    );
  }
  // Nested transactions in better-sqlite3 are savepoints: each save keeps its
  // own checks, and a failure anywhere rolls the whole file back.
  ctx.store.transaction(() => {
    for (const a of inputs) saveAgency(a, ctx);
  });
  return result;
}
