import { describe, expect, it } from 'vitest';
import { buildBundleEml, buildEml, encodeParam2231, encodeWords, rfc5322Date } from './eml';

/** A deliberately small reader for what buildEml writes (RFC 5322 + MIME), for checking. */
function unfold(headerBlock: string): Map<string, string> {
  const headers = new Map<string, string>();
  for (const line of headerBlock.replace(/\r\n[ \t]/g, ' ').split('\r\n')) {
    const colon = line.indexOf(':');
    headers.set(line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim());
  }
  return headers;
}
function decodeWords(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?UTF-8\?B\?([A-Za-z0-9+/=]*)\?=/g, (_m, b64: string) => `\u0000${b64}\u0000`)
    .split('\u0000')
    .map((part, i) => (i % 2 === 1 ? Buffer.from(part, 'base64') : Buffer.from(part, 'utf8')))
    .reduce((acc, b) => Buffer.concat([acc, b]), Buffer.alloc(0))
    .toString('utf8');
}
function decode2231(value: string, name: string): string {
  const sections = [...value.matchAll(new RegExp(`${name}\\*(?:(\\d+)\\*)?=([^;]+)`, 'g'))]
    .sort((a, b) => Number(a[1] ?? 0) - Number(b[1] ?? 0))
    .map((m) => (m[2] ?? '').trim());
  return decodeURIComponent(sections.join('').replace(/^UTF-8''/, ''));
}
function parse(eml: string) {
  const [head, ...rest] = eml.split('\r\n\r\n');
  const headers = unfold(head ?? '');
  const boundary = /boundary="([^"]+)"/.exec(headers.get('content-type') ?? '')?.[1] ?? '';
  const body = rest.join('\r\n\r\n');
  const parts = body
    .split(`--${boundary}`)
    .slice(1, -1)
    .map((chunk) => {
      const [partHead, ...partBody] = chunk.replace(/^\r\n/, '').split('\r\n\r\n');
      return { headers: unfold(partHead ?? ''), content: Buffer.from(partBody.join('').replace(/\r\n/g, ''), 'base64') };
    });
  return { headers, boundary, parts, closed: body.includes(`--${boundary}--`) };
}

const bundleText = '{"header":{"format":"ducha-bundle"},"payload":{},"signature":"x"}'.repeat(40);
const fileName = '上海市某特种设备检验研究院_2024-06-01_监督检查_督查台数据包.ducha.json';

describe('buildBundleEml', () => {
  const eml = buildBundleEml({
    fileName,
    bundleText,
    inspector: { name: '张三', badgeNo: '31000001', unit: '上海市市场监督管理局特种设备安全监察处' },
    keyId: '64aba2c68fff8ebc',
    to: [{ name: '局数据中心', address: 'data@example.gov.cn' }],
    date: new Date(Date.UTC(2024, 5, 1, 8, 30, 5)),
  });
  const mail = parse(eml);

  it('is 7-bit ASCII with CRLF line ends and no line over 78 characters', () => {
    expect([...eml].every((ch) => ch.charCodeAt(0) < 0x80)).toBe(true);
    expect(eml.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    for (const line of eml.split('\r\n')) expect(line.length).toBeLessThanOrEqual(78);
  });

  it('opens as a draft: X-Unsent, MIME headers, a date and a message id', () => {
    expect(mail.headers.get('x-unsent')).toBe('1');
    expect(mail.headers.get('mime-version')).toBe('1.0');
    expect(mail.headers.get('content-type')).toMatch(/^multipart\/mixed;/);
    expect(mail.headers.get('date')).toBe('Sat, 01 Jun 2024 08:30:05 +0000');
    expect(mail.headers.get('message-id')).toMatch(/^<[^>]+@[^>]+>$/);
    expect(decodeWords(mail.headers.get('to') ?? '')).toBe('局数据中心 <data@example.gov.cn>');
    expect(mail.closed).toBe(true);
  });

  it('has a Chinese subject (RFC 2047) and a Chinese plain-text body', () => {
    expect(decodeWords(mail.headers.get('subject') ?? '')).toBe('督查台数据包：上海市市场监督管理局特种设备安全监察处 张三');
    const [text] = mail.parts;
    expect(text?.headers.get('content-type')).toBe('text/plain; charset=UTF-8');
    const body = text?.content.toString('utf8') ?? '';
    expect(body).toContain('您好：');
    expect(body).toContain('64aba2c68fff8ebc');
    expect(body).toContain(fileName);
    expect(body).toContain('\r\n');
  });

  it('attaches the bundle byte for byte under its Chinese name (RFC 2231 and RFC 2047)', () => {
    const attachment = mail.parts[1];
    expect(attachment?.content.toString('utf8')).toBe(bundleText);
    const disposition = attachment?.headers.get('content-disposition') ?? '';
    expect(disposition).toMatch(/^attachment;/);
    expect(disposition).toMatch(/filename\*0\*=UTF-8''/); // long enough to need continuations
    expect(decode2231(disposition, 'filename')).toBe(fileName);
    const type = attachment?.headers.get('content-type') ?? '';
    expect(type).toMatch(/^application\/json;/);
    expect(decodeWords(/name="([^"]*)"/.exec(type)?.[1] ?? '')).toBe(fileName);
    expect(attachment?.headers.get('content-transfer-encoding')).toBe('base64');
  });
});

describe('encoders', () => {
  it('leaves short ASCII alone and encodes anything else', () => {
    expect(encodeWords('Ducha bundle')).toBe('Ducha bundle');
    expect(encodeWords('督查')).toBe(`=?UTF-8?B?${Buffer.from('督查').toString('base64')}?=`);
    expect(decodeWords(encodeWords('😀'.repeat(30)))).toBe('😀'.repeat(30));
  });

  it('never splits a %XX escape across RFC 2231 sections', () => {
    const value = '检'.repeat(50);
    const encoded = encodeParam2231('filename', value);
    for (const section of encoded.split(';\r\n ')) expect(section).not.toMatch(/%[0-9A-F]?$/);
    expect(decode2231(encoded, 'filename')).toBe(value);
    expect(encodeParam2231('filename', 'a.json')).toBe("filename*=UTF-8''a.json");
  });

  it('formats RFC 5322 dates', () => {
    expect(rfc5322Date(new Date(Date.UTC(2025, 0, 9, 1, 2, 3)))).toBe('Thu, 09 Jan 2025 01:02:03 +0000');
  });

  it('refuses a malformed address with a Chinese reason', () => {
    expect(() =>
      buildEml({ subject: 's', body: 'b', attachment: { fileName: 'a', content: 'x' }, to: [{ address: 'not an address' }] }),
    ).toThrow(/邮箱地址.*格式不正确/);
  });
});
