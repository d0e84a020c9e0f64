/**
 * The working copy (item rows, findings, evidence rows, signatures) that a signed
 * snapshot makes, and the proof that it is faithful: THE snapshot builder
 * (core/records/snapshot-of.ts) applied to those rows gives the signed snapshot back.
 * Pure, so the verifier's worker thread runs the proof for a large import
 * (verify-all.ts); working-copy.ts writes the rows.
 *
 * Snapshots do not carry the ids of evidence and signature rows (nor row times), so
 * they are derived: a UUID (version 8, "custom") whose first 12 hex digits are the
 * position in the snapshot and the rest a hash of inspection, kind and content. The
 * same revision therefore gives the same ids on every machine, and rows sort back
 * into snapshot order wherever the app orders by id. Finding ids are in the snapshot;
 * their created/updated times are the signing time, one millisecond apart in snapshot
 * order, for the same reason.
 */
import { sha256Hex } from '../../bundle/canonical';
import type { EvidenceRow, FindingRow, SignatureRow } from '../../db/repositories/lifecycle';
import type { ItemRow } from '../../db/repositories/scoring';
import type { ScoringTemplate } from '../../forms/scoring-template';
import { itemRowsOfSnapshot } from '../records/snapshot-items';
import { snapshotOf } from '../records/snapshot-of';
import type { SnapshotRecord } from './payload';

function orderedId(inspectionId: string, kind: string, index: number, content: string): string {
  const h = sha256Hex(`${inspectionId}|${kind}|${index}|${content}`);
  const pos = index.toString(16).padStart(12, '0');
  return `${pos.slice(0, 8)}-${pos.slice(8, 12)}-8${h.slice(0, 3)}-${((parseInt(h.slice(3, 4), 16) & 0x3) | 0x8).toString(16)}${h.slice(4, 7)}-${h.slice(7, 19)}`;
}

/** ISO times one millisecond apart, ending just before `at`, so rows keep snapshot order. */
function steppedTimes(at: string, count: number): string[] {
  const end = Date.parse(at);
  const base = Number.isFinite(end) ? end : 0;
  return Array.from({ length: count }, (_, i) => new Date(base - count + i).toISOString());
}

/** The inspection row's columns that a signed snapshot fixes. */
export function inspectionColumns(s: SnapshotRecord['inspection']) {
  return {
    kind: s.kind,
    type: s.type,
    inspectedOn: s.inspectedOn,
    // Members in the order the app stores them (core/services/inspections.ts), not the canonical order.
    inspectors: JSON.stringify(s.inspectors.map((i) => ({ name: i.name, badgeNo: i.badgeNo }))),
    spotCheck: s.spotCheck,
    templateId: s.templateId,
    templateVersion: s.templateVersion,
    inspectingUnit: s.inspectingUnit ?? null,
  };
}

export interface WorkingCopyRows {
  items: ItemRow[];
  findings: FindingRow[];
  evidence: EvidenceRow[];
  signatures: SignatureRow[];
}

/** The working-copy rows of a signed snapshot, exactly as they are written. */
export function workingCopyRows(inspectionId: string, snap: SnapshotRecord): WorkingCopyRows {
  const at = snap.signedAt;
  const items = itemRowsOfSnapshot(inspectionId, snap);
  const times = steppedTimes(at, snap.findings.length);
  return {
    items,
    findings: snap.findings.map((f, i) => ({ ...f, inspectionId, createdAt: times[i] ?? at, updatedAt: times[i] ?? at })),
    evidence: snap.evidence.map((e, i) => ({ ...e, id: orderedId(inspectionId, 'evidence', i, e.sha256), inspectionId, createdAt: at })),
    signatures: snap.signatures.map((s, i) => ({ ...s, id: orderedId(inspectionId, 'signature', i, s.imageSha256), inspectionId })),
  };
}

/**
 * Structural equality of two JSON values (object key order ignored, as in canonical JSON).
 * Not util.isDeepStrictEqual: that tells -0 from 0, which canonical JSON writes alike.
 */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    return a.every((v, i) => sameJson(v, b[i]));
  }
  if (Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  const rb = b as Record<string, unknown>;
  return ka.every((k) => Object.prototype.hasOwnProperty.call(rb, k) && sameJson((a as Record<string, unknown>)[k], rb[k]));
}

export function snapshotMeta(snap: SnapshotRecord) {
  return { revision: snap.revision, parentSha256: snap.parentSha256, reason: snap.amendmentReason, signedAt: snap.signedAt, signedBy: snap.signedBy };
}

/**
 * True when these rows make exactly the signed snapshot: the snapshot builder applied to
 * them, with `template` (the one the snapshot names; null for a 考试机构 inspection) and
 * the engine recomputing every maximum and total, equals the signed one. `snap` was
 * parsed from text already proven canonical (verify-2-chains.ts), so structural equality here is
 * equality of the canonical texts, without canonicalising again. The agency block is
 * taken from the snapshot: the agency record may have been updated since that revision
 * was signed, which the revision rightly does not reflect.
 */
export function rowsMakeSnapshot(template: ScoringTemplate | null, inspectionId: string, rows: WorkingCopyRows, snap: SnapshotRecord): boolean {
  if (snap.inspection.kind === 'agency' && !template) return false;
  const inspection = { id: inspectionId, ...inspectionColumns(snap.inspection) };
  const rebuilt = snapshotOf(template, { inspection, agency: null, ...rows }, snapshotMeta(snap));
  return sameJson({ ...rebuilt, agency: snap.agency }, snap);
}
