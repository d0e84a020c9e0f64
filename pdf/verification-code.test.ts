import { describe, expect, it } from 'vitest';
import {
  findVerificationCode,
  formatVerificationCode,
  MAX_CODE_LENGTH,
  parseVerificationCode,
  shortHash,
  shortRecordId,
} from './verification-code';

const SHA = 'ab'.repeat(32);
const ID = '0190f3c2-7a1b-7c3d-9e4f-5a6b7c8d9e0f';

describe('verification code', () => {
  it('DUCHA1:<recordId>:<revision>:<sha256> round-trips', () => {
    const code = formatVerificationCode({ recordId: ID, revision: 12, sha256: SHA });
    expect(code).toBe(`DUCHA1:${ID}:12:${SHA}`);
    expect(code.length).toBeLessThanOrEqual(MAX_CODE_LENGTH);
    expect(parseVerificationCode(code)).toEqual({ recordId: ID, revision: 12, sha256: SHA });
  });

  it('prints revision 0 for an unsigned draft', () => {
    expect(parseVerificationCode(formatVerificationCode({ recordId: ID, revision: 0, sha256: SHA }))).toEqual({ recordId: ID, revision: 0, sha256: SHA });
  });

  it('refuses parts that cannot be printed, in Chinese', () => {
    expect(() => formatVerificationCode({ recordId: 'a:b', revision: 1, sha256: SHA })).toThrow(/记录编号/);
    expect(() => formatVerificationCode({ recordId: ID, revision: -1, sha256: SHA })).toThrow(/版本号/);
    expect(() => formatVerificationCode({ recordId: ID, revision: 1.5, sha256: SHA })).toThrow(/版本号/);
    expect(() => formatVerificationCode({ recordId: ID, revision: 1, sha256: SHA.toUpperCase() })).toThrow(/SHA-256/);
  });

  it('parses nothing but a well-formed code', () => {
    for (const bad of [
      '',
      `DUCHA2:${ID}:1:${SHA}`,
      `DUCHA1:${ID}:01:${SHA}`,
      `DUCHA1:${ID}:1:${SHA.slice(1)}`,
      `DUCHA1:${ID}:1:${SHA}:extra`,
      `DUCHA1::1:${SHA}`,
      `DUCHA1:${'x'.repeat(65)}:1:${SHA}`,
      'x'.repeat(100_000),
    ]) {
      expect(parseVerificationCode(bad), bad.slice(0, 40)).toBeNull();
    }
  });

  it('finds the code among other keywords', () => {
    expect(findVerificationCode(`督查台, DUCHA1:${ID}:3:${SHA}; 附件3`)?.revision).toBe(3);
    expect(findVerificationCode('no code here')).toBeNull();
  });

  it('short forms: 16 hex digits in fours, and the random tail of a UUID v7', () => {
    expect(shortHash('3f2a9c1b7d4e0a55' + '0'.repeat(48))).toBe('3F2A-9C1B-7D4E-0A55');
    expect(shortRecordId(ID)).toBe('7C8D9E0F');
  });
});
