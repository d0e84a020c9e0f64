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
import { AGENCY_FIELD_LABELS, AGENCY_KINDS, CERTIFICATE_FIELD_LABELS } from '../../forms/agency';
import { DISTRICTS } from '../../forms/districts';
import { agencyInputSchema } from '../contract/agencies';
import { dateSchema } from '../contract/common';
import { evidenceContract } from '../contract/evidence';
import { findingSchema } from '../contract/findings';
import { INSPECTION_KINDS, inspectionCreateSchema, inspectionsContract } from '../contract/inspections';
import { summaryInputSchema } from '../contract/personnel';
import { profileSchema } from '../contract/profile';
import { selfCheckItemInputSchema } from '../contract/selfcheck';
import { SIGNER_ROLES, signaturesContract } from '../contract/signatures';
import { UNKNOWN_ACTOR } from '../domain/actor';
import { sealSchema } from '../records/seal';

const hex64 = z.string().regex(/^[0-9a-f]{64}$/);
const uuid = z.uuid();
const text = z.string().max(100_000);

// ---------------------------------------------------------------------------
// Times

const STORED_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * A time as this app stores it (core/ids.ts nowIso: Date#toISOString, UTC, milliseconds).
 * The importer decides which record is newer by comparing these texts, which orders
 * them rightly only in this one form: "~~~~" or "2026-11-27T10:00Z" would sort wrongly
 * against every real time and freeze the record where it is.
 */
export function isStoredTime(s: string): boolean {
  // Every audit entry carries one, so the calendar is checked by hand: the same verdict as
  // `new Date(s).toISOString() === s` (a property test holds them together) at a fraction
  // of its cost.
  if (!STORED_TIME.test(s)) return false;
  const n = (at: number, len: number): number => {
    let v = 0;
    for (let i = at; i < at + len; i++) v = v * 10 + (s.charCodeAt(i) - 48);
    return v;
  };
  const y = n(0, 4);
  const mo = n(5, 2);
  const d = n(8, 2);
  if (mo < 1 || mo > 12 || d < 1 || n(11, 2) > 23 || n(14, 2) > 59 || n(17, 2) > 59) return false;
  const leap = y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
  return d <= (mo === 2 && leap ? 29 : (DAYS_IN_MONTH[mo - 1] as number));
}

const time = z.string().refine(isStoredTime, { error: '应为督查台记录的时间（协调世界时，例如 2026-11-27T02:30:00.000Z）' });

// ---------------------------------------------------------------------------
// Held to the screen's rules

/** Shown value in a message: long text is cut. */
function shown(v: unknown): string {
  const s = typeof v === 'string' ? v : JSON.stringify(v) ?? String(v);
  const chars = [...s];
  return chars.length > 40 ? `${chars.slice(0, 40).join('')}…` : s;
}

/** Where `output` differs from `input`: the schema stores blank optional text as absent, which counts as ''. */
function differences(input: unknown, output: unknown, at: PropertyKey[], out: PropertyKey[][]): void {
  if (Array.isArray(input) && Array.isArray(output)) {
    input.forEach((v, i) => differences(v, output[i], [...at, i], out));
    return;
  }
  if (typeof input === 'object' && input !== null && typeof output === 'object' && output !== null) {
    for (const [k, v] of Object.entries(input)) differences(v, (output as Record<string, unknown>)[k], [...at, k], out);
    return;
  }
  if ((output === undefined ? '' : output) !== input) out.push(at);
}

function valueAt(v: unknown, at: PropertyKey[]): unknown {
  return at.reduce<unknown>((o, k) => (typeof o === 'object' && o !== null ? (o as Record<PropertyKey, unknown>)[k] : undefined), v);
}

/**
 * Checks `input` with a schema the screen's input goes through: its issues are reported
 * as they are (the screen's own Chinese, under `at`), and where it accepts the input but
 * would store something else, that field is reported with the value it would store.
 * True when the input is exactly what the screen would have stored.
 */
function asTypedInApp(ctx: z.RefinementCtx, schema: z.ZodType, input: Record<string, unknown>, at: PropertyKey[] = []): boolean {
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) ctx.addIssue({ code: 'custom', message: issue.message, path: [...at, ...issue.path] });
    return false;
  }
  const found: PropertyKey[][] = [];
  differences(input, parsed.data, [], found);
  for (const where of found) {
    const stored = valueAt(parsed.data, where);
    ctx.addIssue({
      code: 'custom',
      message: `不是督查台保存的写法（督查台会保存为“${shown(stored ?? '')}”，例如去掉首尾空格、改为半角或大写），不是在本程序中填写的数据`,
      path: [...at, ...where],
    });
  }
  return found.length === 0;
}

function pick<T extends object, K extends keyof T>(o: T, keys: readonly K[]): Pick<T, K> {
  return Object.fromEntries(keys.map((k) => [k, o[k]])) as Pick<T, K>;
}

function unique<T>(ctx: z.RefinementCtx, items: readonly T[], keyOf: (t: T) => unknown, at: (i: number) => PropertyKey[], what: string): void {
  const seen = new Set<unknown>();
  items.forEach((item, i) => {
    const key = keyOf(item);
    if (seen.has(key)) ctx.addIssue({ code: 'custom', message: `${what}“${shown(key)}”重复出现`, path: at(i) });
    seen.add(key);
  });
}

// ---------------------------------------------------------------------------
// People

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

function isUnknownActor(a: ActorRecord): boolean {
  return a.name === UNKNOWN_ACTOR.name && a.badgeNo === UNKNOWN_ACTOR.badgeNo && a.unit === UNKNOWN_ACTOR.unit;
}

/**
 * People already found to be a profile as saved here. A bureau's bundles name the same
 * few inspectors in every audit entry and revision, so each is checked once.
 */
const savedProfiles = new Set<string>();

/** The person as the inspector profile (profile/save) stores one. */
function asSavedProfile(a: ActorRecord, ctx: z.RefinementCtx): void {
  const key = `${a.name}\u0000${a.badgeNo}\u0000${a.unit}`;
  if (savedProfiles.has(key)) return;
  if (asTypedInApp(ctx, profileSchema, a)) {
    if (savedProfiles.size > 1000) savedProfiles.clear();
    savedProfiles.add(key);
  }
}

/** Whoever signs has saved the inspector profile (inspections/sign requires it). */
const signerSchema = actorSchema.superRefine(asSavedProfile);

/** An audited change is made by the profile's inspector, or by the stand-in before one is set. */
const auditActorSchema = actorSchema.superRefine((a, ctx) => {
  if (!isUnknownActor(a)) asSavedProfile(a, ctx);
});

// ---------------------------------------------------------------------------
// Agencies

export const EVIDENCE_MEDIA_TYPES = ['image/jpeg', 'image/png'] as const;

const AGENCY_FIELDS = ['name', 'address', 'creditCode', 'legalRep', 'legalRepPhone', 'contact', 'contactPhone', 'district', 'kind'] as const;
const CERTIFICATE_FIELDS = ['orgName', 'certNo', 'issuer', 'issuedOn', 'validUntil'] as const;
const PERSON_FIELDS = ['name', 'certNo', 'practising', 'education', 'title', 'note', 'disclosureCancelled', 'qualificationRevoked'] as const;
const SUMMARY_FIELDS = ['totalStaff', 'disclosedCount', 'socialInsuranceCount', 'meetsRequirements', 'filledBy', 'filledPhone', 'filledOn'] as const;
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

// ---------------------------------------------------------------------------
// Saying what is wrong

const FIELD_LABELS: Record<string, string> = {
  ...AGENCY_FIELD_LABELS,
  ...CERTIFICATE_FIELD_LABELS,
  id: '编号',
  createdAt: '创建时间',
  updatedAt: '修改时间',
  submittedAt: '提交时间',
  signedAt: '签署时间',
  signedBy: '签署人',
  at: '操作时间',
  actor: '操作人',
  badgeNo: '执法证号',
  unit: '所在单位',
  seq: '序号',
  note: '存在问题及整改情况说明',
  practising: '是否在本单位真实执业',
  education: '学历是否真实',
  title: '职称是否真实',
  totalStaff: '特种设备检验检测人员总数',
  disclosedCount: '办理执业公示的人员数量',
  socialInsuranceCount: '持续缴纳社保的人员数量',
  meetsRequirements: '是否持续满足人员资源条件',
  filledBy: '填表人姓名',
  filledPhone: '联系电话',
  filledOn: '填报日期',
  key: '项目',
  problems: '发现的问题',
  corrections: '自纠情况',
  acceptance: '检查意见',
  type: '检查类型',
  inspectedOn: '检查日期',
  status: '状态',
  reason: '更改理由',
  oldValue: '修改前的值',
  newValue: '修改后的值',
  sha256: 'SHA-256',
  mediaType: '文件类型',
  base64: '文件内容',
  parts: '证据数据包个数',
  part: '证据数据包序号',
  certificates: '核准证',
  persons: '排查清单',
  selfCheck: '附件1 自查自纠',
  revisions: '签署版本',
  audit: '操作日志',
  evidence: '证据文件',
  agencies: '机构',
  inspections: '检查记录',
};

/** Fields whose name means another thing inside some records: a person's name is not the agency's. */
const LABELS_WITHIN: Record<string, Record<string, string>> = {
  actor: { name: '姓名' },
  signedBy: { name: '姓名' },
  persons: { name: '姓名', certNo: '证书编号' },
  template: { id: '模板编号', version: '模板版本', name: '模板名称', body: '模板内容' },
};

function labelOf(parent: string | undefined, field: string): string {
  return (parent === undefined ? undefined : LABELS_WITHIN[parent]?.[field]) ?? FIELD_LABELS[field] ?? field;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const at = (v: unknown, k: PropertyKey): unknown => (typeof v === 'object' && v !== null ? (v as Record<PropertyKey, unknown>)[k] : undefined);

/** The record a path of the payload points into, in words: 机构「…」的第 2 张核准证, 「… 2026-11-27」的检查第 1 版. */
function recordAt(payload: unknown, path: readonly PropertyKey[]): string {
  const [section, index, sub, subIndex, subSub] = path;
  const n = typeof index === 'number' ? index + 1 : 0;
  if (section === 'agencies' && typeof index === 'number') {
    const agency = at(at(payload, 'agencies'), index);
    const name = str(at(agency, 'name'));
    let where = name ? `机构「${shown(name)}」` : `第 ${n} 个机构`;
    if (sub === 'certificates' && typeof subIndex === 'number') where += `的第 ${subIndex + 1} 张核准证`;
    if (sub === 'personnel' && subIndex === 'summary') where += '的附件2 自查情况汇总';
    if (sub === 'personnel' && subIndex === 'persons' && typeof subSub === 'number') where += `的附件2 排查清单第 ${subSub + 1} 人`;
    if (sub === 'selfCheck' && typeof subIndex === 'number') where += `的附件1 第 ${subIndex + 1} 项`;
    return where;
  }
  if (section === 'inspections' && typeof index === 'number') {
    const rec = at(at(payload, 'inspections'), index);
    const agencies = at(payload, 'agencies');
    const agency = Array.isArray(agencies) ? agencies.find((a) => at(a, 'id') === at(rec, 'agencyId')) : undefined;
    let where = `「${shown(str(at(agency, 'name')) ?? '')} ${shown(str(at(rec, 'inspectedOn')) ?? '')}」的检查（数据包中第 ${n} 项检查）`;
    if (sub === 'revisions' && typeof subIndex === 'number') {
      const number = at(at(at(rec, 'revisions'), subIndex), 'number');
      where += `第 ${typeof number === 'number' ? number : subIndex + 1} 版`;
    }
    if (sub === 'audit' && typeof subIndex === 'number') where += `的操作日志第 ${subIndex + 1} 条`;
    if (sub === 'template') where += '附带的评分模板';
    return where;
  }
  if (section === 'evidence' && typeof index === 'number') {
    const sha = str(at(at(at(payload, 'evidence'), index), 'sha256'));
    return `数据包中的第 ${n} 个证据文件${sha ? `（SHA-256 ${sha.slice(0, 16)}…）` : ''}`;
  }
  if (section === 'evidenceParts') return '证据分包清单';
  if (section === 'partOf') return '证据数据包的分包信息';
  return '数据包内容';
}

/**
 * A payload issue as the bureau reads it: which record, which field, what is wrong, and
 * the field's path in the file (for whoever looks at it). For readBundle's refusal.
 */
export function describePayloadIssue(payload: unknown, issue: z.core.$ZodIssue): string {
  const where = `payload${issue.path.map((k) => `.${String(k)}`).join('')}`;
  const named = issue.path.filter((k): k is string => typeof k === 'string');
  // A path ending in an index points at a record (or a list entry) itself, not at one of its fields.
  const last = issue.path.at(-1);
  const field = typeof last === 'string' ? last : undefined;
  const record = recordAt(payload, issue.path);
  const label = field === undefined ? undefined : labelOf(named.at(-2), field);
  const message = issue.code === 'unrecognized_keys' ? `含有格式 v1 之外的字段（${issue.keys.join('、')}）` : issue.message;
  const what = !label || message.startsWith(label) ? `${record}：${message}` : `${record}的${label}：${message}`;
  return `${what}（字段 ${where}）`;
}
