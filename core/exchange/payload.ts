/**
 * What an app bundle's payload holds (format v1, docs/bundle-format.md), checked
 * strictly before anything is written. bundle/format.ts checks only the envelope
 * (every record has an id); these schemas are the importer's rules for the records.
 */
import { z } from 'zod';
import { ACCEPTANCE } from '../../forms/attachment1';
import { CHECK_VALUES } from '../../forms/attachment2';
import { AGENCY_KINDS } from '../../forms/agency';
import { DISTRICTS } from '../../forms/districts';
import { findingSchema } from '../contract/findings';
import { SIGNER_ROLES } from '../contract/signatures';
import { INSPECTION_KINDS } from '../contract/inspections';

const hex64 = z.string().regex(/^[0-9a-f]{64}$/);
const uuid = z.uuid();
const text = z.string().max(100_000);
const time = z.string().max(40);

export const actorSchema = z.strictObject({ name: text, badgeNo: text, unit: text });
export type ActorRecord = z.infer<typeof actorSchema>;

/**
 * A person as stored (audit actor, signer, sender): members in the order this app writes
 * them itself, not the canonical order they arrive in, so that a received record is
 * stored as the same text as it is on the machine that made it.
 */
export function actorText(a: ActorRecord): string {
  return JSON.stringify({ name: a.name, badgeNo: a.badgeNo, unit: a.unit });
}

export const EVIDENCE_MEDIA_TYPES = ['image/jpeg', 'image/png'] as const;

const certificateRecord = z.strictObject({
  id: uuid,
  orgName: text,
  certNo: text,
  issuer: text,
  issuedOn: time,
  validUntil: time,
  createdAt: time,
  updatedAt: time,
});

const personRecord = z.strictObject({
  id: uuid,
  seq: z.number().int().min(1),
  name: text,
  certNo: text,
  practising: z.enum(CHECK_VALUES),
  education: z.enum(CHECK_VALUES),
  title: z.enum(CHECK_VALUES),
  note: text,
  disclosureCancelled: z.boolean(),
  qualificationRevoked: z.boolean(),
  updatedAt: time,
});

const summaryRecord = z.strictObject({
  totalStaff: z.number().int().min(0).nullable(),
  disclosedCount: z.number().int().min(0).nullable(),
  socialInsuranceCount: z.number().int().min(0).nullable(),
  meetsRequirements: z.enum(['是', '否', '']),
  filledBy: text,
  filledPhone: text,
  filledOn: text,
  updatedAt: time,
});

const selfCheckRecord = z.strictObject({
  key: z.string().max(10),
  problems: text,
  corrections: text,
  acceptance: z.enum([...ACCEPTANCE, '']),
  updatedAt: time,
});

/** An agency with its certificates, 附件2 personnel checklist and 附件1 self-check review. */
export const agencyRecordSchema = z.strictObject({
  id: uuid,
  name: z.string().min(1).max(200),
  address: text,
  creditCode: z.string().min(1).max(40),
  legalRep: text,
  legalRepPhone: text,
  contact: text,
  contactPhone: text,
  district: z.enum(DISTRICTS),
  kind: z.enum(AGENCY_KINDS),
  createdAt: time,
  updatedAt: time,
  certificates: z.array(certificateRecord).max(50),
  personnel: z.strictObject({ summary: summaryRecord.nullable(), persons: z.array(personRecord).max(100_000) }),
  selfCheck: z.array(selfCheckRecord).max(100),
});
export type AgencyRecord = z.infer<typeof agencyRecordSchema>;

export const revisionRecordSchema = z.strictObject({
  number: z.number().int().min(1),
  sha256: hex64,
  parentSha256: hex64.nullable(),
  /** The revision's canonical snapshot text, exactly as signed: its SHA-256 is `sha256`. */
  canonical: z.string().max(50 * 1024 * 1024),
  reason: text,
  signedAt: time,
  signedBy: actorSchema,
});
export type RevisionRecord = z.infer<typeof revisionRecordSchema>;

export const auditRecordSchema = z.strictObject({
  seq: z.number().int().min(1),
  actor: actorSchema,
  at: time,
  action: z.string().max(100),
  path: z.string().max(500),
  // Any JSON value; the bundle's parser has already bounded its depth, and the chain check
  // proves it is what was hashed.
  oldValue: z.unknown(),
  newValue: z.unknown(),
  prevHash: hex64,
  hash: hex64,
});
export type AuditRecord = z.infer<typeof auditRecordSchema>;

/**
 * An inspection: its header fields (for lists; they must agree with the latest
 * revision), every signed revision and the whole audit chain. The working copy is
 * rebuilt from the latest revision on import, so it does not travel separately.
 */
export const inspectionRecordSchema = z.strictObject({
  id: uuid,
  agencyId: uuid,
  kind: z.enum(INSPECTION_KINDS),
  type: z.string().min(1).max(100),
  inspectedOn: z.string().max(20),
  status: z.enum(['signed', 'submitted']),
  submittedAt: time.nullable(),
  createdAt: time,
  updatedAt: time,
  /** The scoring template the inspection was scored with (stored body text). */
  template: z.strictObject({ id: z.string().min(1).max(100), version: z.string().min(1).max(100), name: z.string().max(200), body: z.string().max(1_000_000) }),
  revisions: z.array(revisionRecordSchema).min(1).max(1000),
  audit: z.array(auditRecordSchema).max(1_000_000),
});
export type InspectionRecord = z.infer<typeof inspectionRecordSchema>;

export const evidenceItemSchema = z.strictObject({
  sha256: hex64,
  mediaType: z.enum(EVIDENCE_MEDIA_TYPES),
  base64: z.string(),
});

export const appPayloadSchema = z.strictObject({
  agencies: z.array(agencyRecordSchema),
  inspections: z.array(inspectionRecordSchema),
  evidence: z.array(evidenceItemSchema),
  /** Records bundle of a split export: the evidence travels in `parts` evidence-only bundles. */
  evidenceParts: z.strictObject({ parts: z.number().int().min(1), sha256: z.array(hex64) }).optional(),
  /** Evidence-only bundle of a split export: part `part` of `parts`, belonging to records bundle `bundleId`. */
  partOf: z.strictObject({ bundleId: uuid, part: z.number().int().min(1), parts: z.number().int().min(1) }).optional(),
});
export type AppPayload = z.infer<typeof appPayloadSchema>;

/** The canonical snapshot of a revision (core/records/snapshot.ts), as far as import rebuilds from it. */
export const snapshotSchema = z.strictObject({
  format: z.literal('ducha-inspection'),
  version: z.literal(1),
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
});
export type SnapshotRecord = z.infer<typeof snapshotSchema>;

/** Every file a snapshot refers to: photos, their thumbnails and signature images. */
export function snapshotBlobs(snapshot: SnapshotRecord): string[] {
  return [...snapshot.evidence.flatMap((e) => [e.sha256, e.thumbSha256]), ...snapshot.signatures.map((s) => s.imageSha256)];
}
