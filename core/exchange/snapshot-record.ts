/**
 * A revision's canonical snapshot (core/records/snapshot.ts) as the importer reads it,
 * as far as it rebuilds the working copy from it, and the files it refers to.
 */
import { z } from 'zod';
import { INSPECTING_UNITS } from '../../forms/districts';
import { INSPECTION_KINDS } from '../contract/inspections';
import { findingSchema } from '../contract/findings';
import { SIGNER_ROLES } from '../contract/signatures';
import { actorSchema, time } from './payload-rules';

const hex64 = z.string().regex(/^[0-9a-f]{64}$/);
const uuid = z.uuid();

/** The canonical snapshot of a revision (core/records/snapshot.ts), as far as import rebuilds from it. */
export const snapshotSchema = z.strictObject({
  format: z.literal('ducha-inspection'),
  // Version 2 adds inspection.inspectingUnit; a version 1 snapshot has none.
  version: z.union([z.literal(1), z.literal(2)]),
  inspectionId: uuid,
  revision: z.number().int().min(1),
  parentSha256: hex64.nullable(),
  amendmentReason: z.string(),
  signedAt: time,
  signedBy: actorSchema,
  agency: z
    .strictObject({ id: uuid, name: z.string(), creditCode: z.string(), district: z.string(), kind: z.string(), address: z.string() })
    .nullable(),
  inspection: z.strictObject({
    kind: z.enum(INSPECTION_KINDS),
    type: z.string(),
    inspectedOn: z.string(),
    inspectors: z.array(z.strictObject({ name: z.string(), badgeNo: z.string() })),
    spotCheck: z.boolean(),
    templateId: z.string(),
    templateVersion: z.string(),
    inspectingUnit: z.enum(INSPECTING_UNITS).optional(),
  }),
  exam: z.array(z.strictObject({ no: z.number().int(), title: z.string(), result: z.string().nullable(), problem: z.string() })).nullable(),
  items: z.array(
    z.strictObject({
      no: z.number().int().min(1).max(42),
      max: z.number(),
      clauses: z.array(z.string().nullable()),
      score: z.number().nullable(),
      notApplicable: z.boolean(),
      problem: z.string(),
      remark: z.string(),
    }),
  ),
  totals: z.strictObject({ raw: z.number(), applicableMax: z.number(), rescaled: z.number(), bonus: z.number(), total: z.number() }).nullable(),
  // The snapshot's findings are the contract's, without the row's own bookkeeping.
  findings: z.array(findingSchema.omit({ inspectionId: true, createdAt: true, updatedAt: true }).strict()),
  evidence: z.array(
    z.strictObject({
      sha256: hex64,
      thumbSha256: hex64,
      mediaType: z.string(),
      width: z.number().int(),
      height: z.number().int(),
      bytes: z.number().int(),
      itemNo: z.number().int().nullable(),
      findingId: z.string().nullable(),
      caption: z.string(),
      takenAt: z.string(),
    }),
  ),
  signatures: z.array(
    z.strictObject({ role: z.enum(SIGNER_ROLES), signerName: z.string(), signerDetail: z.string(), imageSha256: hex64, signedAt: z.string() }),
  ),
}).refine((s) => (s.version === 2) === (s.inspection.inspectingUnit !== undefined), {
  error: '检查记录快照的版本与检查单位不符（第 2 版起记录检查单位）',
  path: ['inspection', 'inspectingUnit'],
});
export type SnapshotRecord = z.infer<typeof snapshotSchema>;

/** Every file a snapshot refers to: photos, their thumbnails and signature images. */
export function snapshotBlobs(snapshot: SnapshotRecord): string[] {
  return [...snapshot.evidence.flatMap((e) => [e.sha256, e.thumbSha256]), ...snapshot.signatures.map((s) => s.imageSha256)];
}

