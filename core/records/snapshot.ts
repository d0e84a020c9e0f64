/**
 * THE canonical snapshot of an inspection, as stored: its rows read from the database
 * and given to the snapshot builder (snapshot-of.ts) with the inspection's scoring
 * template. Signing stores the snapshot's RFC 8785 form and SHA-256 as a revision; the
 * PDF prints that hash, `pdf verify` recomputes it, bundles carry and sign it.
 */
import { canonicalJson, sha256Hex } from '../../bundle/canonical';
import { getAgency } from '../../db/repositories/agencies';
import { listEvidence, listFindings, listSignatures } from '../../db/repositories/lifecycle';
import { listItemRows } from '../../db/repositories/scoring';
import type { ScoringTemplate } from '../../forms/scoring-template';
import type { ServiceContext } from '../context';
import { inspectionTemplate } from '../domain/templates';
import { requireInspection } from './guard';
import { snapshotOf, type Snapshot, type SnapshotMeta, type SnapshotRows } from './snapshot-of';

export { SNAPSHOT_FORMAT, SNAPSHOT_VERSION, snapshotOf, type Snapshot, type SnapshotMeta, type SnapshotRows } from './snapshot-of';

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

/** The scoring template the snapshot of this inspection is made with: its own, for a 附件3 inspection; none for a 考试机构 one. */
export function snapshotTemplate(ctx: ServiceContext, row: Pick<SnapshotRows['inspection'], 'kind' | 'templateId' | 'templateVersion'>): ScoringTemplate | null {
  return row.kind === 'agency' ? inspectionTemplate(ctx, row) : null;
}

export function buildSnapshot(ctx: ServiceContext, inspectionId: string, meta: SnapshotMeta): Snapshot {
  const rows = loadSnapshotRows(ctx, inspectionId);
  return snapshotOf(snapshotTemplate(ctx, rows.inspection), rows, meta);
}

/** Canonical text and its hash: computed here and nowhere else. */
export function sealSnapshot(snapshot: Snapshot): { canonical: string; sha256: string } {
  const canonical = canonicalJson(snapshot);
  return { canonical, sha256: sha256Hex(canonical) };
}
