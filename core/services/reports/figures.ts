/**
 * `reports/attachment4`, `reports/trace`, `reports/saveText`: 附件4 for a unit and period as the
 * stored records give it now — the numbers (db/repositories/reports.ts), the 清单 composed from
 * the records behind them with the bureau's edits laid over, the charts, the 填表人 lines.
 */
import { ATTACHMENT4_CELLS, caption, type Attachment4Key } from '../../../forms/attachment4';
import { TRACE_KIND } from '../../../forms/attachment4-figures';
import { composeProblemList } from '../../../forms/attachment4-problems';
import { indicatorRates, scoreBandsOf, type Attachment4Charts } from '../../../forms/attachment4-sheet';
import { CITY_UNIT, inspectingUnitName } from '../../../forms/districts';
import {
  attachment4Counts,
  attachment4Trace,
  countedTotals,
  countsByDistrict,
  getReportEdits,
  indicatorSums,
  listReportDocuments,
  problemListRecords,
  putReportEdits,
  traceAgencies,
  traceFindings,
  traceInspections,
  tracePersons,
  type ReportScope,
} from '../../../db/repositories/reports';
import { DISTRICTS } from '../../../forms/districts';
import { AppError } from '../../../lib/errors';
import type { OutputOf, ParsedInputOf } from '../../contract';
import type { Attachment4Report, TraceRow } from '../../contract/reports';
import type { ServiceContext } from '../../context';
import { nowIso } from '../../ids';
import { readProfile } from '../../domain/actor';
import { reportFileName } from './names';

export function scopeOf(input: { unit: ReportScope['unit']; from: string; to: string }): ReportScope {
  return { unit: input.unit, from: input.from, to: input.to };
}

export function chartsOf(ctx: ServiceContext, scope: ReportScope): Attachment4Charts {
  const { db } = ctx.store;
  const byDistrict =
    scope.unit === CITY_UNIT
      ? (() => {
          const rows = new Map(countsByDistrict(db, scope).map((r) => [r.district, r]));
          return DISTRICTS.map((d) => rows.get(d) ?? { district: d, inspectedAgencies: 0, violationAgencies: 0 });
        })()
      : null;
  return { scoreBands: scoreBandsOf(countedTotals(db, scope)), indicatorRates: indicatorRates(indicatorSums(db, scope)), byDistrict };
}

function problemList(ctx: ServiceContext, scope: ReportScope): Attachment4Report['problemList'] {
  const { db } = ctx.store;
  const composed = composeProblemList(problemListRecords(db, scope), scope.unit, scope);
  const edits = getReportEdits(db, scope);
  return composed.map((r, i) => ({
    seq: i + 1,
    agencyId: r.agencyId,
    unitName: r.unitName,
    problem: edits[r.agencyId]?.problem ?? r.problem,
    rectification: edits[r.agencyId]?.rectification ?? r.rectification,
    composedProblem: r.problem,
    composedRectification: r.rectification,
  }));
}

/** The report as the records give it now (not frozen): what the page shows and 报送 signs. */
export function liveReport(ctx: ServiceContext, scope: ReportScope, includeTrace: boolean): Attachment4Report {
  const { db } = ctx.store;
  const profile = readProfile(ctx);
  const unitName = inspectingUnitName(scope.unit);
  return {
    unit: scope.unit,
    unitName,
    from: scope.from,
    to: scope.to,
    counts: attachment4Counts(db, scope),
    problemList: problemList(ctx, scope),
    ...(includeTrace ? { trace: attachment4Trace(db, scope) } : {}),
    charts: chartsOf(ctx, scope),
    filledBy: profile?.name ?? '',
    phone: profile?.phone ?? '',
    filledOn: ctx.today(),
    submitted: listReportDocuments(db, { ...scope, origin: 'own' }).map((d) => ({
      reportId: d.id,
      sha256: d.sha256,
      submittedAt: d.signedAt,
      fileName: reportFileName(unitName, scope),
    })),
  };
}

export function attachment4(input: ParsedInputOf<'reports/attachment4'>, ctx: ServiceContext): OutputOf<'reports/attachment4'> {
  return liveReport(ctx, scopeOf(input), input.includeTrace);
}

const CHECK_LABEL = (v: string) => (v === '否' ? '否' : v === '是' ? '是' : '—');

function rowsOf(ctx: ServiceContext, scope: ReportScope, key: Attachment4Key): TraceRow[] {
  const { db } = ctx.store;
  switch (TRACE_KIND[key]) {
    case 'agency':
      return traceAgencies(db, scope, key).map((a) => ({
        id: a.agencyId,
        agencyId: a.agencyId,
        agencyName: a.agencyName,
        inspectionId: null,
        date: a.filledOn ?? '',
        what: `${a.kind}（${a.district}）`,
        detail: a.filledOn ? `附件2 人员排查清单，填报日期 ${a.filledOn}` : '附件1 自查情况已审核（期间内）',
      }));
    case 'person':
      return tracePersons(db, scope, key).map((p) => ({
        id: p.personId,
        agencyId: p.agencyId,
        agencyName: p.agencyName,
        inspectionId: null,
        date: p.filledOn,
        what: p.certNo ? `${p.name}（${p.certNo}）` : p.name,
        detail: [
          `真实执业：${CHECK_LABEL(p.practising)}`,
          `学历：${CHECK_LABEL(p.education)}`,
          `职称：${CHECK_LABEL(p.title)}`,
          ...(p.disclosureCancelled ? ['已取消执业公示'] : []),
          ...(p.qualificationRevoked ? ['已注销资质'] : []),
        ].join('\u3000'),
      }));
    case 'inspection':
      return traceInspections(db, scope, key).map((i) => ({
        id: i.inspectionId,
        agencyId: i.agencyId,
        agencyName: i.agencyName,
        inspectionId: i.inspectionId,
        date: i.inspectedOn,
        what: `检查记录（第 ${i.revision} 版）`,
        detail: [
          `检查单位：${i.inspectingUnit ? inspectingUnitName(i.inspectingUnit as ReportScope['unit']) : '未记录'}`,
          `现场抽查：${i.spotCheck ? '是' : '否'}`,
          ...(i.total === null ? [] : [`得分 ${i.total}`]),
        ].join('\u3000'),
      }));
    case 'finding':
      return traceFindings(db, scope, key).map((f) => ({
        id: f.findingId,
        agencyId: f.agencyId,
        agencyName: f.agencyName,
        inspectionId: f.inspectionId,
        date: f.inspectedOn,
        what: f.severity,
        detail: [f.description, ...(f.directiveNo ? [`安全监察指令书 ${f.directiveNo}`] : []), ...(f.caseNo ? [`立案处罚 ${f.caseNo}`] : [])].join('；'),
      }));
  }
}

export function trace(input: ParsedInputOf<'reports/trace'>, ctx: ServiceContext): OutputOf<'reports/trace'> {
  const scope = scopeOf(input);
  const cell = ATTACHMENT4_CELLS.find((c) => c.key === input.key);
  return {
    key: input.key,
    caption: cell ? caption(cell) : input.key,
    count: attachment4Counts(ctx.store.db, scope)[input.key],
    rows: rowsOf(ctx, scope, input.key),
  };
}

export function saveText(input: ParsedInputOf<'reports/saveText'>, ctx: ServiceContext): OutputOf<'reports/saveText'> {
  const scope = scopeOf(input);
  return ctx.store.transaction(() => {
    const current = problemList(ctx, scope);
    const row = current.find((r) => r.agencyId === input.agencyId);
    if (!row) {
      throw new AppError('NOT_FOUND', '该机构不在本期清单中（其问题可能已不再计入统计），请刷新报表后再修改。', 'agencyId');
    }
    const edits = getReportEdits(ctx.store.db, scope);
    const entry = { ...edits[input.agencyId] };
    const composed = input.field === 'problem' ? row.composedProblem : row.composedRectification;
    // An emptied or unchanged text follows the records again.
    if (input.text === '' || input.text === composed) delete entry[input.field];
    else entry[input.field] = input.text;
    if (Object.keys(entry).length === 0) delete edits[input.agencyId];
    else edits[input.agencyId] = entry;
    putReportEdits(ctx.store.db, scope, edits, nowIso());
    const saved = problemList(ctx, scope).find((r) => r.agencyId === input.agencyId);
    if (!saved) throw new AppError('INTERNAL', '清单说明保存后未能读回，请重试。');
    return saved;
  });
}
