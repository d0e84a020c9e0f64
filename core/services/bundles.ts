/**
 * The `bundles/*` methods (数据交换): each turns its contract input into a call of
 * core/exchange (export, import, trust, quarantine, conflicts) and its answer into the
 * contract's output.
 */
import { listImportLog } from '../../db/repositories/bundles';
import type { OutputOf, ParsedInputOf } from '../contract';
import { BUNDLE_WARN_BYTES, type ImportCounts } from '../contract/bundles';
import type { ServiceContext } from '../context';
import { describeInspection, notExportable } from '../exchange/collect';
import { conflicts as listConflicts, resolveConflict as resolve } from '../exchange/conflicts';
import { estimateBytes, exportBundles } from '../exchange/export';
import { discardQuarantined, importMany, releaseQuarantined, verifyOnly } from '../exchange/import';
import { listQuarantine } from '../exchange/quarantine';
import { trustEnrollment as trustFromEnrollment, trustQuarantinedKey, trustedKeys as listTrusted, untrust } from '../exchange/trust';
import { collect } from '../exchange/collect';
import { requireInspection } from '../records/guard';

export function exportPreview(input: ParsedInputOf<'bundles/exportPreview'>, ctx: ServiceContext): OutputOf<'bundles/exportPreview'> {
  const rows = input.inspectionIds.map((id) => requireInspection(ctx, id, 'inspectionIds'));
  const inspections = rows.map((r) => {
    const why = notExportable(r);
    return { id: r.id, agencyName: r.agencyName, inspectedOn: r.inspectedOn, status: r.status, exportable: why === null, reason: why ? `${describeInspection(r)}${why}` : '' };
  });
  const exportable = inspections.filter((i) => i.exportable).map((i) => i.id);
  const c = exportable.length > 0 ? collect(ctx, exportable) : null;
  const estimatedBytes = c ? estimateBytes(c) : 0;
  return {
    inspections,
    estimatedBytes,
    evidenceFiles: c?.blobs.length ?? 0,
    evidenceBytes: c?.blobs.reduce((s, b) => s + b.bytes.length, 0) ?? 0,
    limitBytes: BUNDLE_WARN_BYTES,
    overLimit: estimatedBytes > BUNDLE_WARN_BYTES,
  };
}

export function exportBundle(input: ParsedInputOf<'bundles/export'>, ctx: ServiceContext): OutputOf<'bundles/export'> {
  return exportBundles(ctx, input);
}

export function exportEml(input: ParsedInputOf<'bundles/exportEml'>, ctx: ServiceContext): OutputOf<'bundles/exportEml'> {
  const { to, ...rest } = input;
  return exportBundles(ctx, rest, { eml: true, ...(to ? { to } : {}) });
}

export function verify(input: ParsedInputOf<'bundles/verify'>, ctx: ServiceContext): OutputOf<'bundles/verify'> {
  return verifyOnly(ctx, input.text);
}

export async function importBundles(input: ParsedInputOf<'bundles/import'>, ctx: ServiceContext): Promise<OutputOf<'bundles/import'>> {
  return { results: await importMany(ctx, input.files, ctx.verifier) };
}

export function imports(_input: ParsedInputOf<'bundles/imports'>, ctx: ServiceContext): OutputOf<'bundles/imports'> {
  return listImportLog(ctx.store.db, 200).map((r) => ({
    id: r.id,
    bundleId: r.bundleId,
    keyId: r.keyId,
    fileName: r.fileName,
    receivedAt: r.receivedAt,
    outcome: r.outcome as OutputOf<'bundles/imports'>[number]['outcome'],
    reason: r.reason,
    counts: JSON.parse(r.counts) as Partial<ImportCounts>,
  }));
}

export function quarantine(_input: ParsedInputOf<'bundles/quarantine'>, ctx: ServiceContext): OutputOf<'bundles/quarantine'> {
  return listQuarantine(ctx);
}

export function releaseQuarantine(input: ParsedInputOf<'bundles/releaseQuarantine'>, ctx: ServiceContext): OutputOf<'bundles/releaseQuarantine'> {
  return releaseQuarantined(ctx, input.bundleId);
}

export function discardQuarantine(input: ParsedInputOf<'bundles/discardQuarantine'>, ctx: ServiceContext): OutputOf<'bundles/discardQuarantine'> {
  discardQuarantined(ctx, input.bundleId);
  return { discarded: true };
}

export function trustKey(input: ParsedInputOf<'bundles/trustKey'>, ctx: ServiceContext): OutputOf<'bundles/trustKey'> {
  return trustQuarantinedKey(ctx, input.keyId);
}

export function trustEnrollment(input: ParsedInputOf<'bundles/trustEnrollment'>, ctx: ServiceContext): OutputOf<'bundles/trustEnrollment'> {
  return trustFromEnrollment(ctx, input.text);
}

export function untrustKey(input: ParsedInputOf<'bundles/untrustKey'>, ctx: ServiceContext): OutputOf<'bundles/untrustKey'> {
  untrust(ctx, input.keyId);
  return { removed: true };
}

export function trustedKeys(_input: ParsedInputOf<'bundles/trustedKeys'>, ctx: ServiceContext): OutputOf<'bundles/trustedKeys'> {
  return listTrusted(ctx);
}

export function conflicts(input: ParsedInputOf<'bundles/conflicts'>, ctx: ServiceContext): OutputOf<'bundles/conflicts'> {
  return listConflicts(ctx, input.includeResolved);
}

export function resolveConflict(input: ParsedInputOf<'bundles/resolveConflict'>, ctx: ServiceContext): OutputOf<'bundles/resolveConflict'> {
  return resolve(ctx, input.id, input.keep);
}

// `export` and `import` are reserved words, so the functions have other names and are
// exported as the methods'.
export { exportBundle as export, importBundles as import };
