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
import { buildSnapshot } from '../records/snapshot';
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

export function replaceWorkingCopy(ctx: ServiceContext, inspectionId: string, snap: SnapshotRecord): void {
  const st = statements(ctx.store.sqlite);
  st.deleteEvidence.run(inspectionId);
  st.deleteSignatures.run(inspectionId);
  st.deleteFindings.run(inspectionId);
  st.deleteItems.run(inspectionId);

  const at = snap.signedAt;
  const items =
    snap.inspection.kind === 'agency'
      ? snap.items.map((i) => ({ itemNo: i.no, clauses: JSON.stringify(i.clauses), score: i.score, notApplicable: i.notApplicable, problem: i.problem, remark: i.remark }))
      : (snap.exam ?? []).map((e) => ({ itemNo: e.no, clauses: JSON.stringify([e.result]), score: null, notApplicable: e.result === '不适用', problem: e.problem, remark: '' }));
  for (const i of items) st.insertItem.run({ ...i, inspectionId, notApplicable: bool(i.notApplicable), updatedAt: at });

  const times = steppedTimes(at, snap.findings.length);
  snap.findings.forEach((f, i) => {
    const t = times[i] ?? at;
    st.insertFinding.run({ ...f, inspectionId, createdAt: t, updatedAt: t });
  });
  snap.evidence.forEach((e, i) => {
    st.insertEvidence.run({ ...e, id: orderedId(inspectionId, 'evidence', i, e.sha256), inspectionId, createdAt: at });
  });
  snap.signatures.forEach((s, i) => {
    st.insertSignature.run({ ...s, id: orderedId(inspectionId, 'signature', i, s.imageSha256), inspectionId });
  });
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

/**
 * Throws unless the rows now stored say exactly what the signed snapshot says: the
 * snapshot rebuilt from them by THE snapshot builder (core/records/snapshot.ts) equals
 * the signed one. `snap` was parsed from text already proven canonical (checks.ts), so
 * structural equality here is equality of the canonical texts, without canonicalising
 * again. The agency block is taken from the snapshot: the agency record may have been
 * updated since that revision was signed, which the revision rightly does not reflect.
 */
export function assertFaithful(ctx: ServiceContext, inspectionId: string, snap: SnapshotRecord, what: string): void {
  const rebuilt = buildSnapshot(ctx, inspectionId, {
    revision: snap.revision,
    parentSha256: snap.parentSha256,
    reason: snap.amendmentReason,
    signedAt: snap.signedAt,
    signedBy: snap.signedBy,
  });
  if (!sameJson({ ...rebuilt, agency: snap.agency }, snap)) {
    throw new AppError(
      'INTEGRITY',
      `${what}的内容无法在本机如实还原（本机评分模板或数据结构与发送方不一致），未导入。请确认双方使用相同版本的督查台后重新导出。`,
    );
  }
}
