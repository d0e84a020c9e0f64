/**
 * THE canonical snapshot of an inspection, from its rows: everything it says (agency,
 * scores, clauses, findings, evidence hashes, signatures, template version), as one
 * plain object. Pure: given the scoring template, it reads nothing, so an import can
 * apply it to the rows it is about to write, on the verifier's worker thread too
 * (core/exchange/verify-3-faithful.ts). Reading the rows and sealing are in snapshot.ts.
 * Change the shape only with a new `version`.
 */
import type { Actor } from '../audit/chain';
import type { AgencyRow } from '../../db/repositories/agencies';
import type { InspectionRow } from '../../db/repositories/inspections';
import type { EvidenceRow, FindingRow, SignatureRow } from '../../db/repositories/lifecycle';
import type { ItemRow } from '../../db/repositories/scoring';
import type { ScoringTemplate } from '../../forms/scoring-template';
import { examSheet, scoringSheetOf } from '../domain/item-state';

export const SNAPSHOT_FORMAT = 'ducha-inspection';
/**
 * Version 2 records the inspecting unit (inspection.inspectingUnit). An inspection without
 * one (made before profiles named the unit, and never signed since) still makes version 1,
 * so every stored revision rebuilds to exactly what was signed.
 */
export const SNAPSHOT_VERSION = 2;

export interface SnapshotMeta {
  revision: number;
  parentSha256: string | null;
  reason: string;
  signedAt: string;
  signedBy: Actor;
}

/** The stored rows a snapshot is made from. */
export interface SnapshotRows {
  inspection: Pick<InspectionRow, 'id' | 'kind' | 'type' | 'inspectedOn' | 'inspectors' | 'spotCheck' | 'templateId' | 'templateVersion' | 'inspectingUnit'>;
  agency: Pick<AgencyRow, 'id' | 'name' | 'creditCode' | 'district' | 'kind' | 'address'> | null;
  items: readonly ItemRow[];
  findings: readonly FindingRow[];
  evidence: readonly EvidenceRow[];
  signatures: readonly SignatureRow[];
}

/**
 * The snapshot of these rows. `template`: the scoring template the inspection names
 * (templateId, templateVersion); a 附件3 inspection cannot be summed up without it.
 */
export function snapshotOf(template: ScoringTemplate | null, rows: SnapshotRows, meta: SnapshotMeta) {
  const { inspection: row, agency } = rows;
  if (row.kind === 'agency' && !template) throw new Error(`snapshotOf: inspection ${row.id} needs its scoring template`);
  const scoring = row.kind === 'agency' && template ? scoringSheetOf(template, rows.items) : null;
  return {
    format: SNAPSHOT_FORMAT,
    version: row.inspectingUnit ? SNAPSHOT_VERSION : 1,
    inspectionId: row.id,
    revision: meta.revision,
    parentSha256: meta.parentSha256,
    amendmentReason: meta.reason,
    signedAt: meta.signedAt,
    signedBy: meta.signedBy,
    agency: agency
      ? {
          id: agency.id,
          name: agency.name,
          creditCode: agency.creditCode,
          district: agency.district,
          kind: agency.kind,
          address: agency.address,
        }
      : null,
    inspection: {
      kind: row.kind,
      type: row.type,
      inspectedOn: row.inspectedOn,
      inspectors: JSON.parse(row.inspectors) as unknown,
      spotCheck: row.spotCheck,
      templateId: row.templateId,
      templateVersion: row.templateVersion,
      ...(row.inspectingUnit ? { inspectingUnit: row.inspectingUnit } : {}),
    },
    exam: row.kind === 'exam' ? examSheet(rows.items).items.map(({ no, title, result, problem }) => ({ no, title, result, problem })) : null,
    items:
      scoring?.items.map((i) => ({
        no: i.no,
        max: i.max,
        clauses: i.clauses,
        score: i.score,
        notApplicable: i.notApplicable,
        problem: i.problem,
        remark: i.remark,
      })) ?? [],
    totals: scoring
      ? {
          raw: scoring.totals.raw,
          applicableMax: scoring.totals.applicableMax,
          rescaled: scoring.totals.rescaled,
          bonus: scoring.totals.bonus,
          total: scoring.totals.total,
        }
      : null,
    findings: rows.findings.map((f) => ({
      id: f.id,
      itemNo: f.itemNo,
      description: f.description,
      severity: f.severity,
      notifiedOn: f.notifiedOn,
      reportedOn: f.reportedOn,
      directiveNo: f.directiveNo,
      directiveOn: f.directiveOn,
      caseNo: f.caseNo,
      dueOn: f.dueOn,
      rectification: f.rectification,
      closedOn: f.closedOn,
    })),
    evidence: rows.evidence.map((e) => ({
      sha256: e.sha256,
      thumbSha256: e.thumbSha256,
      mediaType: e.mediaType,
      width: e.width,
      height: e.height,
      bytes: e.bytes,
      itemNo: e.itemNo,
      findingId: e.findingId,
      caption: e.caption,
      takenAt: e.takenAt,
    })),
    signatures: rows.signatures.map((s) => ({
      role: s.role,
      signerName: s.signerName,
      signerDetail: s.signerDetail,
      imageSha256: s.imageSha256,
      signedAt: s.signedAt,
    })),
  };
}

export type Snapshot = ReturnType<typeof snapshotOf>;
