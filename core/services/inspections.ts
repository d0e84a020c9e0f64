import { AppError } from '../contract/errors';
import { DEFAULT_TEMPLATE } from '../../forms/scoring-template';
import type { ParsedInputOf } from '../contract';
import type { InspectionSummary } from '../contract/inspections';
import { getAgency } from '../../db/repositories/agencies';
import {
  getInspection,
  insertInspection,
  listInspections,
  type InspectionListRow,
} from '../../db/repositories/inspections';
import type { ServiceContext } from '../context';
import { newId, nowIso } from '../ids';

function toSummary(row: InspectionListRow): InspectionSummary {
  return {
    id: row.id,
    agencyId: row.agencyId,
    agencyName: row.agencyName,
    kind: row.kind as InspectionSummary['kind'],
    type: row.type,
    inspectedOn: row.inspectedOn,
    status: row.status as InspectionSummary['status'],
    inspectors: JSON.parse(row.inspectors) as InspectionSummary['inspectors'],
    spotCheck: row.spotCheck,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

export function list(input: ParsedInputOf<'inspections/list'>, ctx: ServiceContext): InspectionSummary[] {
  return listInspections(ctx.store.db, input).map(toSummary);
}

export function create(input: ParsedInputOf<'inspections/create'>, ctx: ServiceContext): InspectionSummary {
  const { db, sqlite } = ctx.store;
  const id = newId();
  sqlite.transaction(() => {
    if (!getAgency(db, input.agencyId)) {
      throw new AppError('NOT_FOUND', '所选机构不存在，请先在「机构」中登记该机构。', 'agencyId');
    }
    const now = nowIso();
    insertInspection(db, {
      id,
      agencyId: input.agencyId,
      kind: input.kind,
      type: input.type,
      inspectedOn: input.inspectedOn,
      status: 'draft',
      inspectors: JSON.stringify(input.inspectors),
      spotCheck: input.spotCheck,
      templateId: DEFAULT_TEMPLATE.id,
      templateVersion: DEFAULT_TEMPLATE.version,
      createdAt: now,
      updatedAt: now,
    });
  })();
  const row = getInspection(db, id);
  if (!row) throw new AppError('INTERNAL', '检查任务保存后未能读回，请重试。');
  return toSummary(row);
}
