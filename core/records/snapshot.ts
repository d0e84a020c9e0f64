/**
 * THE canonical snapshot of an inspection: everything it says (agency, scores,
 * clauses, findings, evidence hashes, signatures, template version), as one
 * plain object. Signing stores its RFC 8785 form and SHA-256 as a revision; the
 * PDF prints that hash, `pdf verify` recomputes it, bundles carry and sign it.
 * Change the shape only with a new `version`.
 */
import { canonicalJson, sha256Hex } from '../../bundle/canonical';
import type { Actor } from '../audit/chain';
import { getAgency, type AgencyRow } from '../../db/repositories/agencies';
import type { InspectionRow } from '../../db/repositories/inspections';
import { listEvidence, listFindings, listSignatures, type EvidenceRow, type FindingRow, type SignatureRow } from '../../db/repositories/lifecycle';
import type { ServiceContext } from '../context';
import { scoringSheet } from '../services/scoring';
import { examSheet } from '../services/exam';
import { listItemRows, type ItemRow } from '../../db/repositories/scoring';
import { requireInspection } from './guard';

export const SNAPSHOT_FORMAT = 'ducha-inspection';
export const SNAPSHOT_VERSION = 1;

export interface SnapshotMeta {
  revision: number;
  parentSha256: string | null;
  reason: string;
  signedAt: string;
  signedBy: Actor;
}

/** The stored rows a snapshot is made from. */
export interface SnapshotRows {
  inspection: Pick<InspectionRow, 'id' | 'kind' | 'type' | 'inspectedOn' | 'inspectors' | 'spotCheck' | 'templateId' | 'templateVersion'>;
  agency: Pick<AgencyRow, 'id' | 'name' | 'creditCode' | 'district' | 'kind' | 'address'> | null;
  items: readonly ItemRow[];
  findings: readonly FindingRow[];
  evidence: readonly EvidenceRow[];
  signatures: readonly SignatureRow[];
}

/** Reads an inspection's rows, in the order the snapshot lists them. */
export function loadSnapshotRows(ctx: ServiceContext, inspectionId: string): SnapshotRows {
  const { db } = ctx.store;
  const row = requireInspection(ctx, inspectionId);
  return {
    inspection: row,
    agency: getAgency(db, row.agencyId) ?? null,
    items: listItemRows(db, inspectionId),
    findings: listFindings(db, inspectionId),
    evidence: listEvidence(db, inspectionId),
    signatures: listSignatures(db, inspectionId),
  };
}

export function buildSnapshot(ctx: ServiceContext, inspectionId: string, meta: SnapshotMeta) {
  return snapshotOf(ctx, loadSnapshotRows(ctx, inspectionId), meta);
}

/**
 * The snapshot of these rows. Reads nothing but the scoring template (cached), so an
 * import can also apply it to the rows it is about to write (core/exchange/working-copy.ts).
 */
export function snapshotOf(ctx: ServiceContext, rows: SnapshotRows, meta: SnapshotMeta) {
  const { inspection: row, agency } = rows;
  const scoring = row.kind === 'agency' ? scoringSheet(ctx, row, rows.items) : null;
  return {
    format: SNAPSHOT_FORMAT,
    version: SNAPSHOT_VERSION,
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

export type Snapshot = ReturnType<typeof buildSnapshot>;

/** Canonical text and its hash: computed here and nowhere else. */
export function sealSnapshot(snapshot: Snapshot): { canonical: string; sha256: string } {
  const canonical = canonicalJson(snapshot);
  return { canonical, sha256: sha256Hex(canonical) };
}
