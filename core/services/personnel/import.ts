/**
 * Roster import: file → sheet → header row → column mapping → validated rows.
 * `personnel/importPreview` runs the whole analysis and writes nothing;
 * `personnel/import` runs the same analysis with the confirmed mapping and
 * writes only if every row is valid, in one transaction.
 *
 * Replace is the default mode: 附件2 asks for the agency's *whole* roster
 * (“全部持证检验检测人员逐人逐行填写”), so a newer file supersedes the older
 * list instead of doubling it. Append is there for a supplementary sheet
 * (“本表可根据实际需要添加行”); it refuses 证书编号 already on the list.
 */
import type { ParsedInputOf } from '../../contract';
import { AppError } from '../../../lib/errors';
import {
  MAX_LISTED_ERRORS,
  PREVIEW_SAMPLE_ROWS,
  summaryInputSchema,
  type ImportMode,
  type ImportPreview,
} from '../../contract/personnel';
import {
  findHeaderRow,
  guessMapping,
  isDirectMapping,
  missingRequired,
  parseRosterTable,
  readChecklistExtras,
  summarizeRowErrors,
  ROSTER_FIELDS,
  type ChecklistExtras,
  type ParsedPerson,
  type RosterMapping,
  type RowError,
} from '../../../forms/roster-import';
import { countPersons, deleteAllPersons, getChecklist, insertPersons, listPersons, maxSeq, upsertChecklist } from '../../../db/repositories/personnel';
import type { Db } from '../../../db/open';
import { decodeBase64, readTable, type ReadTable, type Sheet } from '../../tabular/read';
import type { ServiceContext } from '../../context';
import { newId, nowIso } from '../../ids';
import { countsFor, toDbFields } from './roster';
import { requireAgency, summaryOf } from '../../domain/agency-records';

interface Source {
  agencyId: string;
  fileName: string;
  contentBase64: string;
  sheet?: string | undefined;
  headerRow?: number | undefined;
  mapping?: RosterMapping | undefined;
}

interface Analysis {
  table: ReadTable;
  sheet: Sheet;
  headerRow: number;
  headerDetected: boolean;
  headers: string[];
  mapping: RosterMapping;
  missing: string[];
  persons: ParsedPerson[];
  errors: RowError[];
  rowCount: number;
  extras: ChecklistExtras;
}

function pickSheet(table: ReadTable, wanted: string | undefined): Sheet {
  if (wanted !== undefined) {
    const s = table.sheets.find((x) => x.name === wanted);
    if (!s) {
      throw new AppError('VALIDATION', `文件中没有名为「${wanted}」的工作表（现有：${table.sheets.map((x) => x.name).join('、')}）。请重新选择。`, 'sheet');
    }
    return s;
  }
  const withHeader = table.sheets.find((s) => findHeaderRow(s.rows) !== null);
  const first = withHeader ?? table.sheets.find((s) => s.rows.length > 0) ?? table.sheets[0];
  if (!first) throw new AppError('VALIDATION', '文件中没有工作表，请检查文件内容。');
  return first;
}

function checkMapping(mapping: RosterMapping, width: number): void {
  const used = new Map<number, string>();
  for (const f of ROSTER_FIELDS) {
    const col = mapping[f.key];
    if (col === null) continue;
    if (col >= width) {
      throw new AppError('VALIDATION', `「${f.label}」对应的第 ${col + 1} 列在表中不存在，请重新选择列。`, `mapping.${f.key}`);
    }
    const other = used.get(col);
    if (other !== undefined) {
      throw new AppError('VALIDATION', `第 ${col + 1} 列同时对应了「${other}」和「${f.label}」，一列只能对应一项，请重新选择。`, `mapping.${f.key}`);
    }
    used.set(col, f.label);
  }
}

/** Rows whose 证书编号 is already on the roster, when appending. */
function appendClashes(db: Db, agencyId: string, persons: readonly ParsedPerson[]): RowError[] {
  const existing = new Map(listPersons(db, agencyId).filter((p) => p.certNo !== '').map((p) => [p.certNo, p]));
  const errors: RowError[] = [];
  for (const p of persons) {
    const clash = p.certNo === undefined ? undefined : existing.get(p.certNo);
    if (clash) {
      errors.push({
        row: p.row,
        column: '证书编号',
        message: `证书编号 ${p.certNo ?? ''} 已在清单第 ${clash.seq} 位（${clash.name}），追加会重复登记`,
      });
    }
  }
  return errors;
}

async function analyse(db: Db, src: Source, mode: ImportMode): Promise<Analysis> {
  requireAgency(db, src.agencyId);
  const table = await readTable(decodeBase64(src.contentBase64, '导入文件'), src.fileName);
  const sheet = pickSheet(table, src.sheet);
  const rows = sheet.rows;
  const detected = findHeaderRow(rows);
  const firstNonEmpty = rows.findIndex((r) => r.some((c) => c.trim() !== ''));
  const headerRow = src.headerRow !== undefined ? src.headerRow - 1 : (detected ?? Math.max(firstNonEmpty, 0));
  if (src.headerRow !== undefined && headerRow >= rows.length) {
    throw new AppError('VALIDATION', `表头行第 ${src.headerRow} 行超出了表格范围（共 ${rows.length} 行）。`, 'headerRow');
  }
  const headers = [...(rows[headerRow] ?? [])];
  const width = Math.max(headers.length, ...rows.slice(headerRow, headerRow + 200).map((r) => r.length));
  const mapping = src.mapping ?? guessMapping(headers);
  checkMapping(mapping, Math.max(width, 1));
  const missing = missingRequired(mapping);
  const base = {
    table,
    sheet,
    headerRow,
    headerDetected: src.headerRow !== undefined || detected !== null,
    headers,
    mapping,
    missing,
  };
  if (missing.length > 0) return { ...base, persons: [], errors: [], rowCount: 0, extras: {} };
  const parsed = parseRosterTable(rows, headerRow, mapping);
  const extras = readChecklistExtras(rows, headerRow);
  const clashes = mode === 'append' ? appendClashes(db, src.agencyId, parsed.persons) : [];
  const errors = [...extras.errors, ...parsed.errors, ...clashes].sort((a, b) => a.row - b.row);
  const clashRows = new Set(clashes.map((e) => e.row));
  return {
    ...base,
    persons: parsed.persons.filter((p) => !clashRows.has(p.row)),
    errors,
    rowCount: parsed.rowCount,
    extras: extras.extras,
  };
}

export async function importPreview(input: ParsedInputOf<'personnel/importPreview'>, ctx: ServiceContext): Promise<ImportPreview> {
  const { db } = ctx.store;
  const a = await analyse(db, input, input.mode);
  return {
    format: a.table.format,
    ...(a.table.encoding ? { encoding: a.table.encoding } : {}),
    sheets: a.table.sheets.map((s) => s.name),
    sheet: a.sheet.name,
    headerRow: a.sheet.rows.length === 0 ? 0 : a.headerRow + 1,
    headerDetected: a.headerDetected,
    headers: a.headers,
    mapping: a.mapping,
    // About the file's header, not the mapping in use: a hand-made mapping is not “direct”.
    direct: isDirectMapping(guessMapping(a.headers)),
    missing: a.missing,
    rowCount: a.rowCount,
    validCount: a.persons.length,
    errorCount: a.errors.length,
    errors: a.errors.slice(0, MAX_LISTED_ERRORS),
    sample: a.persons.slice(0, PREVIEW_SAMPLE_ROWS),
    extras: a.extras,
    existingCount: countPersons(db, input.agencyId),
  };
}

export async function importRoster(
  input: ParsedInputOf<'personnel/import'>,
  ctx: ServiceContext,
): Promise<{ imported: number; mode: ImportMode; summaryUpdated: boolean; counts: ReturnType<typeof countsFor> }> {
  const { db } = ctx.store;
  const a = await analyse(db, input, input.mode);
  if (a.missing.length > 0) {
    throw new AppError('VALIDATION', `缺少必需的列：${a.missing.join('、')}。请在导入时为这些项目选择对应的列，未导入任何人员。`, 'mapping');
  }
  if (a.errors.length > 0) {
    throw new AppError(
      'VALIDATION',
      `花名册有 ${a.errors.length} 处错误，未导入任何人员：${summarizeRowErrors(a.errors)}。请改正文件后重新导入。`,
    );
  }
  if (a.persons.length === 0) {
    throw new AppError('VALIDATION', `表头（第 ${a.headerRow + 1} 行）下面没有人员数据，未导入任何人员。请检查是否选对了工作表和表头行。`);
  }
  const hasExtras = Object.keys(a.extras).length > 0;
  // The file's summary block is checked together with what it is merged into.
  const summary = hasExtras
    ? summaryInputSchema.safeParse({ ...summaryOf(getChecklist(db, input.agencyId)), ...a.extras, agencyId: input.agencyId })
    : undefined;
  if (summary && !summary.success) {
    throw new AppError('VALIDATION', `文件中的自查情况汇总有误：${summary.error.issues[0]?.message ?? ''}。未导入任何人员。`);
  }
  ctx.store.transaction(() => {
    const now = nowIso();
    if (input.mode === 'replace') deleteAllPersons(db, input.agencyId);
    const start = input.mode === 'replace' ? 0 : maxSeq(db, input.agencyId);
    insertPersons(
      db,
      a.persons.map((p, i) => ({
        id: newId(),
        agencyId: input.agencyId,
        seq: start + i + 1,
        ...toDbFields(p),
        createdAt: now,
        updatedAt: now,
      })),
    );
    if (summary?.success) {
      const { agencyId, ...fields } = summary.data;
      upsertChecklist(db, { agencyId, ...fields, updatedAt: now });
    }
  });
  return { imported: a.persons.length, mode: input.mode, summaryUpdated: hasExtras, counts: countsFor(db, input.agencyId) };
}
