/**
 * What an app bundle's payload holds (format v1, docs/bundle-format.md), checked
 * strictly before anything is written. bundle/format.ts checks only the envelope
 * (every record has an id); these schemas are the importer's rules for the records.
 *
 * A record that arrives is held to the rules of one typed in here: each field passes
 * the very schema the screen's input goes through (forms/, core/contract/), and must
 * be what that schema stores — a value the screen would have trimmed, folded to
 * half-width or upper case, or refused was not made by this app. These schemas only
 * check (no transform, default or stripping: payload.test.ts), because the importer
 * hands on the parsed values themselves; the UI schemas, which do transform, are run
 * inside refinements and their output is only compared.
 */
import { z } from 'zod';
import { ACCEPTANCE } from '../../forms/attachment1';
import { CHECK_VALUES, personRowSchema } from '../../forms/attachment2';
import { AGENCY_KINDS } from '../../forms/agency';
import { DISTRICTS } from '../../forms/districts';
import { agencyInputSchema } from '../contract/agencies';
import { dateSchema } from '../contract/common';
import { evidenceContract } from '../contract/evidence';
import { INSPECTION_KINDS, inspectionCreateSchema, inspectionsContract } from '../contract/inspections';
import { summaryInputSchema } from '../contract/personnel';
import { selfCheckItemInputSchema } from '../contract/selfcheck';
import { signaturesContract } from '../contract/signatures';
import { sealSchema } from '../records/seal';
import { asTypedInApp, auditActorSchema, pick, signerSchema, time, unique } from './payload-rules';

const hex64 = z.string().regex(/^[0-9a-f]{64}$/);
const uuid = z.uuid();
const text = z.string().max(100_000);

export { actorSchema, actorText, isStoredTime, type ActorRecord } from './payload-rules';
export { describePayloadIssue } from './payload-issues';
export { snapshotBlobs, snapshotSchema, type SnapshotRecord } from './snapshot-record';

// ---------------------------------------------------------------------------
// Agencies

export const EVIDENCE_MEDIA_TYPES = ['image/jpeg', 'image/png'] as const;

const AGENCY_FIELDS = ['name', 'address', 'creditCode', 'legalRep', 'legalRepPhone', 'contact', 'contactPhone', 'district', 'kind'] as const;
const CERTIFICATE_FIELDS = ['orgName', 'certNo', 'issuer', 'issuedOn', 'validUntil'] as const;
const PERSON_FIELDS = ['name', 'certNo', 'practising', 'education', 'title', 'note', 'disclosureCancelled', 'qualificationRevoked'] as const;
const SUMMARY_FIELDS = [
  'totalStaff',
  'disclosedCount',
  'socialInsuranceCount',
  'meetsRequirements',
  'filledBy',
  'filledPhone',
  'filledOn',
  'resourceRectifiedOn',
  'resourceRectifiedNote',
  'personnelRectifiedOn',
  'personnelRectifiedNote',
] as const;
const SELF_CHECK_FIELDS = ['key', 'problems', 'corrections', 'acceptance'] as const;

const certificateRecord = z.strictObject({
  id: uuid,
  orgName: text,
  certNo: text,
  issuer: text,
  issuedOn: text,
  validUntil: text,
  createdAt: time,
  updatedAt: time,
});

const personRecord = z
  .strictObject({
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
  })
  // 附件2 rows are typed (or imported from a roster) through personRowSchema.
  .superRefine((p, ctx) => {
    asTypedInApp(ctx, personRowSchema, pick(p, PERSON_FIELDS));
  });

const summaryRecord = z.strictObject({
  totalStaff: z.number().int().min(0).nullable(),
  disclosedCount: z.number().int().min(0).nullable(),
  socialInsuranceCount: z.number().int().min(0).nullable(),
  meetsRequirements: z.enum(['是', '否', '']),
  filledBy: text,
  filledPhone: text,
  filledOn: text,
  // Added with the 附件4 report; bundles made before it have none (nothing rectified yet).
  resourceRectifiedOn: text.optional(),
  resourceRectifiedNote: text.optional(),
  personnelRectifiedOn: text.optional(),
  personnelRectifiedNote: text.optional(),
  updatedAt: time,
});

const selfCheckRecord = z
  .strictObject({
    key: z.string().max(10),
    problems: text,
    corrections: text,
    acceptance: z.enum([...ACCEPTANCE, '']),
    updatedAt: time,
  })
  .superRefine((item, ctx) => {
    asTypedInApp(ctx, selfCheckItemInputSchema, pick(item, SELF_CHECK_FIELDS));
  });

/** An agency with its certificates, 附件2 personnel checklist and 附件1 self-check review. */
export const agencyRecordSchema = z
  .strictObject({
    id: uuid,
    name: text,
    address: text,
    creditCode: text,
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
  })
  .superRefine((a, ctx) => {
    // The registry fields and certificates as agencies/save takes them (GB 32100 credit code included).
    asTypedInApp(ctx, agencyInputSchema, { id: a.id, ...pick(a, AGENCY_FIELDS), certificates: a.certificates.map((c) => pick(c, CERTIFICATE_FIELDS)) });
    unique(ctx, a.certificates, (c) => c.id, (i) => ['certificates', i, 'id'], '核准证编号');
    const { summary, persons } = a.personnel;
    if (summary) asTypedInApp(ctx, summaryInputSchema, { agencyId: a.id, ...pick(summary, SUMMARY_FIELDS) }, ['personnel', 'summary']);
    unique(ctx, persons, (p) => p.id, (i) => ['personnel', 'persons', i, 'id'], '人员编号');
    unique(ctx, persons, (p) => p.seq, (i) => ['personnel', 'persons', i, 'seq'], '序号');
    unique(ctx, a.selfCheck, (item) => item.key, (i) => ['selfCheck', i, 'key'], '附件1 项目');
  });
export type AgencyRecord = z.infer<typeof agencyRecordSchema>;

// ---------------------------------------------------------------------------
// Inspections

/** The reason as inspections/amend takes it. */
const amendReasonSchema = z.object({ reason: inspectionsContract['inspections/amend'].input.shape.reason });

export const revisionRecordSchema = z
  .strictObject({
    number: z.number().int().min(1),
    sha256: hex64,
    parentSha256: hex64.nullable(),
    /** The revision's canonical snapshot text, exactly as signed: its SHA-256 is `sha256`. */
    canonical: z.string().max(50 * 1024 * 1024),
    reason: text,
    signedAt: time,
    signedBy: signerSchema,
    /**
     * The signing device's seal over the revision's hash and the audit chain head it was
     * signed after (core/records/seal.ts). Optional here only so that a bundle without one
     * is refused with its own reason (verify-2-chains.ts), not a schema error.
     */
    seal: sealSchema.optional(),
  })
  .superRefine((rev, ctx) => {
    // The first signing has no reason; every later one is signed after an amendment, whose reason is required.
    if (rev.reason !== '') asTypedInApp(ctx, amendReasonSchema, { reason: rev.reason });
  });
export type RevisionRecord = z.infer<typeof revisionRecordSchema>;

/**
 * An audited value as its canonical JSON is long: the chain check canonicalises every
 * entry, and the working copy is stored beside it. The largest change the app records
 * (a finding with its 2000-character texts) is a few KB; 64 KB leaves room without
 * letting one entry carry a file's worth of data.
 */
export const MAX_AUDIT_VALUE_BYTES = 64 * 1024;

/**
 * The UTF-8 length of a value's canonical text. JSON.stringify writes strings and numbers
 * exactly as RFC 8785 does (bundle/canonical.ts) and differs only in member order, so its
 * length is the canonical length without sorting anything.
 */
function jsonBytes(v: unknown): number {
  // Most audited values are a number, a short text or null: no need to serialise those.
  if (v === null || v === undefined || typeof v === 'number' || typeof v === 'boolean') return 8;
  if (typeof v === 'string' && v.length * 3 + 2 <= MAX_AUDIT_VALUE_BYTES) return v.length * 3 + 2;
  return Buffer.byteLength(JSON.stringify(v), 'utf8');
}

export const auditRecordSchema = z
  .strictObject({
    seq: z.number().int().min(1),
    actor: auditActorSchema,
    at: time,
    action: z.string().max(100),
    path: z.string().max(500),
    // Any JSON value; the bundle's parser has already bounded its depth, and the chain check
    // proves it is what was hashed.
    oldValue: z.unknown(),
    newValue: z.unknown(),
    prevHash: hex64,
    hash: hex64,
  })
  .superRefine((e, ctx) => {
    for (const key of ['oldValue', 'newValue'] as const) {
      const bytes = jsonBytes(e[key]);
      if (bytes > MAX_AUDIT_VALUE_BYTES) {
        ctx.addIssue({ code: 'custom', message: `过大（${Math.ceil(bytes / 1024)} KB，上限 ${MAX_AUDIT_VALUE_BYTES / 1024} KB）：督查台记录的任何一次修改都远小于此`, path: [key] });
      }
    }
  });
export type AuditRecord = z.infer<typeof auditRecordSchema>;

/**
 * An inspection: its header fields (for lists; they must agree with the latest
 * revision), every signed revision and the whole audit chain. The working copy is
 * rebuilt from the latest revision on import, so it does not travel separately.
 */
export const inspectionRecordSchema = z
  .strictObject({
    id: uuid,
    agencyId: uuid,
    kind: z.enum(INSPECTION_KINDS),
    // As inspections/create takes them.
    type: inspectionCreateSchema.shape.type,
    inspectedOn: dateSchema,
    status: z.enum(['signed', 'submitted']),
    submittedAt: time.nullable(),
    createdAt: time,
    updatedAt: time,
    /** The scoring template the inspection was scored with (stored body text). */
    template: z.strictObject({ id: z.string().min(1).max(100), version: z.string().min(1).max(100), name: z.string().max(200), body: z.string().max(1_000_000) }),
    revisions: z.array(revisionRecordSchema).min(1).max(1000),
    audit: z.array(auditRecordSchema).max(1_000_000),
  })
  .superRefine((rec, ctx) => {
    // Submitting stamps the time (core/records/submit.ts); a signed record amended after
    // submission keeps its earlier stamp, so only 已提交 requires one.
    if (rec.status === 'submitted' && rec.submittedAt === null) {
      ctx.addIssue({ code: 'custom', message: '状态为已提交，却没有提交时间', path: ['submittedAt'] });
    }
  });
export type InspectionRecord = z.infer<typeof inspectionRecordSchema>;

// ---------------------------------------------------------------------------
// Evidence

const addEvidence = evidenceContract['evidence/add'].input.shape;
const addSignature = signaturesContract['signatures/add'].input.shape;

/** What a file may be by the part it plays in a snapshot: the type and size limit of the screen that adds it. */
const ROLES = {
  photo: { mediaType: 'image/jpeg', base64: addEvidence.imageBase64, label: '照片' },
  thumb: { mediaType: 'image/jpeg', base64: addEvidence.thumbBase64, label: '缩略图' },
  signature: { mediaType: 'image/png', base64: addSignature.pngBase64, label: '签名图片' },
} as const;
type Role = keyof typeof ROLES;

export const evidenceItemSchema = z.strictObject({
  sha256: hex64,
  mediaType: z.enum(EVIDENCE_MEDIA_TYPES),
  // No file the app adds is larger than a photo.
  base64: addEvidence.imageBase64,
});

/** At most this many files in one export's evidence (and so at most this many evidence bundles). */
export const MAX_EVIDENCE_FILES = 100_000;

/**
 * The part each file plays in the bundle's revisions (photo, thumbnail, signature), by
 * hash. Read leniently: a revision whose text is not a valid snapshot is refused by the
 * chain check (verify-2-chains.ts) anyway, before anything is written.
 */
function rolesOf(inspections: readonly InspectionRecord[]): Map<string, Set<Role>> {
  const roles = new Map<string, Set<Role>>();
  const add = (sha: unknown, role: Role) => {
    if (typeof sha !== 'string') return;
    const set = roles.get(sha) ?? new Set<Role>();
    set.add(role);
    roles.set(sha, set);
  };
  for (const rec of inspections) {
    for (const rev of rec.revisions) {
      let snap: { evidence?: unknown; signatures?: unknown };
      try {
        snap = JSON.parse(rev.canonical) as typeof snap;
      } catch {
        continue;
      }
      if (typeof snap !== 'object' || snap === null) continue;
      for (const e of Array.isArray(snap.evidence) ? (snap.evidence as { sha256?: unknown; thumbSha256?: unknown }[]) : []) {
        add(e?.sha256, 'photo');
        add(e?.thumbSha256, 'thumb');
      }
      for (const s of Array.isArray(snap.signatures) ? (snap.signatures as { imageSha256?: unknown }[]) : []) add(s?.imageSha256, 'signature');
    }
  }
  return roles;
}

function checkEvidence(p: { inspections: InspectionRecord[]; evidence: EvidenceItem[]; evidenceParts?: { parts: number; sha256: string[] } | undefined }, ctx: z.RefinementCtx): void {
  unique(ctx, p.evidence, (e) => e.sha256, (i) => ['evidence', i, 'sha256'], '证据文件');
  const roles = rolesOf(p.inspections);
  // Only what a revision of this bundle shows is written to the evidence store.
  p.evidence.forEach((e, i) => {
    const used = roles.get(e.sha256);
    if (!used) {
      ctx.addIssue({ code: 'custom', message: '没有被数据包中任何检查记录的任何版本引用，不能写入证据库', path: ['evidence', i, 'sha256'] });
      return;
    }
    for (const role of used) {
      const rule = ROLES[role];
      if (e.mediaType !== rule.mediaType) {
        ctx.addIssue({ code: 'custom', message: `作为${rule.label}被引用，应为 ${rule.mediaType}，却是 ${e.mediaType}`, path: ['evidence', i, 'mediaType'] });
      }
      const size = rule.base64.safeParse(e.base64);
      if (!size.success) ctx.addIssue({ code: 'custom', message: size.error.issues[0]?.message ?? `${rule.label}不正确`, path: ['evidence', i, 'base64'] });
    }
  });
  const parts = p.evidenceParts;
  if (!parts) return;
  if (p.evidence.length > 0) ctx.addIssue({ code: 'custom', message: '拆分导出的记录数据包不应附带证据文件（证据在各证据数据包中）', path: ['evidence'] });
  unique(ctx, parts.sha256, (sha) => sha, (i) => ['evidenceParts', 'sha256', i], '证据文件');
  parts.sha256.forEach((sha, i) => {
    if (!roles.has(sha)) ctx.addIssue({ code: 'custom', message: '列出的证据文件没有被数据包中任何检查记录引用', path: ['evidenceParts', 'sha256', i] });
  });
  // Every evidence bundle carries at least one file.
  if (parts.parts > parts.sha256.length) {
    ctx.addIssue({ code: 'custom', message: `证据数据包有 ${parts.parts} 个，多于证据文件的数量（${parts.sha256.length}）`, path: ['evidenceParts', 'parts'] });
  }
}

type EvidenceItem = z.infer<typeof evidenceItemSchema>;

export const appPayloadSchema = z
  .strictObject({
    agencies: z.array(agencyRecordSchema),
    inspections: z.array(inspectionRecordSchema),
    evidence: z.array(evidenceItemSchema).max(MAX_EVIDENCE_FILES),
    /** Records bundle of a split export: the evidence travels in `parts` evidence-only bundles. */
    evidenceParts: z
      .strictObject({ parts: z.number().int().min(1).max(MAX_EVIDENCE_FILES), sha256: z.array(hex64).min(1).max(MAX_EVIDENCE_FILES) })
      .optional(),
    /** Evidence-only bundle of a split export: part `part` of `parts`, belonging to records bundle `bundleId`. */
    partOf: z
      .strictObject({ bundleId: uuid, part: z.number().int().min(1).max(MAX_EVIDENCE_FILES), parts: z.number().int().min(1).max(MAX_EVIDENCE_FILES) })
      .optional(),
  })
  .superRefine((p, ctx) => {
    if (!p.partOf) {
      checkEvidence(p, ctx);
      return;
    }
    // An evidence-only bundle: its files are shown by the records bundle it belongs to,
    // which may arrive before or after it.
    const { part, parts } = p.partOf;
    if (part > parts) ctx.addIssue({ code: 'custom', message: `第 ${part} 个证据数据包，但共只有 ${parts} 个`, path: ['partOf', 'part'] });
    if (p.agencies.length > 0 || p.inspections.length > 0) {
      ctx.addIssue({ code: 'custom', message: '证据数据包不应含有机构或检查记录', path: [p.agencies.length > 0 ? 'agencies' : 'inspections'] });
    }
    if (p.evidenceParts) ctx.addIssue({ code: 'custom', message: '证据数据包不应再列出分包', path: ['evidenceParts'] });
    if (p.evidence.length === 0) ctx.addIssue({ code: 'custom', message: '证据数据包中没有证据文件', path: ['evidence'] });
    unique(ctx, p.evidence, (e) => e.sha256, (i) => ['evidence', i, 'sha256'], '证据文件');
  });
export type AppPayload = z.infer<typeof appPayloadSchema>;
