/**
 * The verification code printed on every document (QR code, text line and PDF metadata):
 *
 *     DUCHA1:<recordId>:<revision>:<sha256hex>
 *
 * `DUCHA1` names the format and its version; the record id is the inspection's UUID (or
 * any id of 1–64 letters, digits, '-' or '_'); the revision is a non-negative integer (0 = unsigned draft); the
 * SHA-256 is the 64 lower-case hex digits of the revision's canonical snapshot. ASCII only,
 * so it survives QR byte mode, PDF literal strings and retyping from paper.
 */

export const CODE_PREFIX = 'DUCHA1';

export interface VerificationCode {
  recordId: string;
  revision: number;
  sha256: string;
}

const RECORD_ID = /^[0-9A-Za-z_-]{1,64}$/;
// 0 names an unsigned working copy (a draft print); 1, 2, … the signed revisions.
const REVISION = /^(0|[1-9][0-9]{0,8})$/;
const SHA256 = /^[0-9a-f]{64}$/;

/** Longest possible code: prefix, 64-char id, 9-digit revision, hash and separators. */
export const MAX_CODE_LENGTH = CODE_PREFIX.length + 1 + 64 + 1 + 9 + 1 + 64;

/** Throws (in Chinese) when the parts cannot form a code: a bug or corrupt record upstream. */
export function formatVerificationCode(code: VerificationCode): string {
  if (!RECORD_ID.test(code.recordId)) {
    throw new RangeError(`记录编号“${code.recordId}”不能用于核验码：只能包含字母、数字、“-”或“_”，最长 64 位`);
  }
  if (!Number.isSafeInteger(code.revision) || !REVISION.test(String(code.revision))) {
    throw new RangeError(`版本号 ${String(code.revision)} 不能用于核验码：应为非负整数`);
  }
  if (!SHA256.test(code.sha256)) {
    throw new RangeError('记录摘要应为 64 位小写十六进制 SHA-256 值，请重新签署后再打印');
  }
  return `${CODE_PREFIX}:${code.recordId}:${code.revision}:${code.sha256}`;
}

/** The code in `text` (exactly, after trimming), or null. Never throws. */
export function parseVerificationCode(text: string): VerificationCode | null {
  const s = text.trim();
  if (s.length > MAX_CODE_LENGTH) return null;
  const parts = s.split(':');
  if (parts.length !== 4) return null;
  const [prefix, recordId, revision, sha256] = parts as [string, string, string, string];
  if (prefix !== CODE_PREFIX || !RECORD_ID.test(recordId) || !REVISION.test(revision) || !SHA256.test(sha256)) {
    return null;
  }
  return { recordId, revision: Number(revision), sha256 };
}

/**
 * The code among the comma/space/semicolon-separated tokens of a metadata string (other
 * tools may append their own keywords), or null when none is valid.
 */
export function findVerificationCode(text: string): VerificationCode | null {
  for (const token of text.split(/[\s,;]+/)) {
    if (token.startsWith(`${CODE_PREFIX}:`)) {
      const code = parseVerificationCode(token);
      if (code !== null) return code;
    }
  }
  return null;
}

/** 16 hex digits of the hash in groups of four, for comparing by eye: "3F2A-9C1B-7D4E-0A55". */
export function shortHash(sha256: string): string {
  return (sha256.slice(0, 16).toUpperCase().match(/.{1,4}/g) ?? []).join('-');
}

/**
 * The record number printed in the footer. UUID v7 starts with a millisecond timestamp, so
 * its head is shared by records made the same minute; the tail is random, so print that.
 */
export function shortRecordId(recordId: string): string {
  const alnum = recordId.replace(/[^0-9A-Za-z]/g, '');
  return alnum.slice(-8).toUpperCase();
}
