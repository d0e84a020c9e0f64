/**
 * The signed 附件4 report (docs/attachment4.md): what a unit 报送 to 市局特种处, frozen. One
 * canonical JSON object — the unit, the period, every number, the 清单 as sent, the ids of
 * the records behind every number, who filled it in — signed by the submitting device's key
 * over the canonical JSON of everything but the signature. 市局 verifies it, and whether it
 * trusts the key, before it files it; `ducha report verify FILE` does the same checks.
 *
 * The counts' keys are checked against forms/attachment4.ts by the importer (core/); this
 * room only knows the envelope.
 */
import { z } from 'zod';
import { canonicalJson, sha256Hex } from './canonical';
import { BUNDLE_ALGS, bundleAlgOf, keyAlgOf, type BundleSigner } from './format';
import { keyIdOf, verify } from './keys';
import { parseSafeJson } from './safe-json';

export const REPORT_FORMAT = 'ducha-attachment4-report';
export const REPORT_VERSION = 1;
export const REPORT_FILE_SUFFIX = '.ducha-report.json';
/** A city-wide report with every id behind it stays well under this. */
export const REPORT_MAX_BYTES = 64 * 1024 * 1024;

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const id = z.string().min(1).max(100);
const text = (max: number) => z.string().max(max);

export const reportBodySchema = z.strictObject({
  format: z.literal(REPORT_FORMAT),
  version: z.literal(REPORT_VERSION),
  reportId: z.uuid(),
  /** 市局 or a district (forms/districts.ts). */
  unit: text(20),
  unitName: text(100),
  period: z.strictObject({ from: day, to: day }),
  counts: z.record(text(40), z.number().int().min(0)),
  problemList: z
    .array(z.strictObject({ seq: z.number().int().min(1), agencyId: id, unitName: text(200), problem: text(20_000), rectification: text(20_000) }))
    .max(100_000),
  trace: z.record(text(40), z.array(id).max(2_000_000)),
  /** What the annex charts showed when it was sent. */
  charts: z.strictObject({
    scoreBands: z.array(z.strictObject({ label: text(40), count: z.number().int().min(0) })).max(20),
    indicatorRates: z.array(z.strictObject({ indicator: text(40), rate: z.number().min(0).max(1).nullable() })).max(20),
    byDistrict: z.array(z.strictObject({ district: text(20), inspectedAgencies: z.number().int().min(0), violationAgencies: z.number().int().min(0) })).max(40).nullable(),
  }),
  filledBy: text(50),
  phone: text(40),
  filledOn: z.union([day, z.literal('')]),
  submittedAt: z.iso.datetime(),
  submittedBy: z.strictObject({ name: text(50), badgeNo: text(40), unit: text(100) }),
  signer: z.strictObject({ alg: z.enum(BUNDLE_ALGS), keyId: z.string().regex(/^[0-9a-f]{16}$/), publicKey: text(200) }),
});
export type ReportBody = z.infer<typeof reportBodySchema>;
export const reportSchema = reportBodySchema.extend({ signature: z.string().regex(/^[A-Za-z0-9+/]+={0,2}$/).max(400) });
export type SignedReport = z.infer<typeof reportSchema>;

/** The report file's text (canonical JSON) and the SHA-256 of its signed body. */
export function signReport(body: Omit<ReportBody, 'format' | 'version' | 'signer'>, signer: BundleSigner): { text: string; sha256: string; report: SignedReport } {
  const full = reportBodySchema.parse({
    format: REPORT_FORMAT,
    version: REPORT_VERSION,
    ...body,
    signer: { alg: bundleAlgOf(signer.alg), keyId: signer.keyId, publicKey: signer.publicKey },
  });
  const canonical = canonicalJson(full);
  const signature = Buffer.from(signer.sign(Buffer.from(canonical, 'utf8'))).toString('base64');
  const report = { ...full, signature };
  return { text: canonicalJson(report), sha256: sha256Hex(canonical), report };
}

export type ReportVerifyResult = { ok: true; report: SignedReport; sha256: string } | { ok: false; reason: string };

/** Checks a report file: size, strict JSON, schema, key id, signature. Never throws. Trust is the caller's. */
export function verifyReportText(input: string | Uint8Array): ReportVerifyResult {
  try {
    const parsed = parseSafeJson(input, { maxBytes: REPORT_MAX_BYTES });
    if (!parsed.ok) return { ok: false, reason: `报表文件无法读取：${parsed.reason}请向报送单位索取原文件。` };
    const checked = reportSchema.safeParse(parsed.value);
    if (!checked.success) {
      const where = checked.error.issues[0]?.path.join('.') || '(根)';
      return { ok: false, reason: `这不是督查台的附件4报表文件，或其格式已损坏（字段 ${where} 不正确）。请向报送单位索取原文件。` };
    }
    const { signature, ...body } = checked.data;
    const alg = keyAlgOf(body.signer.alg);
    if (keyIdOf(alg, body.signer.publicKey) !== body.signer.keyId) {
      return { ok: false, reason: '报表所附的公钥与密钥编号不符，文件已被改动，不予采信。' };
    }
    const canonical = canonicalJson(body);
    if (!verify(alg, body.signer.publicKey, Buffer.from(canonical, 'utf8'), Buffer.from(signature, 'base64'))) {
      return { ok: false, reason: '报表签名验证失败：文件在签署后被改动过，不予采信。请向报送单位索取原文件。' };
    }
    return { ok: true, report: checked.data, sha256: sha256Hex(canonical) };
  } catch {
    return { ok: false, reason: '报表文件无法校验（内部错误），不予采信。' };
  }
}
