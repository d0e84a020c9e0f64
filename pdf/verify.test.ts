import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { sampleNotice, sampleRecord, SAMPLE_SHA256 } from '../test/support/pdf-fixtures';
import { buildNotice } from './notice';
import { renderPdf } from './render';
import { MAX_PDF_BYTES, readVerificationCode } from './verify';

const ID = '0190f3c2-7a1b-7c3d-9e4f-5a6b7c8d9e0f';
const CODE = `DUCHA1:${ID}:4:${SAMPLE_SHA256}`;
const EXPECTED = { recordId: ID, revision: 4, sha256: SAMPLE_SHA256 };

/** A minimal classic PDF whose Info dictionary holds `keywords` (already PDF-encoded). */
function classic(keywords: string, extra = ''): Buffer {
  return Buffer.from(
    `%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\n7 0 obj\n<< /Producer (test) /Keywords ${keywords} >>\nendobj\n${extra}` +
      'xref\n0 1\n0000000000 65535 f \ntrailer\n<< /Size 8 /Root 1 0 R /Info 7 0 R >>\nstartxref\n0\n%%EOF\n',
    'latin1',
  );
}

function utf16beHex(s: string): string {
  const le = Buffer.from(s, 'utf16le');
  le.swap16();
  return `<FEFF${le.toString('hex').toUpperCase()}>`;
}

describe('readVerificationCode', () => {
  let rendered: Buffer;
  beforeAll(async () => {
    rendered = await renderPdf(buildNotice(sampleNotice(sampleRecord({ revision: 4, amended: true }))).definition);
  }, 60_000); // rendering a whole document on a busy CI machine can take a few seconds

  it('reads back what the renderer wrote', () => {
    expect(readVerificationCode(rendered)).toEqual(EXPECTED);
  });

  it('reads literal strings with escapes, hex strings and UTF-16BE text strings', () => {
    expect(readVerificationCode(classic(`(${CODE})`))).toEqual(EXPECTED);
    // \072 is ':' in octal; \( \) and a backslash-newline continuation are PDF escapes.
    const escaped = `(\\(x\\) ${CODE.replace(/:/g, '\\072').replace('DUCHA1', 'DUC\\\nHA1')})`;
    expect(readVerificationCode(classic(escaped))).toEqual(EXPECTED);
    expect(readVerificationCode(classic(`<${Buffer.from(CODE).toString('hex')}>`))).toEqual(EXPECTED);
    expect(readVerificationCode(classic(`<${Buffer.from(CODE).toString('hex').replace(/(..)/g, '$1 ')}>`))).toEqual(EXPECTED);
    expect(readVerificationCode(classic(utf16beHex(`督查台 ${CODE}`)))).toEqual(EXPECTED);
    // Keywords held in an object of their own.
    expect(readVerificationCode(classic('9 0 R', `9 0 obj\n(${CODE})\nendobj\n`))).toEqual(EXPECTED);
  });

  it('reads the Info reference from a cross-reference stream (PDF 1.5, no trailer keyword)', () => {
    const head = `%PDF-1.5\n7 0 obj\n<< /Keywords (${CODE}) >>\nendobj\n`;
    const xrefAt = Buffer.byteLength(head, 'latin1');
    const pdf = Buffer.from(
      `${head}12 0 obj\n<< /Type /XRef /Size 13 /Root 1 0 R /Info 7 0 R /W [1 2 1] /Length 0 >>\nstream\n\nendstream\nendobj\nstartxref\n${xrefAt}\n%%EOF\n`,
      'latin1',
    );
    expect(readVerificationCode(pdf)).toEqual(EXPECTED);
  });

  it('takes the last definition of an object (incremental update) and never confuses 17 0 obj with 7 0 obj', () => {
    const older = CODE.replace(':4:', ':3:');
    const pdf = classic(`(${older})`, `17 0 obj\n<< /Keywords (DUCHA1:other:9:${'0'.repeat(64)}) >>\nendobj\n7 0 obj\n<< /Keywords (${CODE}) >>\nendobj\n`);
    expect(readVerificationCode(pdf)).toEqual(EXPECTED);
  });

  it('returns null — never throws — for files that are not ours or are hostile', () => {
    const cases: Buffer[] = [
      Buffer.alloc(0),
      Buffer.from('hello'),
      Buffer.from(`not a pdf ${CODE}`),
      classic('(no code here)'),
      classic('42'),
      classic(`(${CODE}`), // unterminated string
      classic(`<${'Z'.repeat(10)}>`), // bad hex
      Buffer.from(`%PDF-1.4\ntrailer\n<< /Info 99 0 R >>\n%%EOF`), // dangling reference
      Buffer.from(`%PDF-1.4\ntrailer\n<< /Info ${'['.repeat(100_000)} >>\n%%EOF`), // deep nesting
      Buffer.from(`%PDF-1.4\n7 0 obj\n<< /Keywords (${'('.repeat(200_000)}${CODE}) >>\nendobj\ntrailer\n<< /Info 7 0 R >>`), // string too long
      Buffer.from(`%PDF-1.4\nstartxref\n99999999999\n%%EOF`),
      rendered.subarray(0, Math.floor(rendered.length / 2)), // truncated: no trailer left
    ];
    for (const c of cases) expect(readVerificationCode(c)).toBeNull();
  });

  it('refuses files over the size limit without reading them', () => {
    const big = Buffer.alloc(MAX_PDF_BYTES + 1);
    big.write('%PDF-1.4\n');
    expect(readVerificationCode(big)).toBeNull();
  });

  it('survives arbitrary bytes and arbitrary damage to a real file (property)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2000 }), (bytes) => {
        const r = readVerificationCode(Buffer.concat([Buffer.from('%PDF-1.4\ntrailer\n'), Buffer.from(bytes)]));
        expect(r === null || typeof r.recordId === 'string').toBe(true);
      }),
      { numRuns: 300 },
    );
    fc.assert(
      fc.property(fc.integer({ min: 0, max: rendered.length - 1 }), fc.integer({ min: 0, max: 255 }), (at, value) => {
        const damaged = Buffer.from(rendered);
        damaged[at] = value;
        const r = readVerificationCode(damaged);
        // Either still the right code, nothing, or (if the code bytes themselves were hit) a different valid code.
        expect(r === null || r.recordId.length > 0).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});
