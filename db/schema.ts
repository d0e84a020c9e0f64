/**
 * The SQLite schema (drizzle). Every id is a UUID v7 made on the device, so records
 * from several laptops never collide at the bureau; times are UTC ISO strings.
 * Changing this file means generating a migration (`npm run db:generate`) and
 * writing a test for it in db/migrations.test.ts.
 */
import { sql } from 'drizzle-orm';
import type { AgencyKind } from '../forms/agency';
import type { District } from '../forms/districts';
import { sqliteTable, text, integer, index, uniqueIndex, check } from 'drizzle-orm/sqlite-core';

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
    status: text('status').notNull().default('draft'),
    /** JSON array of { name, badgeNo }. */
    inspectors: text('inspectors').notNull().default('[]'),
    spotCheck: integer('spot_check', { mode: 'boolean' }).notNull().default(false),
    ...timestamps,
  },
  (t) => [
    index('inspections_agency_idx').on(t.agencyId),
    index('inspections_date_idx').on(t.inspectedOn),
    check('inspections_status_ck', sql`${t.status} IN ('draft','completed','signed','submitted')`),
    check('inspections_kind_ck', sql`${t.kind} IN ('agency','exam')`),
  ],
);
