/**
 * Agency (检验检测机构) and its 特种设备核准证 — field definitions, validation and
 * certificate-expiry status. Field set mirrors the 基本信息 / 取得特种设备核准证情况
 * blocks of 附件1 so a record can fill that table without remapping.
 *
 * Pure module: shared by renderer forms and import/bundle code.
 */
import { z } from 'zod';
import { validateCreditCode } from './credit-code';
import { DISTRICTS } from './districts';

/** The kinds of body the campaign covers (notice 一（一）and 一（四）). */
export const AGENCY_KINDS = ['检验机构', '检测机构', '型式试验机构', '考试机构'] as const;
export type AgencyKind = (typeof AGENCY_KINDS)[number];

export const AGENCY_FIELD_LABELS = {
  name: '法人单位名称',
  address: '单位地址',
  creditCode: '统一社会信用代码',
  legalRep: '法定代表人',
  legalRepPhone: '法定代表人联系电话',
  contact: '联系人',
  contactPhone: '联系电话',
  district: '所在区',
  kind: '机构类别',
} as const;

export const CERTIFICATE_FIELD_LABELS = {
  orgName: '机构名称',
  certNo: '证书编号',
  issuer: '发证机关',
  issuedOn: '发证日期',
  validUntil: '有效日期',
} as const;

/** Both maps under one name so UI code can look up `FIELD_LABELS.agency.name`. */
export const FIELD_LABELS = {
  agency: AGENCY_FIELD_LABELS,
  certificate: CERTIFICATE_FIELD_LABELS,
} as const;

// ---------------------------------------------------------------------------
// Dates

/**
 * Bounds keep typos like 0204-07-01 or 20240-… out; every certificate and
 * inspection the app deals with falls well inside them.
 */
const MIN_YEAR = 1900;
const MAX_YEAR = 2199;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** [y, m, d] for a strict, real calendar date, else null. */
function parseIsoDate(s: string): [number, number, number] | null {
  const m = ISO_DATE.exec(s);
  if (m === null) return null;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (y < MIN_YEAR || y > MAX_YEAR || mo < 1 || mo > 12 || d < 1) return null;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const daysInMonth = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][mo - 1] ?? 0;
  return d <= daysInMonth ? [y, mo, d] : null;
}

/**
 * True for 'YYYY-MM-DD' naming a real date (no 2023-02-29, no 2024-4-1, no
 * time part). Hand-rolled instead of Date.parse/dayjs because both silently
 * roll 02-30 over to March.
 */
export function isIsoDate(s: string): boolean {
  return parseIsoDate(s) !== null;
}

/** Day number in UTC so DST and the host time zone never shift a day. */
function dayNumber(s: string): number {
  const p = parseIsoDate(s);
  if (p === null) throw new RangeError(`日期格式应为 YYYY-MM-DD 的有效日期：“${s}”`);
  return Math.round(Date.UTC(p[0], p[1] - 1, p[2]) / 86_400_000);
}

/** Whole days from `from` to `to` (negative if `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return dayNumber(to) - dayNumber(from);
}

// ---------------------------------------------------------------------------
// Certificate status

export type CertificateLevel = 'ok' | 'expiring90' | 'expiring30' | 'expired';

export interface CertificateStatus {
  level: CertificateLevel;
  /** validUntil − today; 0 on the last valid day, negative once expired. */
  daysLeft: number;
  label: string;
}

/**
 * 有效日期 is the last day the certificate is valid, so on that day it is still
 * valid (剩 0 天) and only the day after is 已过期 1 天. The 30/90 windows are
 * inclusive: exactly 30 days left is already "30 天内".
 */
export function certificateStatus(validUntil: string, today: string): CertificateStatus {
  const daysLeft = daysBetween(today, validUntil);
  if (daysLeft < 0) return { level: 'expired', daysLeft, label: `已过期 ${-daysLeft} 天` };
  if (daysLeft <= 30) return { level: 'expiring30', daysLeft, label: `30 天内到期（剩 ${daysLeft} 天）` };
  if (daysLeft <= 90) return { level: 'expiring90', daysLeft, label: `90 天内到期（剩 ${daysLeft} 天）` };
  return { level: 'ok', daysLeft, label: '有效' };
}

// ---------------------------------------------------------------------------
// Schemas

/** Counted in code points: names may hold characters outside the BMP. */
function codePointLength(s: string): number {
  return Array.from(s).length;
}

function baseText(label: string) {
  return z.string({
    error: (iss) => (iss.input === undefined ? `请填写${label}` : `${label}应为文本`),
  });
}

function requiredText(label: string, max: number) {
  return baseText(label)
    .trim()
    .refine((s) => s !== '', { error: `请填写${label}` })
    .refine((s) => codePointLength(s) <= max, { error: `${label}不能超过 ${max} 个字` });
}

/** Optional fields are stored as '' rather than undefined so forms stay controlled. */
function optionalText(label: string, max: number) {
  return baseText(label)
    .trim()
    .refine((s) => codePointLength(s) <= max, { error: `${label}不能超过 ${max} 个字` })
    .default('');
}

const PHONE_EXTENSION = /(?:转|分机|ext\.?|#)\s*\d{1,6}$/i;

/**
 * Lenient on layout (021-12345678, 138 0000 0000, +86 138…, 62345678转123)
 * because numbers are copied from letterheads in every style; strict on
 * content: only digits and separators, 7–15 digits (local number … E.164 max).
 */
export function isPhone(raw: string): boolean {
  const s = raw.normalize('NFKC').trim().replace(PHONE_EXTENSION, '');
  if (!/^\+?[\d\s\-()]+$/.test(s)) return false;
  const digits = s.replace(/\D/g, '').length;
  return digits >= 7 && digits <= 15;
}

function optionalPhone(label: string) {
  return baseText(label)
    .trim()
    .refine((s) => s === '' || isPhone(s), { error: `${label}格式不正确（例：021-12345678 或 13800000000）` })
    .default('');
}

function isoDate(label: string) {
  return baseText(label)
    .trim()
    .refine((s) => s !== '', { error: `请填写${label}` })
    .refine((s) => s === '' || isIsoDate(s), { error: `${label}应为有效日期，格式 YYYY-MM-DD` });
}

const creditCodeField = baseText(AGENCY_FIELD_LABELS.creditCode).transform((raw, ctx) => {
  const r = validateCreditCode(raw);
  if (r.ok) return r.code;
  // Prefix the field name unless the validator's message already names it.
  const message = r.message.includes('统一社会信用代码') ? r.message : `统一社会信用代码${r.message}`;
  ctx.issues.push({ code: 'custom', message, input: raw });
  return z.NEVER;
});

/**
 * Required: what identifies the agency and routes it to a 区局 (name, code,
 * district, kind) plus address and 法定代表人 from the business licence.
 * Phones and 联系人 may be unknown when an inspector first records an agency
 * offline, so they are optional but checked when present.
 */
export const agencySchema = z.object({
  name: requiredText(AGENCY_FIELD_LABELS.name, 100),
  address: requiredText(AGENCY_FIELD_LABELS.address, 200),
  creditCode: creditCodeField,
  legalRep: requiredText(AGENCY_FIELD_LABELS.legalRep, 50),
  legalRepPhone: optionalPhone(AGENCY_FIELD_LABELS.legalRepPhone),
  contact: optionalText(AGENCY_FIELD_LABELS.contact, 50),
  contactPhone: optionalPhone(AGENCY_FIELD_LABELS.contactPhone),
  district: z.enum(DISTRICTS, { error: `请选择${AGENCY_FIELD_LABELS.district}（上海市各区或临港新片区）` }),
  kind: z.enum(AGENCY_KINDS, { error: `请选择${AGENCY_FIELD_LABELS.kind}（${AGENCY_KINDS.join('、')}）` }),
});

export type Agency = z.output<typeof agencySchema>;
export type AgencyInput = z.input<typeof agencySchema>;

export const certificateSchema = z
  .object({
    orgName: requiredText(CERTIFICATE_FIELD_LABELS.orgName, 100),
    certNo: requiredText(CERTIFICATE_FIELD_LABELS.certNo, 64),
    issuer: requiredText(CERTIFICATE_FIELD_LABELS.issuer, 100),
    issuedOn: isoDate(CERTIFICATE_FIELD_LABELS.issuedOn),
    validUntil: isoDate(CERTIFICATE_FIELD_LABELS.validUntil),
  })
  .refine(
    // Only compare once both are valid dates; otherwise the per-field
    // messages already say what is wrong.
    (c) => !isIsoDate(c.issuedOn) || !isIsoDate(c.validUntil) || c.issuedOn <= c.validUntil,
    { error: '发证日期不能晚于有效日期', path: ['issuedOn'] },
  );

export type Certificate = z.output<typeof certificateSchema>;
export type CertificateInput = z.input<typeof certificateSchema>;
