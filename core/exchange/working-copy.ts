/**
 * Rebuilding an inspection's working copy (item rows, findings, evidence rows,
 * signatures) from a signed snapshot, and proving the rebuild is faithful: the
 * snapshot rebuilt from the new rows must hash to the revision's SHA-256.
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
import { AppError } from '../contract/errors';
import type { ServiceContext } from '../context';
import { buildSnapshot, snapshotOf } from '../records/snapshot';
import type { EvidenceRow, FindingRow, SignatureRow } from '../../db/repositories/lifecycle';
import type { ItemRow } from '../../db/repositories/scoring';
import type { SnapshotRecord } from './payload';
import { bool, statements } from './statements';

export function orderedId(inspectionId: string, kind: string, index: number, content: string): string {
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
    inspectors: JSON.stringify(s.inspectors),
    spotCheck: s.spotCheck,
    templateId: s.templateId,
    templateVersion: s.templateVersion,
  };
}

interface WorkingCopyRows {
  items: ItemRow[];
  findings: FindingRow[];
  evidence: EvidenceRow[];
  signatures: SignatureRow[];
}

/** The working-copy rows of a signed snapshot, exactly as they are written. */
function workingCopyRows(inspectionId: string, snap: SnapshotRecord): WorkingCopyRows {
  const at = snap.signedAt;
  const items: ItemRow[] =
    snap.inspection.kind === 'agency'
      ? snap.items.map((i) => ({ inspectionId, itemNo: i.no, clauses: JSON.stringify(i.clauses), score: i.score, notApplicable: i.notApplicable, problem: i.problem, remark: i.remark, updatedAt: at }))
      : (snap.exam ?? []).map((e) => ({ inspectionId, itemNo: e.no, clauses: JSON.stringify([e.result]), score: null, notApplicable: e.result === '不适用', problem: e.problem, remark: '', updatedAt: at }));
  const times = steppedTimes(at, snap.findings.length);
  return {
    items,
    findings: snap.findings.map((f, i) => ({ ...f, inspectionId, createdAt: times[i] ?? at, updatedAt: times[i] ?? at })),
    evidence: snap.evidence.map((e, i) => ({ ...e, id: orderedId(inspectionId, 'evidence', i, e.sha256), inspectionId, createdAt: at })),
    signatures: snap.signatures.map((s, i) => ({ ...s, id: orderedId(inspectionId, 'signature', i, s.imageSha256), inspectionId })),
  };
}

/**
 * Replaces the working copy (item rows, findings, evidence rows, signatures) with the
 * one of `snap`, after proving that those rows say exactly what the signed snapshot
 * says. `fresh`: the inspection row was inserted by this import, so there is nothing to
 * clear. Throws AppError (the caller rolls back) when they would not.
 */
export function replaceWorkingCopy(ctx: ServiceContext, inspectionId: string, snap: SnapshotRecord, what: string, fresh = false): void {
  const rows = workingCopyRows(inspectionId, snap);
  assertRowsFaithful(ctx, inspectionId, rows, snap, what);
  const st = statements(ctx.store.sqlite);
  if (!fresh) {
    st.deleteEvidence.run(inspectionId);
    st.deleteSignatures.run(inspectionId);
    st.deleteFindings.run(inspectionId);
    st.deleteItems.run(inspectionId);
  }
  for (const i of rows.items) st.insertItem.run({ ...i, notApplicable: bool(i.notApplicable) });
  for (const f of rows.findings) st.insertFinding.run(f);
  for (const e of rows.evidence) st.insertEvidence.run(e);
  for (const s of rows.signatures) st.insertSignature.run(s);
}

/** Structural equality of two JSON values (object key order ignored, as in canonical JSON). */
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

const unfaithful = (what: string) =>
  new AppError(
    'INTEGRITY',
    `${what}的内容无法在本机如实还原（本机评分模板或数据结构与发送方不一致），未导入。请确认双方使用相同版本的督查台后重新导出。`,
  );

function metaOf(snap: SnapshotRecord) {
  return { revision: snap.revision, parentSha256: snap.parentSha256, reason: snap.amendmentReason, signedAt: snap.signedAt, signedBy: snap.signedBy };
}

/**
 * Throws unless these rows, about to be written, make exactly the signed snapshot: THE
 * snapshot builder (core/records/snapshot.ts) applied to them, with this machine's
 * scoring template and engine recomputing every maximum and total, equals the signed
 * one. `snap` was parsed from text already proven canonical (checks.ts), so structural
 * equality here is equality of the canonical texts, without canonicalising again. The
 * agency block is taken from the snapshot: the agency record may have been updated
 * since that revision was signed, which the revision rightly does not reflect. That the
 * rows read back from SQLite as they were written is the store's part, held by the
 * tests with assertFaithful below.
 */
function assertRowsFaithful(ctx: ServiceContext, inspectionId: string, rows: WorkingCopyRows, snap: SnapshotRecord, what: string): void {
  const inspection = { id: inspectionId, ...inspectionColumns(snap.inspection) };
  const rebuilt = snapshotOf(ctx, { inspection, agency: null, ...rows }, metaOf(snap));
  if (!sameJson({ ...rebuilt, agency: snap.agency }, snap)) throw unfaithful(what);
}

/**
 * Throws unless the rows now STORED for the inspection make exactly the signed snapshot
 * (read back from the database). The import checks the rows before writing them
 * (assertRowsFaithful); this is the same proof end to end, for tests and diagnostics.
 */
export function assertFaithful(ctx: ServiceContext, inspectionId: string, snap: SnapshotRecord, what: string): void {
  const rebuilt = buildSnapshot(ctx, inspectionId, metaOf(snap));
  if (!sameJson({ ...rebuilt, agency: snap.agency }, snap)) throw unfaithful(what);
}
