/**
 * The SQLite schema (drizzle). Every id is a UUID v7 made on the device, so records
 * from several laptops never collide at the bureau; times are UTC ISO strings.
 * Changing this file means generating a migration (`npm run db:generate`) and
 * writing a test for it in db/migrations.test.ts.
 */
import { sql } from 'drizzle-orm';
import type { AgencyKind } from '../forms/agency';
import type { District } from '../forms/districts';
import { sqliteTable, text, integer, real, blob, index, uniqueIndex, check, primaryKey } from 'drizzle-orm/sqlite-core';

const timestamps = {
  createdAt: text('created_at').notNull(),
  updatedAt: text('updated_at').notNull(),
};

/** Key/value settings of this installation (inspector profile, chosen template, ...). */
export const settings = sqliteTable('settings', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
  updatedAt: text('updated_at').notNull(),
});

/** 检验检测机构 / 考试机构: the agencies inspectors visit (附件1 基本信息). */
export const agencies = sqliteTable(
  'agencies',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    address: text('address').notNull().default(''),
    creditCode: text('credit_code').notNull(),
    legalRep: text('legal_rep').notNull().default(''),
    legalRepPhone: text('legal_rep_phone').notNull().default(''),
    contact: text('contact').notNull().default(''),
    contactPhone: text('contact_phone').notNull().default(''),
    district: text('district').$type<District>().notNull(),
    kind: text('kind').$type<AgencyKind>().notNull(),
    ...timestamps,
  },
  (t) => [uniqueIndex('agencies_credit_code_uq').on(t.creditCode), index('agencies_name_idx').on(t.name)],
);

/** 特种设备核准证: an agency may hold several approval certificates. */
export const certificates = sqliteTable(
  'certificates',
  {
    id: text('id').primaryKey(),
    agencyId: text('agency_id')
      .notNull()
      .references(() => agencies.id, { onDelete: 'cascade' }),
    orgName: text('org_name').notNull(),
    certNo: text('cert_no').notNull(),
    issuer: text('issuer').notNull(),
    issuedOn: text('issued_on').notNull(),
    validUntil: text('valid_until').notNull(),
    ...timestamps,
  },
  (t) => [index('certificates_agency_idx').on(t.agencyId)],
);

/**
 * An inspection of one agency. `status` follows the lifecycle
 * draft → completed → signed → submitted; the scored content lives in later tables.
 */
export const inspections = sqliteTable(
  'inspections',
  {
    id: text('id').primaryKey(),
    agencyId: text('agency_id')
      .notNull()
      .references(() => agencies.id, { onDelete: 'restrict' }),
    /** 'agency' (scored on 附件3) or 'exam' (考试机构). */
    kind: text('kind').notNull(),
    /** 证后监督检查, 专项监督检查, 日常监督检查, ... */
    type: text('type').notNull(),
    inspectedOn: text('inspected_on').notNull(),
    status: text('status', { enum: ['draft', 'completed', 'signed', 'submitted'] }).notNull().default('draft'),
    /** JSON array of { name, badgeNo }. */
    inspectors: text('inspectors').notNull().default('[]'),
    spotCheck: integer('spot_check', { mode: 'boolean' }).notNull().default(false),
    /** The scoring template this inspection was scored with; kept when the default changes. */
    templateId: text('template_id').notNull().default('sh-2024-317-default'),
    templateVersion: text('template_version').notNull().default('2024.1'),
    /** Number of the last signed revision; 0 while never signed. */
    revision: integer('revision').notNull().default(0),
    /** Reason of the amendment being worked on (a working copy after signing); '' otherwise. */
    amendmentReason: text('amendment_reason').notNull().default(''),
    submittedAt: text('submitted_at'),
    /**
     * The unit that made the inspection (a district in forms/districts.ts, or 市局), taken from
     * the inspector's profile; 附件4 counts an inspection for this unit. Null on inspections made
     * before the profile recorded it.
     */
    inspectingUnit: text('inspecting_unit'),
    ...timestamps,
  },
  (t) => [
    index('inspections_agency_idx').on(t.agencyId),
    index('inspections_date_idx').on(t.inspectedOn),
    check('inspections_status_ck', sql`${t.status} IN ('draft','completed','signed','submitted')`),
    check('inspections_kind_ck', sql`${t.kind} IN ('agency','exam')`),
  ],
);

/**
 * Scoring templates (per-item maxima for 附件3). The built-in default is seeded
 * from forms/scoring-template.ts; a bureau may load others. (id, version) never
 * changes once stored, so old inspections keep the allocation they were scored with.
 */
export const scoringTemplates = sqliteTable(
  'scoring_templates',
  {
    id: text('id').notNull(),
    version: text('version').notNull(),
    name: text('name').notNull(),
    /** JSON of forms' ScoringTemplate. */
    body: text('body').notNull(),
    createdAt: text('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.id, t.version] })],
);

/** One row per scored 附件3 item of an inspection (the working copy). */
export const inspectionItems = sqliteTable(
  'inspection_items',
  {
    inspectionId: text('inspection_id')
      .notNull()
      .references(() => inspections.id, { onDelete: 'cascade' }),
    itemNo: integer('item_no').notNull(),
    /** JSON array of '符合' | '不符合' | '不适用' | null, one per requirement clause. */
    clauses: text('clauses').notNull().default('[]'),
    /** Null until scored; multiples of 0.5 within the template's maximum. */
    score: real('score'),
    notApplicable: integer('not_applicable', { mode: 'boolean' }).notNull().default(false),
    /** 问题记录 */
    problem: text('problem').notNull().default(''),
    /** 备注 */
    remark: text('remark').notNull().default(''),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.inspectionId, t.itemNo] }),
    check('inspection_items_no_ck', sql`${t.itemNo} BETWEEN 1 AND 42`),
  ],
);

/**
 * 附件2 summary block of one agency's personnel checklist, plus who filled it in.
 * The problem counts are never stored: they are computed from `personnel` rows.
 */
export const personnelChecklists = sqliteTable('personnel_checklists', {
  agencyId: text('agency_id')
    .primaryKey()
    .references(() => agencies.id, { onDelete: 'cascade' }),
  /** 1. 特种设备检验检测人员总数 (as reported by the agency) */
  totalStaff: integer('total_staff'),
  /** 2. 办理执业公示的特种设备检验检测人员数量 */
  disclosedCount: integer('disclosed_count'),
  /** 3. 持续缴纳社保的特种设备检验检测人员数量 */
  socialInsuranceCount: integer('social_insurance_count'),
  /** 4. 是否持续满足《核准规则》规定的人员资源条件: '是' | '否' | '' (not yet answered) */
  meetsRequirements: text('meets_requirements').notNull().default(''),
  filledBy: text('filled_by').notNull().default(''),
  filledPhone: text('filled_phone').notNull().default(''),
  filledOn: text('filled_on').notNull().default(''),
  /** 整改完成 of the shortfall in 人员资源条件 (附件4 已整改): date and 说明; '' while open. */
  resourceRectifiedOn: text('resource_rectified_on').notNull().default(''),
  resourceRectifiedNote: text('resource_rectified_note').notNull().default(''),
  /** 整改完成 of the 真实执业/学历/职称 problems found on the roster. */
  personnelRectifiedOn: text('personnel_rectified_on').notNull().default(''),
  personnelRectifiedNote: text('personnel_rectified_note').notNull().default(''),
  updatedAt: text('updated_at').notNull(),
});

/**
 * Earlier 附件2 checklists of an agency. When a checklist gets another 填报日期, the one it
 * replaces is kept here with its roster (a trigger of the migration does it, whichever path
 * writes), so a report over a past period counts the checklist filed then.
 */
export const checklistEditions = sqliteTable(
  'checklist_editions',
  {
    agencyId: text('agency_id')
      .notNull()
      .references(() => agencies.id, { onDelete: 'cascade' }),
    filledOn: text('filled_on').notNull(),
    totalStaff: integer('total_staff'),
    disclosedCount: integer('disclosed_count'),
    socialInsuranceCount: integer('social_insurance_count'),
    meetsRequirements: text('meets_requirements').notNull(),
    filledBy: text('filled_by').notNull(),
    filledPhone: text('filled_phone').notNull(),
    resourceRectifiedOn: text('resource_rectified_on').notNull(),
    resourceRectifiedNote: text('resource_rectified_note').notNull(),
    personnelRectifiedOn: text('personnel_rectified_on').notNull(),
    personnelRectifiedNote: text('personnel_rectified_note').notNull(),
    archivedAt: text('archived_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.agencyId, t.filledOn] })],
);

/** The roster of an earlier checklist, as it stood when that checklist was replaced. */
export const checklistEditionPersons = sqliteTable(
  'checklist_edition_persons',
  {
    agencyId: text('agency_id').notNull(),
    filledOn: text('filled_on').notNull(),
    personId: text('person_id').notNull(),
    seq: integer('seq').notNull(),
    name: text('name').notNull(),
    certNo: text('cert_no').notNull(),
    practising: text('practising').notNull(),
    education: text('education').notNull(),
    title: text('title').notNull(),
    note: text('note').notNull(),
    disclosureCancelled: integer('disclosure_cancelled', { mode: 'boolean' }).notNull(),
    qualificationRevoked: integer('qualification_revoked', { mode: 'boolean' }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.agencyId, t.filledOn, t.personId] }),
    // The 清单 reads only the persons with a problem (most have none), from the index alone.
    index('checklist_edition_persons_problem_idx')
      .on(t.agencyId, t.filledOn, t.personId, t.practising, t.education, t.title, t.disclosureCancelled, t.qualificationRevoked)
      .where(sql`${t.practising} = '否' OR ${t.education} = '否' OR ${t.title} = '否'`),
  ],
);

/** 附件2 (二) 排查清单: one row per certified person of the agency. */
export const personnel = sqliteTable(
  'personnel',
  {
    id: text('id').primaryKey(),
    agencyId: text('agency_id')
      .notNull()
      .references(() => agencies.id, { onDelete: 'cascade' }),
    /** 序号 within the agency's list. */
    seq: integer('seq').notNull(),
    name: text('name').notNull(),
    certNo: text('cert_no').notNull().default(''),
    /** 是否在本单位真实执业: '是' | '否' | '—' */
    practising: text('practising').notNull(),
    /** 初次取证时提交的学历是否真实 */
    education: text('education').notNull(),
    /** 初次取证时提交的职称是否真实 */
    title: text('title').notNull(),
    /** 存在问题及整改情况说明 */
    note: text('note').notNull().default(''),
    /** 已取消执业公示 (counted in 附件4) */
    disclosureCancelled: integer('disclosure_cancelled', { mode: 'boolean' }).notNull().default(false),
    /** 已注销资质 (counted in 附件4) */
    qualificationRevoked: integer('qualification_revoked', { mode: 'boolean' }).notNull().default(false),
    ...timestamps,
  },
  (t) => [
    index('personnel_agency_idx').on(t.agencyId, t.seq),
    // The 清单 reads only the persons with a problem (most have none), from the index alone.
    index('personnel_problem_idx')
      .on(t.agencyId, t.id, t.practising, t.education, t.title, t.disclosureCancelled, t.qualificationRevoked)
      .where(sql`${t.practising} = '否' OR ${t.education} = '否' OR ${t.title} = '否'`),
    check('personnel_practising_ck', sql`${t.practising} IN ('是','否','—')`),
    check('personnel_education_ck', sql`${t.education} IN ('是','否','—')`),
    check('personnel_title_ck', sql`${t.title} IN ('是','否','—')`),
  ],
);

/** 附件1 self-check review: per agency and item, what was found and whether the inspector accepts it. */
export const selfCheckItems = sqliteTable(
  'self_check_items',
  {
    agencyId: text('agency_id')
      .notNull()
      .references(() => agencies.id, { onDelete: 'cascade' }),
    /** forms/attachment1 item key, e.g. '1.1' … '5.1'. */
    itemKey: text('item_key').notNull(),
    /** 发现的问题 */
    problems: text('problems').notNull().default(''),
    /** 自纠情况 */
    corrections: text('corrections').notNull().default(''),
    /** '认可' | '不认可' | '待核实' | '' (not yet reviewed) */
    acceptance: text('acceptance').notNull().default(''),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.agencyId, t.itemKey] })],
);

/**
 * 问题 (findings) raised on an inspection, optionally against one 附件3 item, with
 * the follow-up the notice requires: 书面告知, 报告监管部门, 安全监察指令书, 立案处罚, 整改.
 */
export const findings = sqliteTable(
  'findings',
  {
    id: text('id').primaryKey(),
    inspectionId: text('inspection_id')
      .notNull()
      .references(() => inspections.id, { onDelete: 'cascade' }),
    itemNo: integer('item_no'),
    description: text('description').notNull(),
    /** '一般问题' | '违法违规行为' | '严重事故隐患' */
    severity: text('severity').notNull(),
    /** 书面告知受检单位 date */
    notifiedOn: text('notified_on'),
    /** 报告监管部门 date */
    reportedOn: text('reported_on'),
    /** 安全监察指令书 number and date */
    directiveNo: text('directive_no').notNull().default(''),
    directiveOn: text('directive_on'),
    /** 立案处罚 case number */
    caseNo: text('case_no').notNull().default(''),
    /** 整改期限 */
    dueOn: text('due_on'),
    /** 整改情况 */
    rectification: text('rectification').notNull().default(''),
    closedOn: text('closed_on'),
    ...timestamps,
  },
  (t) => [
    index('findings_inspection_idx').on(t.inspectionId),
    check('findings_severity_ck', sql`${t.severity} IN ('一般问题','违法违规行为','严重事故隐患')`),
  ],
);

/** Photo evidence, stored by SHA-256 in the data folder (evidence/ab/<sha>.jpg + thumbnail). */
export const evidence = sqliteTable(
  'evidence',
  {
    id: text('id').primaryKey(),
    inspectionId: text('inspection_id')
      .notNull()
      .references(() => inspections.id, { onDelete: 'cascade' }),
    itemNo: integer('item_no'),
    findingId: text('finding_id').references(() => findings.id, { onDelete: 'set null' }),
    sha256: text('sha256').notNull(),
    thumbSha256: text('thumb_sha256').notNull(),
    mediaType: text('media_type').notNull(),
    width: integer('width').notNull(),
    height: integer('height').notNull(),
    bytes: integer('bytes').notNull(),
    caption: text('caption').notNull().default(''),
    takenAt: text('taken_at').notNull(),
    createdAt: text('created_at').notNull(),
  },
  (t) => [index('evidence_inspection_idx').on(t.inspectionId)],
);

/** On-screen signatures of the inspectors and the agency's representative. */
export const signatures = sqliteTable(
  'signatures',
  {
    id: text('id').primaryKey(),
    inspectionId: text('inspection_id')
      .notNull()
      .references(() => inspections.id, { onDelete: 'cascade' }),
    /** 'inspector' | 'agency' */
    role: text('role').notNull(),
    signerName: text('signer_name').notNull(),
    /** Badge number for inspectors, position for the agency's representative. */
    signerDetail: text('signer_detail').notNull().default(''),
    /** SHA-256 of the PNG; the PNG itself is stored beside the evidence files. */
    imageSha256: text('image_sha256').notNull(),
    signedAt: text('signed_at').notNull(),
  },
  (t) => [
    index('signatures_inspection_idx').on(t.inspectionId),
    check('signatures_role_ck', sql`${t.role} IN ('inspector','agency')`),
  ],
);

/**
 * Signed revisions: the canonical JSON (RFC 8785) of everything the inspection
 * said when it was signed, its SHA-256, and the hash of the revision it amends.
 * Never updated or deleted by the app.
 */
export const revisions = sqliteTable(
  'revisions',
  {
    inspectionId: text('inspection_id')
      .notNull()
      .references(() => inspections.id, { onDelete: 'restrict' }),
    number: integer('number').notNull(),
    sha256: text('sha256').notNull(),
    parentSha256: text('parent_sha256'),
    canonical: text('canonical').notNull(),
    reason: text('reason').notNull().default(''),
    signedAt: text('signed_at').notNull(),
    /** JSON of the inspector profile who signed it off. */
    signedBy: text('signed_by').notNull(),
    /**
     * JSON of the signing device's seal (core/records/seal.ts): its key's signature over the
     * revision's hash and the audit chain head it was signed after. Null only for revisions
     * signed before seals existed, which verification reports as unsealed.
     */
    seal: text('seal'),
  },
  (t) => [primaryKey({ columns: [t.inspectionId, t.number] }), uniqueIndex('revisions_sha_uq').on(t.sha256)],
);

/**
 * The audit trail: a hash chain per inspection. Each entry stores the hash of the
 * one before it and its own hash over the canonical JSON of its fields, so an
 * edit made behind the app's back breaks the chain at that entry.
 */
export const auditLog = sqliteTable(
  'audit_log',
  {
    inspectionId: text('inspection_id').notNull(),
    seq: integer('seq').notNull(),
    /** JSON { name, badgeNo, unit } of the inspector profile. */
    actor: text('actor').notNull(),
    at: text('at').notNull(),
    action: text('action').notNull(),
    path: text('path').notNull().default(''),
    /** JSON of the old and new values (null when none). */
    oldValue: text('old_value'),
    newValue: text('new_value'),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [primaryKey({ columns: [t.inspectionId, t.seq] })],
);

/**
 * Device keys this installation trusts: a bundle signed by a key not listed
 * here (and not this device's own) waits in quarantine until a person trusts the key,
 * normally from the inspector's enrollment request after comparing the fingerprint.
 */
export const trustedKeys = sqliteTable(
  'trusted_keys',
  {
    keyId: text('key_id').primaryKey(),
    /** 'ed25519' | 'sm2-sm3', as in the bundle header. */
    alg: text('alg').notNull(),
    publicKey: text('public_key').notNull(),
    fingerprint: text('fingerprint').notNull(),
    /** The inspector named in the enrollment request or the bundle header. */
    inspectorName: text('inspector_name').notNull(),
    inspectorBadgeNo: text('inspector_badge_no').notNull(),
    inspectorUnit: text('inspector_unit').notNull(),
    /** 'enrollment' (from a signed enrollment request) | 'bundle' (confirmed from a quarantined bundle). */
    source: text('source').notNull(),
    trustedAt: text('trusted_at').notNull(),
    /** JSON { name, badgeNo, unit } of the person who trusted it. */
    trustedBy: text('trusted_by').notNull(),
  },
  (t) => [
    check('trusted_keys_alg_ck', sql`${t.alg} IN ('ed25519','sm2-sm3')`),
    check('trusted_keys_source_ck', sql`${t.source} IN ('enrollment','bundle')`),
  ],
);

/**
 * Every bundle file offered for import and what became of it. A refused file adds
 * only its row here (so the bureau can see that a damaged or forged file arrived);
 * it changes nothing else.
 */
export const bundleImports = sqliteTable(
  'bundle_imports',
  {
    id: text('id').primaryKey(),
    /** From the header; null when the file could not be read that far. */
    bundleId: text('bundle_id'),
    /** SHA-256 of the canonical payload, to tell a true duplicate from a reused id. */
    payloadSha256: text('payload_sha256'),
    keyId: text('key_id'),
    fileName: text('file_name').notNull(),
    receivedAt: text('received_at').notNull(),
    /** 'imported' | 'duplicate' | 'quarantined' | 'refused' */
    outcome: text('outcome').notNull(),
    reason: text('reason').notNull().default(''),
    /** JSON of what was added or changed (agencies, inspections, revisions, conflicts, audit entries, files). */
    counts: text('counts').notNull().default('{}'),
  },
  (t) => [
    index('bundle_imports_bundle_idx').on(t.bundleId),
    index('bundle_imports_received_idx').on(t.receivedAt),
    check('bundle_imports_outcome_ck', sql`${t.outcome} IN ('imported','duplicate','quarantined','refused')`),
  ],
);

/**
 * Valid bundles from keys nobody has trusted yet. The file itself is kept, byte for
 * byte, in the data folder as quarantine/<bundleId>.ducha.json; releasing it imports
 * that file, discarding it deletes it.
 */
export const quarantine = sqliteTable(
  'quarantine',
  {
    bundleId: text('bundle_id').primaryKey(),
    keyId: text('key_id').notNull(),
    alg: text('alg').notNull(),
    publicKey: text('public_key').notNull(),
    fingerprint: text('fingerprint').notNull(),
    /** JSON { name, badgeNo, unit } from the (signed) header. */
    inspector: text('inspector').notNull(),
    fileName: text('file_name').notNull(),
    /** Path of the kept file, relative to the data folder. */
    storedFile: text('stored_file').notNull(),
    bytes: integer('bytes').notNull(),
    /** JSON [{ agencyName, inspectedOn }] of the inspections inside, for the list. */
    summary: text('summary').notNull().default('[]'),
    reason: text('reason').notNull(),
    receivedAt: text('received_at').notNull(),
    /** 'held' | 'released' | 'discarded' */
    status: text('status').notNull().default('held'),
    closedAt: text('closed_at'),
    /** JSON actor who released or discarded it. */
    closedBy: text('closed_by'),
  },
  (t) => [
    index('quarantine_key_idx').on(t.keyId),
    check('quarantine_status_ck', sql`${t.status} IN ('held','released','discarded')`),
  ],
);

/**
 * An incoming signed revision that does not follow this installation's latest one
 * (two revisions claiming the same parent, or a record amended here meanwhile). Both
 * are kept: ours stays current until a person resolves the conflict.
 */
export const revisionConflicts = sqliteTable(
  'revision_conflicts',
  {
    id: text('id').primaryKey(),
    inspectionId: text('inspection_id')
      .notNull()
      .references(() => inspections.id, { onDelete: 'restrict' }),
    /** The incoming revision as signed: its own number, hash, parent and canonical text. */
    number: integer('number').notNull(),
    sha256: text('sha256').notNull(),
    parentSha256: text('parent_sha256'),
    canonical: text('canonical').notNull(),
    reason: text('reason').notNull().default(''),
    signedAt: text('signed_at').notNull(),
    signedBy: text('signed_by').notNull(),
    /** The incoming revision's seal (JSON), kept so that adopting it keeps it sealed. */
    seal: text('seal'),
    /** Why it could not simply be appended. */
    cause: text('cause').notNull(),
    /** The sender's audit entries from where they part from ours (JSON array). */
    incomingAudit: text('incoming_audit').notNull().default('[]'),
    fromBundleId: text('from_bundle_id').notNull(),
    detectedAt: text('detected_at').notNull(),
    resolvedAt: text('resolved_at'),
    /** JSON actor who resolved it. */
    resolvedBy: text('resolved_by'),
    /** 'local' (ours kept) | 'incoming' (theirs adopted as the newest revision) */
    resolution: text('resolution'),
  },
  (t) => [
    uniqueIndex('revision_conflicts_sha_uq').on(t.inspectionId, t.sha256),
    index('revision_conflicts_open_idx').on(t.resolvedAt),
    check('revision_conflicts_resolution_ck', sql`${t.resolution} IS NULL OR ${t.resolution} IN ('local','incoming')`),
  ],
);

/**
 * The outbox of online sync: one row per bundle of a signed revision waiting to reach the
 * bureau's receiver (part 0 the records or complete bundle, 1..n its evidence parts). The
 * bundle is built when the revision is signed and its exact bytes kept until a verified
 * receipt names them; then only the receipt stays. A row without a bundle (one enqueued by
 * the migration, or whose build failed) is built by the sender.
 */
export const syncOutbox = sqliteTable(
  'sync_outbox',
  {
    seq: integer('seq').primaryKey({ autoIncrement: true }),
    inspectionId: text('inspection_id')
      .notNull()
      .references(() => inspections.id, { onDelete: 'restrict' }),
    revision: integer('revision').notNull(),
    part: integer('part').notNull(),
    bundleId: text('bundle_id').unique('sync_outbox_bundle_uq'),
    /** The bundle file's exact bytes; null before it is built and once a receipt is stored. */
    body: blob('body', { mode: 'buffer' }),
    sha256: text('sha256'),
    bytes: integer('bytes'),
    /** 'queued' (to send, or to resend after a failure) | 'held' (the receiver keeps it until the device is approved) | 'delivered' */
    state: text('state', { enum: ['queued', 'held', 'delivered'] }).notNull().default('queued'),
    attempts: integer('attempts').notNull().default(0),
    /** Null: due now. */
    nextAttemptAt: text('next_attempt_at'),
    /** Why the last attempt failed (Chinese); null after a success. */
    lastError: text('last_error'),
    /** JSON of the verified receipt. */
    receipt: text('receipt'),
    /** The receiver's time on the receipt. */
    receivedAt: text('received_at'),
    deliveredAt: text('delivered_at'),
    enqueuedAt: text('enqueued_at').notNull(),
  },
  (t) => [
    uniqueIndex('sync_outbox_revision_part_uq').on(t.inspectionId, t.revision, t.part),
    index('sync_outbox_state_idx').on(t.state, t.nextAttemptAt),
    check('sync_outbox_state_ck', sql`${t.state} IN ('queued','held','delivered')`),
    check('sync_outbox_part_ck', sql`${t.part} >= 0 AND ${t.revision} >= 1`),
  ],
);

/**
 * The bureau's receiver this laptop syncs with (at most one row, id 1): what its connection
 * file said, pinned when the inspector confirmed the fingerprint, and what the receiver last
 * said of this device. No row: the app makes no network request at all.
 */
export const syncConnection = sqliteTable(
  'sync_connection',
  {
    id: integer('id').primaryKey(),
    name: text('name').notNull(),
    /** JSON array of base URLs, tried in order. */
    urls: text('urls').notNull(),
    /** 'ed25519' | 'sm2-sm3' */
    alg: text('alg').notNull(),
    keyId: text('key_id').notNull(),
    publicKey: text('public_key').notNull(),
    fingerprint: text('fingerprint').notNull(),
    /** PEM of the receiver's self-signed TLS certificate, trusted for its https:// addresses. */
    tlsCertificate: text('tls_certificate'),
    connectedAt: text('connected_at').notNull(),
    /** 'unknown' (not enrolled yet) | 'pending' | 'approved' | 'revoked' */
    deviceState: text('device_state', { enum: ['unknown', 'pending', 'approved', 'revoked'] }).notNull().default('unknown'),
    deviceMessage: text('device_message'),
    /** The device key the state is about: another key (the algorithm was changed) enrolls anew. */
    deviceKeyId: text('device_key_id'),
    lastContactAt: text('last_contact_at'),
    lastError: text('last_error'),
    /** A desk's place in the receiver's feed: the arrival number of the last bundle imported. */
    feedCursor: integer('feed_cursor').notNull().default(0),
    /** The decision number of the last review decision read from the receiver. */
    reviewsCursor: integer('reviews_cursor').notNull().default(0),
    lastPullAt: text('last_pull_at'),
  },
  (t) => [
    check('sync_connection_one_ck', sql`${t.id} = 1`),
    check('sync_connection_alg_ck', sql`${t.alg} IN ('ed25519','sm2-sm3')`),
    check('sync_connection_state_ck', sql`${t.deviceState} IN ('unknown','pending','approved','revoked')`),
  ],
);

/**
 * Review decisions (bundle/review.ts) about signed revisions: on a desk, the ones it made
 * (`origin` 'own', posted to the receiver until `postedAt`) and those of other desks in its
 * scope; on a laptop, those about its inspections. The signed document is kept as received:
 * it is the proof; the columns are what the lists read.
 */
export const reviews = sqliteTable(
  'reviews',
  {
    reviewId: text('review_id').primaryKey(),
    inspectionId: text('inspection_id').notNull(),
    revision: integer('revision').notNull(),
    revisionSha256: text('revision_sha256').notNull(),
    /** 'accepted' | 'returned' */
    state: text('state').notNull(),
    reason: text('reason').notNull(),
    decidedAt: text('decided_at').notNull(),
    reviewerName: text('reviewer_name').notNull(),
    reviewerBadgeNo: text('reviewer_badge_no').notNull(),
    reviewUnit: text('review_unit').notNull(),
    deskKeyId: text('desk_key_id').notNull(),
    /** The signed decision (canonical JSON). */
    document: text('document').notNull(),
    /** 'own' (made here) | 'received' (from the receiver) */
    origin: text('origin').notNull(),
    /** When the receiver acknowledged an own decision; null while it waits to be posted. */
    postedAt: text('posted_at'),
    storedAt: text('stored_at').notNull(),
  },
  (t) => [
    index('reviews_inspection_idx').on(t.inspectionId, t.revision, t.decidedAt),
    index('reviews_unposted_idx').on(t.origin, t.postedAt),
    check('reviews_state_ck', sql`${t.state} IN ('accepted','returned')`),
    check('reviews_origin_ck', sql`${t.origin} IN ('own','received')`),
  ],
);

/**
 * What 附件4 counts of each inspection, from its LATEST signed revision (never the working
 * copy, never a draft). Triggers of the migration fill these tables from the revision's
 * canonical snapshot whenever a revision is stored — by signing, import or adopting a
 * conflicting revision — so they cannot drift from the signed record.
 */
export const reportInspections = sqliteTable(
  'report_inspections',
  {
    inspectionId: text('inspection_id')
      .primaryKey()
      .references(() => inspections.id, { onDelete: 'cascade' }),
    revision: integer('revision').notNull(),
    sha256: text('sha256').notNull(),
    agencyId: text('agency_id').notNull(),
    /** 'agency' | 'exam' (考试机构) */
    kind: text('kind').notNull(),
    inspectedOn: text('inspected_on').notNull(),
    /** As signed; null for revisions signed before the snapshot recorded it. */
    inspectingUnit: text('inspecting_unit'),
    spotCheck: integer('spot_check', { mode: 'boolean' }).notNull(),
    /** 附件3 total score; null for a 考试机构 inspection. */
    total: real('total'),
  },
  (t) => [
    index('report_inspections_date_idx').on(t.inspectedOn),
    index('report_inspections_unit_idx').on(t.inspectingUnit, t.inspectedOn),
    // The 清单 reads each listed agency's inspections; without it that is a scan per agency.
    index('report_inspections_agency_idx').on(t.agencyId, t.inspectedOn),
  ],
);

/** The findings of each inspection's latest signed revision. */
export const reportFindings = sqliteTable(
  'report_findings',
  {
    inspectionId: text('inspection_id')
      .notNull()
      .references(() => reportInspections.inspectionId, { onDelete: 'cascade' }),
    findingId: text('finding_id').notNull(),
    severity: text('severity').notNull(),
    description: text('description').notNull(),
    directiveNo: text('directive_no').notNull(),
    caseNo: text('case_no').notNull(),
    rectification: text('rectification').notNull(),
    closedOn: text('closed_on'),
  },
  (t) => [primaryKey({ columns: [t.inspectionId, t.findingId] })],
);

/** Score and applicable maximum per 一级指标 (forms/attachment3.ts order, 0-based) of each latest revision. */
export const reportIndicatorScores = sqliteTable(
  'report_indicator_scores',
  {
    inspectionId: text('inspection_id')
      .notNull()
      .references(() => reportInspections.inspectionId, { onDelete: 'cascade' }),
    indicator: integer('indicator').notNull(),
    score: real('score').notNull(),
    max: real('max').notNull(),
  },
  (t) => [primaryKey({ columns: [t.inspectionId, t.indicator] })],
);

/**
 * The 附件4 person counts of each roster — the current one (`edition` '') and each kept
 * edition (its 填报日期) — kept by triggers on `personnel` and `checklist_edition_persons`,
 * so a city-wide report sums one row per agency instead of reading half a million persons.
 */
export const reportRosterCounts = sqliteTable(
  'report_roster_counts',
  {
    agencyId: text('agency_id').notNull(),
    edition: text('edition').notNull(),
    persons: integer('persons').notNull(),
    practisingProblems: integer('practising_problems').notNull(),
    educationProblems: integer('education_problems').notNull(),
    titleProblems: integer('title_problems').notNull(),
    disclosureCancelled: integer('disclosure_cancelled').notNull(),
    educationRevoked: integer('education_revoked').notNull(),
    titleRevoked: integer('title_revoked').notNull(),
    /** Persons with 否 in any of the three. */
    problemPersons: integer('problem_persons').notNull(),
  },
  (t) => [primaryKey({ columns: [t.agencyId, t.edition] })],
);

/** 附件3 item → 一级指标, seeded by the migration from forms/attachment3.ts (a test holds them equal). */
export const reportItemIndicators = sqliteTable('report_item_indicators', {
  itemNo: integer('item_no').primaryKey(),
  indicator: integer('indicator').notNull(),
});

/**
 * A 附件4 report being prepared: the 清单 texts the bureau edited and the 填表人 lines, per
 * unit and period, kept until it is 报送.
 */
export const reportDrafts = sqliteTable(
  'report_drafts',
  {
    unit: text('unit').notNull(),
    periodFrom: text('period_from').notNull(),
    periodTo: text('period_to').notNull(),
    /** JSON { [agencyId]: { problem?, rectification? } } */
    edits: text('edits').notNull().default('{}'),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.unit, t.periodFrom, t.periodTo] })],
);

/**
 * Signed 附件4 reports: those this installation 报送 ('own') and those it received from other
 * units ('received'). `document` is the signed file's exact text.
 */
export const reportDocuments = sqliteTable(
  'report_documents',
  {
    id: text('id').primaryKey(),
    origin: text('origin', { enum: ['own', 'received'] }).notNull(),
    unit: text('unit').notNull(),
    periodFrom: text('period_from').notNull(),
    periodTo: text('period_to').notNull(),
    sha256: text('sha256').notNull(),
    keyId: text('key_id').notNull(),
    signedAt: text('signed_at').notNull(),
    document: text('document').notNull(),
    storedAt: text('stored_at').notNull(),
  },
  (t) => [
    index('report_documents_unit_idx').on(t.unit, t.periodFrom, t.periodTo),
    check('report_documents_origin_ck', sql`${t.origin} IN ('own','received')`),
  ],
);
