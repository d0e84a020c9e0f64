/**
 * The signed bundle texts for a set of collected inspections: one complete bundle, or a
 * records bundle plus evidence-only bundles of at most 20 MB each. Nothing is written and
 * no status changes here: the USB export (export.ts) and the sync outbox (core/sync) both
 * build with this, so a bundle delivered online is exactly what a USB stick would carry.
 */
import { BUNDLE_WARN_BYTES } from '../contract/bundles';
import { buildBundle } from '../../bundle/format';
import { AppError } from '../../lib/errors';
import type { ServiceContext } from '../context';
import { actorOf, readProfile } from '../domain/actor';
import { deviceKey } from '../domain/device-key';
import { newId } from '../ids';
import { collect, evidenceItem, type Blob, type Collected } from './collect';
import type { AppPayload } from './payload';

/** Room left in a part for the header, signature and JSON punctuation. */
const PART_OVERHEAD = 64 * 1024;
const ITEM_OVERHEAD = 200;

/** Greedy packing of evidence files into parts whose bundle stays within the limit. */
export function packEvidence(blobs: Blob[], limit = BUNDLE_WARN_BYTES): Blob[][] {
  const parts: Blob[][] = [];
  let current: Blob[] = [];
  let size = PART_OVERHEAD;
  for (const b of blobs) {
    const itemSize = Math.ceil(b.bytes.length / 3) * 4 + ITEM_OVERHEAD;
    if (current.length > 0 && size + itemSize > limit) {
      parts.push(current);
      current = [];
      size = PART_OVERHEAD;
    }
    current.push(b);
    size += itemSize;
  }
  if (current.length > 0) parts.push(current);
  return parts;
}

/** The estimated file size of a bundle with these records and files. */
export function estimateBytes(c: Collected): number {
  const records = JSON.stringify({ agencies: c.agencies, inspections: c.inspections }).length;
  return records + PART_OVERHEAD + c.blobs.reduce((s, b) => s + Math.ceil(b.bytes.length / 3) * 4 + ITEM_OVERHEAD, 0);
}

export interface BuiltBundle {
  bundleId: string;
  kind: 'complete' | 'records' | 'evidence';
  /** 0 for the complete or records bundle, 1..n for evidence parts. */
  part: number;
  text: string;
}

/** Signs the bundles for what was collected; `split` puts the evidence into parts. */
export function buildBundleTexts(ctx: ServiceContext, c: Collected, split: boolean): BuiltBundle[] {
  const profile = readProfile(ctx);
  if (!profile) throw new AppError('FORBIDDEN', '请先在「设置」中填写本机检查人员信息（姓名、执法证号、单位）：数据包要写明由谁导出。', 'profile');
  const key = deviceKey(ctx);
  const header = { appVersion: ctx.appVersion, inspector: actorOf(profile) };
  const recordsId = newId();
  const records = { agencies: c.agencies, inspections: c.inspections };

  const parts = split ? packEvidence(c.blobs) : [];
  if (parts.length === 0) {
    const payload: AppPayload = { ...records, evidence: c.blobs.map(evidenceItem) };
    return [{ bundleId: recordsId, kind: 'complete', part: 0, text: buildBundle({ header: { ...header, bundleId: recordsId }, payload }, key) }];
  }
  const recordsPayload: AppPayload = { ...records, evidence: [], evidenceParts: { parts: parts.length, sha256: c.blobs.map((b) => b.sha256) } };
  const built: BuiltBundle[] = [{ bundleId: recordsId, kind: 'records', part: 0, text: buildBundle({ header: { ...header, bundleId: recordsId }, payload: recordsPayload }, key) }];
  parts.forEach((part, i) => {
    const bundleId = newId();
    const payload: AppPayload = {
      agencies: [],
      inspections: [],
      evidence: part.map(evidenceItem),
      partOf: { bundleId: recordsId, part: i + 1, parts: parts.length },
    };
    built.push({ bundleId, kind: 'evidence', part: i + 1, text: buildBundle({ header: { ...header, bundleId }, payload }, key) });
  });
  return built;
}

/**
 * The bundles that carry one signed inspection online: a single complete bundle when it
 * fits in 20 MB, else records plus evidence parts. Refuses (in Chinese) an inspection that
 * is not signed or that this machine cannot vouch for, exactly as the export does.
 */
export function buildInspectionBundles(ctx: ServiceContext, inspectionId: string): BuiltBundle[] {
  const c = collect(ctx, [inspectionId]);
  return buildBundleTexts(ctx, c, estimateBytes(c) > BUNDLE_WARN_BYTES);
}
