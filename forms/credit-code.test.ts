import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  CREDIT_CODE_ALPHABET,
  REGISTRATION_DEPARTMENTS,
  creditCodeCheckChar,
  makeCreditCode,
  validateCreditCode,
} from './credit-code';

const ALPHABET = Array.from(CREDIT_CODE_ALPHABET);

/** 17-char prefixes whose department, category and region part are well formed. */
const validPrefix = fc
  .constantFrom(
    ...Object.entries(REGISTRATION_DEPARTMENTS).flatMap(([dept, info]) =>
      Object.keys(info.categories).map((cat) => dept + cat),
    ),
  )
  .chain((head) =>
    fc
      .tuple(
        fc.array(fc.constantFrom(...'0123456789'), { minLength: 6, maxLength: 6 }),
        fc.array(fc.constantFrom(...ALPHABET), { minLength: 9, maxLength: 9 }),
      )
      .map(([region, body]) => head + region.join('') + body.join('')),
  );

function expectFail(code: string, fragment: string): void {
  const r = validateCreditCode(code);
  expect(r.ok, `${code} should be rejected`).toBe(false);
  if (!r.ok) expect(r.message).toContain(fragment);
}

describe('validateCreditCode', () => {
  // Real-world-shaped codes (Shanghai/Beijing/Shenzhen enterprises, a
  // Shanghai public institution); check chars verified by hand computation.
  it.each(['91310000132200821H', '91110000100018267J', '914403001922038216', '91310000607216596U', '12310000425004893E'])(
    'accepts %s',
    (code) => {
      expect(validateCreditCode(code)).toEqual({ ok: true, code });
    },
  );

  it('rejects 91310000132217386Y (check char should be 5) and says what it expected', () => {
    const r = validateCreditCode('91310000132217386Y');
    expect(r).toEqual({ ok: false, message: expect.stringContaining('校验码错误') });
    if (!r.ok) expect(r.message).toContain('应为“5”');
    expect(validateCreditCode('913100001322173865').ok).toBe(true);
  });

  it('normalises whitespace, case and full-width characters typed with a Chinese IME', () => {
    expect(validateCreditCode('  91310000607216596u \n')).toEqual({ ok: true, code: '91310000607216596U' });
    expect(validateCreditCode('\u3000９１３１００００６０７２１６５９６Ｕ')).toEqual({ ok: true, code: '91310000607216596U' });
  });

  it('reports empty input and wrong length', () => {
    expectFail('', '请填写统一社会信用代码');
    expectFail('   ', '请填写统一社会信用代码');
    expectFail('9131000060721659', '应为 18 位，当前为 16 位');
    expectFail('91310000607216596UU', '当前为 19 位');
    // Astral characters count as one character each, not two.
    expectFail('9131000060721659😀', '当前为 17 位');
  });

  it('names the position and the character when the charset is violated', () => {
    expectFail('913100006O7216596U', '第 10 位字符“O”不合法');
    expectFail('913100006O7216596U', '不使用字母 I、O、Z、S、V');
    expectFail('91310000607216596S', '第 18 位字符“S”不合法');
    expectFail('9131000060721659#U', '第 17 位字符“#”不合法');
  });

  it('checks 登记管理部门代码, 机构类别代码 and the digit-only region part', () => {
    expectFail(makeCreditCode('91310000607216596').replace(/^9/, 'B'), '第 1 位登记管理部门代码“B”不存在');
    expectFail('97310000607216596U', '第 2 位机构类别代码“7”不属于登记管理部门“工商”');
    expectFail('Y2310000607216596U', '不属于登记管理部门“其他”');
    expectFail('9131A000607216596U', '第 5 位应为数字');
  });

  it('accepts every department/category pair in the table', () => {
    for (const [dept, info] of Object.entries(REGISTRATION_DEPARTMENTS)) {
      for (const cat of Object.keys(info.categories)) {
        const code = makeCreditCode(`${dept}${cat}310000MA1FL0000`);
        expect(validateCreditCode(code).ok, code).toBe(true);
      }
    }
  });
});

describe('creditCodeCheckChar / makeCreditCode', () => {
  it('computes the check char, mapping 31 to 0', () => {
    expect(creditCodeCheckChar('91310000607216596')).toBe('U');
    expect(creditCodeCheckChar('91440300192203821')).toBe('6');
    // Find a prefix whose sum is ≡ 0 mod 31 (31 − 0 = 31 → '0').
    const prefix = Array.from({ length: 31 }, (_, v) => `9131000060721659${ALPHABET[v]}`).find(
      (p) => creditCodeCheckChar(p) === '0',
    );
    expect(prefix).toBeDefined();
  });

  it('rejects malformed prefixes instead of producing an invalid code', () => {
    expect(() => creditCodeCheckChar('9131000060721659')).toThrow(RangeError);
    expect(() => creditCodeCheckChar('9131000060721659I')).toThrow(/第 17 位/);
    expect(() => makeCreditCode('B1310000607216596')).toThrow(/登记管理部门代码/);
    expect(() => makeCreditCode('913100006072165961')).toThrow(RangeError);
  });

  it('every makeCreditCode output validates and round-trips', () => {
    fc.assert(
      fc.property(validPrefix, (prefix) => {
        const code = makeCreditCode(prefix);
        expect(code.startsWith(prefix)).toBe(true);
        expect(validateCreditCode(code)).toEqual({ ok: true, code });
        expect(validateCreditCode(code.toLowerCase())).toEqual({ ok: true, code });
      }),
      { numRuns: 500 },
    );
  });

  it('any single-character substitution is rejected', () => {
    // Guaranteed by the maths, not luck: weights are non-zero mod 31 and two
    // distinct alphabet values differ by 1..30, so the weighted sum (and hence
    // the expected check char) always changes; changing the check char itself
    // obviously mismatches. Structural checks may reject first — still a reject.
    fc.assert(
      fc.property(validPrefix, fc.integer({ min: 0, max: 17 }), fc.integer({ min: 1, max: 30 }), (prefix, pos, shift) => {
        const chars = Array.from(makeCreditCode(prefix));
        const old = ALPHABET.indexOf(chars[pos] ?? '');
        chars[pos] = ALPHABET[(old + shift) % 31] ?? '';
        const mutated = chars.join('');
        expect(validateCreditCode(mutated).ok, mutated).toBe(false);
      }),
      { numRuns: 2000 },
    );
  });

  it('exhaustively: every substitution at every position of one code is rejected', () => {
    const code = makeCreditCode('91310000607216596');
    for (let pos = 0; pos < 18; pos++) {
      for (const ch of ALPHABET) {
        if (ch === code[pos]) continue;
        const mutated = code.slice(0, pos) + ch + code.slice(pos + 1);
        expect(validateCreditCode(mutated).ok, mutated).toBe(false);
      }
    }
  });

  it('swapping two different adjacent characters among the first 17 is rejected', () => {
    // Weights are 3^i mod 31, so w[i] − w[i+1] ≠ 0 mod 31: transpositions are caught too.
    fc.assert(
      fc.property(validPrefix, fc.integer({ min: 0, max: 15 }), (prefix, pos) => {
        const chars = Array.from(makeCreditCode(prefix));
        const a = chars[pos] ?? '';
        const b = chars[pos + 1] ?? '';
        fc.pre(a !== b);
        chars[pos] = b;
        chars[pos + 1] = a;
        expect(validateCreditCode(chars.join('')).ok).toBe(false);
      }),
      { numRuns: 1000 },
    );
  });
});
