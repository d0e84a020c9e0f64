import { standingReviews } from '../../../db/repositories/reviews';
import { AppError } from '../../../lib/errors';
import { appendAudit } from '../../audit/chain';
import { currentActor, profileUnit } from '../../domain/actor';
import type { ParsedInputOf } from '../../contract';
import { isLocked, type InspectionStatus, type InspectionSummary } from '../../contract/inspections';
import { frozenItemRows } from '../../records/frozen';
import { getAgency } from '../../../db/repositories/agencies';
import {
  getInspection,
  insertInspection,
  listInspections,
  type InspectionListRow,
} from '../../../db/repositories/inspections';
import { listItemRowsForInspections, type ItemRow } from '../../../db/repositories/scoring';
import type { ServiceContext } from '../../context';
import { newId, nowIso } from '../../ids';
import { NOT_SCORED, summaryTotals, totalsOf, type SummaryTotals } from '../../domain/item-state';
import { defaultTemplateRef, ensureBuiltInTemplate, inspectionTemplate } from '../../domain/templates';

/** 附件3 totals of one inspection; 考试机构 inspections are not scored on 附件3. */
export function inspectionTotals(ctx: ServiceContext, row: InspectionListRow, items: readonly ItemRow[]): SummaryTotals {
  if (row.kind !== 'agency') return NOT_SCORED;
  return summaryTotals(totalsOf(inspectionTemplate(ctx, row), items));
}

export function toSummary(row: InspectionListRow, totals: SummaryTotals): InspectionSummary {
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
    templateId: row.templateId,
    templateVersion: row.templateVersion,
    revision: row.revision,
    amendmentReason: row.amendmentReason,
    ...totals,
  };
}

export function list(input: ParsedInputOf<'inspections/list'>, ctx: ServiceContext): InspectionSummary[] {
  const { db } = ctx.store;
  // Two queries for the whole list (inspections, then all their item rows), not one per row.
  const rows = listInspections(db, input);
  const itemsByInspection = new Map<string, ItemRow[]>();
  for (const item of listItemRowsForInspections(db, input)) {
    const group = itemsByInspection.get(item.inspectionId);
    if (group) group.push(item);
    else itemsByInspection.set(item.inspectionId, [item]);
  }
  const standing = standingReviews(
    db,
    rows.filter((r) => r.revision > 0).map((r) => ({ inspectionId: r.id, revision: r.revision })),
  );
  return rows.map((row) => {
    const summary = toSummary(row, summaryOf(ctx, row, itemsByInspection.get(row.id) ?? []));
    if (row.revision === 0) return summary;
    const decision = standing.get(row.id);
    return decision
      ? { ...summary, reviewState: decision.state as 'accepted' | 'returned', reviewReason: decision.reason }
      : { ...summary, reviewState: 'pending' as const };
  });
}

/**
 * The totals a summary shows: a locked record's from its frozen revision (none when that
 * no longer holds its hash), an editable one's from its working copy.
 */
export function summaryOf(ctx: ServiceContext, row: InspectionListRow, workingRows: readonly ItemRow[]): SummaryTotals {
  if (!isLocked(row.status as InspectionStatus) || row.revision === 0) return inspectionTotals(ctx, row, workingRows);
  const frozen = frozenItemRows(ctx, row);
  return frozen ? inspectionTotals(ctx, row, frozen) : NOT_SCORED;
}

export function create(input: ParsedInputOf<'inspections/create'>, ctx: ServiceContext): InspectionSummary {
  const { db } = ctx.store;
  const id = newId();
  ctx.store.transaction(() => {
    if (!getAgency(db, input.agencyId)) {
      throw new AppError('NOT_FOUND', '所选机构不存在，请先在「机构」中登记该机构。', 'agencyId');
    }
    const now = nowIso();
    ensureBuiltInTemplate(ctx);
    const template = defaultTemplateRef(ctx);
    insertInspection(db, {
      id,
      agencyId: input.agencyId,
      kind: input.kind,
      type: input.type,
      inspectedOn: input.inspectedOn,
      status: 'draft',
      inspectors: JSON.stringify(input.inspectors),
      spotCheck: input.spotCheck,
      templateId: template.id,
      templateVersion: template.version,
      inspectingUnit: profileUnit(ctx),
      createdAt: now,
      updatedAt: now,
    });
    // The audit trail starts with the record itself: who opened it, for whom, scored how.
    appendAudit(ctx.store, id, currentActor(ctx), {
      action: 'inspection.create',
      newValue: { agencyId: input.agencyId, kind: input.kind, type: input.type, inspectedOn: input.inspectedOn, inspectors: input.inspectors, template },
    });
  });
  const row = getInspection(db, id);
  if (!row) throw new AppError('INTERNAL', '检查任务保存后未能读回，请重试。');
  return toSummary(row, inspectionTotals(ctx, row, []));
}
