/**
 * Rebuilding an inspection's working copy (item rows, findings, evidence rows,
 * signatures) from a signed snapshot, after proving the rows faithful to it
 * (verify-3-faithful.ts): the snapshot rebuilt from the new rows must be the signed one.
 */
import { AppError } from '../../lib/errors';
import type { ServiceContext } from '../context';
import { buildSnapshot, snapshotTemplate } from '../records/snapshot';
import { templateBodyText } from '../domain/templates';
import { rowsMakeSnapshot, sameJson, snapshotMeta, workingCopyRows } from './verify-3-faithful';
import type { SnapshotRecord } from './payload';
import { bool, insertRows, statements } from '../../db/repositories/import-statements';

export { inspectionColumns } from './verify-3-faithful';

const unfaithful = (what: string) =>
  new AppError(
    'INTEGRITY',
    `${what}的内容无法在本机如实还原（本机评分模板或数据结构与发送方不一致），未导入。请确认双方使用相同版本的督查台后重新导出。`,
  );

export interface ReplaceOptions {
  /** The inspection row was inserted by this import, so there is nothing to clear. */
  fresh?: boolean;
  /**
   * The verifier's worker has already proven these rows faithful with the scoring
   * template of this body text (verify-all.ts). The proof stands for this machine only
   * if its own template for the inspection is that very text; otherwise it runs here.
   */
  provenWith?: string;
}

/**
 * Replaces the working copy (item rows, findings, evidence rows, signatures) with the
 * one of `snap`, after proving that those rows say exactly what the signed snapshot
 * says, with this machine's scoring template and engine. Throws AppError (the caller
 * rolls back) when they would not.
 */
export function replaceWorkingCopy(ctx: ServiceContext, inspectionId: string, snap: SnapshotRecord, what: string, options: ReplaceOptions = {}): void {
  const rows = workingCopyRows(inspectionId, snap);
  const template = snapshotTemplate(ctx, snap.inspection);
  const proven = options.provenWith !== undefined && (template === null || templateBodyText(template) === options.provenWith);
  if (!proven && !rowsMakeSnapshot(template, inspectionId, rows, snap)) throw unfaithful(what);
  const st = statements(ctx.store.db);
  if (!options.fresh) {
    st.deleteEvidence.run(inspectionId);
    st.deleteSignatures.run(inspectionId);
    st.deleteFindings.run(inspectionId);
    st.deleteItems.run(inspectionId);
  }
  insertRows(
    st.insertItems,
    rows.items.map((i) => [i.inspectionId, i.itemNo, i.clauses, i.score, bool(i.notApplicable), i.problem, i.remark, i.updatedAt]),
  );
  for (const f of rows.findings) st.insertFinding.run(f);
  for (const e of rows.evidence) st.insertEvidence.run(e);
  for (const s of rows.signatures) st.insertSignature.run(s);
}

/**
 * Throws unless the rows now STORED for the inspection make exactly the signed snapshot
 * (read back from the database). The import proves the rows before writing them
 * (replaceWorkingCopy); this is the same proof end to end, for tests and diagnostics.
 */
export function assertFaithful(ctx: ServiceContext, inspectionId: string, snap: SnapshotRecord, what: string): void {
  const rebuilt = buildSnapshot(ctx, inspectionId, snapshotMeta(snap));
  if (!sameJson({ ...rebuilt, agency: snap.agency }, snap)) throw unfaithful(what);
}
