/**
 * The import's checks on one bundle file, for a receiver that stores bundles without
 * applying them: the same steps as a USB import (verify-1-read.ts, verify-2-chains.ts,
 * verify-3-faithful.ts), needing no database, with the first failure's Chinese reason.
 * A bundle the receiver accepts is one the bureau's import will not refuse for its
 * content (only for trust, which the bureau decides there).
 */
import { AppError } from '../../lib/errors';
import type { BundleHeader } from '../../bundle/format';
import { templateOfBody } from '../domain/template-body';
import { checkInspection, inspectionLabel } from './verify-2-chains';
import { rowsMakeSnapshot, workingCopyRows } from './verify-3-faithful';
import { readBundle } from './verify-1-read';

/**
 * What the receiver needs to know of each inspection in a bundle to route it and to check
 * review decisions: its latest signed revision, where its agency is registered, and the
 * unit that made it (null for snapshots signed before the unit was recorded).
 */
export interface UploadRecord {
  inspectionId: string;
  revision: number;
  revisionSha256: string;
  agencyDistrict: string;
  inspectingUnit: string | null;
}

export type UploadCheck =
  | {
      ok: true;
      header: BundleHeader;
      inspections: number;
      evidence: number;
      partOf: { bundleId: string; part: number; parts: number } | null;
      records: UploadRecord[];
    }
  | { ok: false; code: string; reason: string };

export function checkBundleUpload(text: string, options: { maxBytes?: number } = {}): UploadCheck {
  const read = readBundle(text, options);
  if (!read.ok) return read;
  const { payload, header } = read.bundle;
  const names = new Map(payload.agencies.map((a) => [a.id, a.name]));
  const districts = new Map(payload.agencies.map((a) => [a.id, a.district as string]));
  const records: UploadRecord[] = [];
  try {
    for (const rec of payload.inspections) {
      const label = inspectionLabel(rec, names.get(rec.agencyId) ?? '');
      const { snapshot, revision } = checkInspection(rec, label).latest;
      const template = snapshot.inspection.kind === 'agency' ? templateOfBody(rec.template.body) : null;
      if (!rowsMakeSnapshot(template, rec.id, workingCopyRows(rec.id, snapshot), snapshot)) {
        return { ok: false, code: 'INTEGRITY', reason: `${label}的记录与其签署快照不一致。请让发送方重新导出。` };
      }
      records.push({
        inspectionId: rec.id,
        revision: revision.number,
        revisionSha256: revision.sha256,
        agencyDistrict: districts.get(rec.agencyId) ?? '',
        inspectingUnit: snapshot.inspection.inspectingUnit ?? null,
      });
    }
  } catch (error) {
    if (error instanceof AppError) return { ok: false, code: error.code, reason: error.message };
    return { ok: false, code: 'INTERNAL', reason: '数据包无法校验（内部错误）。请让发送方重新导出。' };
  }
  return { ok: true, header, inspections: payload.inspections.length, evidence: payload.evidence.length, partOf: payload.partOf ?? null, records };
}
