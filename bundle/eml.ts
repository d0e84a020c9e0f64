import { randomBytes, randomUUID } from 'node:crypto';
import { formatBytes } from './safe-json';

/**
 * E-mail hand-off: an RFC 5322 message (.eml) with the bundle attached, which the mail
 * client opens as a draft (`X-Unsent: 1`, honoured by Outlook) ready to address and send.
 * Everything non-ASCII is encoded so that any mail system passes it unchanged: headers
 * with RFC 2047 encoded-words, the attachment name as RFC 2231 `filename*` (plus the
 * RFC 2047 `name` that older Outlook reads, as Thunderbird also writes), body and
 * attachment as base64 in 76-character lines, CRLF line ends, no line over 78.
 */

export interface MailAddress {
  name?: string;
  address: string;
}

export interface EmlInput {
  subject: string;
  /** Plain-text body (may be Chinese); sent as UTF-8 base64. */
  body: string;
  attachment: { fileName: string; content: string | Uint8Array; contentType?: string };
  from?: MailAddress;
  to?: MailAddress[];
  /** Default: now. */
  date?: Date;
}

const CRLF = '\r\n';
/** Bytes per encoded-word: 42 bytes → 56 base64 chars → a 68-char word, so "Subject: " + word fits in 78. */
const WORD_BYTES = 42;

/** Splits text into pieces of at most maxBytes UTF-8 bytes without cutting a character. */
function chunkUtf8(text: string, maxBytes: number): string[] {
  const chunks: string[] = [];
  let current = '';
  let size = 0;
  for (const ch of text) {
    const n = Buffer.byteLength(ch, 'utf8');
    if (size + n > maxBytes && current !== '') {
      chunks.push(current);
      current = '';
      size = 0;
    }
    current += ch;
    size += n;
  }
  if (current !== '') chunks.push(current);
  return chunks;
}

function isPlainAscii(text: string): boolean {
  return /^[\x20-\x7e]*$/.test(text);
}

/** RFC 2047 B-encoded words, folded onto continuation lines. */
export function encodeWords(text: string): string {
  if (isPlainAscii(text) && text.length <= 60 && !/=\?/.test(text)) return text;
  return chunkUtf8(text, WORD_BYTES)
    .map((part) => `=?UTF-8?B?${Buffer.from(part, 'utf8').toString('base64')}?=`)
    .join(`${CRLF} `);
}

const ATTR_CHAR = /[A-Za-z0-9!#$&+\-.^_`|~]/;

/** RFC 2231 extended parameter with continuations: `name*0*=UTF-8''…; name*1*=…`. */
export function encodeParam2231(name: string, value: string): string {
  const encoded = [...Buffer.from(value, 'utf8')]
    .map((b) => {
      const ch = String.fromCharCode(b);
      return b < 0x80 && ATTR_CHAR.test(ch) ? ch : `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
    })
    .join('');
  if (name.length + encoded.length + 10 <= 76) return `${name}*=UTF-8''${encoded}`;
  // Cut into sections so that each folded line " name*i*=…;" stays within 78 characters,
  // never splitting a %XX.
  const sections: string[] = [];
  let rest = encoded;
  while (rest.length > 0) {
    const prefix = `${name}*${sections.length}*=${sections.length === 0 ? "UTF-8''" : ''}`;
    let cut = Math.min(rest.length, 76 - prefix.length);
    if (rest[cut - 1] === '%') cut -= 1;
    else if (rest[cut - 2] === '%') cut -= 2;
    sections.push(rest.slice(0, cut));
    rest = rest.slice(cut);
  }
  return sections.map((s, i) => `${name}*${i}*=${i === 0 ? "UTF-8''" : ''}${s}`).join(`;${CRLF} `);
}

function base64Lines(bytes: Uint8Array): string {
  const b64 = Buffer.from(bytes).toString('base64');
  const lines: string[] = [];
  for (let i = 0; i < b64.length; i += 76) lines.push(b64.slice(i, i + 76));
  return lines.join(CRLF);
}

function formatAddress(a: MailAddress): string {
  if (!/^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9.-]+$/.test(a.address)) throw new Error(`邮箱地址“${a.address}”格式不正确，请检查后重试。`);
  return a.name ? `${encodeWords(a.name.replace(/["\\]/g, ''))} <${a.address}>` : a.address;
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** RFC 5322 §3.3 date-time, in UTC. */
export function rfc5322Date(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${DAYS[d.getUTCDay()]}, ${p(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000`;
}

/** The .eml text (CRLF line ends, 7-bit ASCII only). */
export function buildEml(input: EmlInput): string {
  const boundary = `----=_ducha_${randomBytes(12).toString('hex')}`;
  const content = typeof input.attachment.content === 'string' ? Buffer.from(input.attachment.content, 'utf8') : input.attachment.content;
  const headers = [
    ...(input.from ? [`From: ${formatAddress(input.from)}`] : []),
    ...(input.to && input.to.length > 0 ? [`To: ${input.to.map(formatAddress).join(`,${CRLF} `)}`] : []),
    `Subject: ${encodeWords(input.subject)}`,
    `Date: ${rfc5322Date(input.date ?? new Date())}`,
    `Message-ID: <${randomUUID()}@ducha.invalid>`,
    'X-Unsent: 1',
    'MIME-Version: 1.0',
    `Content-Type: multipart/mixed;${CRLF} boundary="${boundary}"`,
  ];
  const body = input.body.replace(/\r?\n/g, CRLF);
  const parts = [
    `--${boundary}`,
    'Content-Type: text/plain; charset=UTF-8',
    'Content-Transfer-Encoding: base64',
    '',
    base64Lines(Buffer.from(body, 'utf8')),
    `--${boundary}`,
    `Content-Type: ${input.attachment.contentType ?? 'application/octet-stream'};${CRLF} name="${encodeWords(input.attachment.fileName.replace(/["\\]/g, '_'))}"`,
    'Content-Transfer-Encoding: base64',
    `Content-Disposition: attachment;${CRLF} ${encodeParam2231('filename', input.attachment.fileName)}`,
    '',
    base64Lines(content),
    `--${boundary}--`,
    '',
  ];
  return [...headers, '', 'This is a multi-part message in MIME format.', ...parts].join(CRLF);
}

/** A ready-to-send draft for one bundle file, with a Chinese subject and body. */
export function buildBundleEml(input: {
  fileName: string;
  bundleText: string;
  inspector: { name: string; badgeNo: string; unit: string };
  keyId: string;
  to?: MailAddress[];
  from?: MailAddress;
  date?: Date;
}): string {
  const size = formatBytes(Buffer.byteLength(input.bundleText, 'utf8'));
  const { name, badgeNo, unit } = input.inspector;
  const body = [
    '您好：',
    '',
    `附件“${input.fileName}”（${size}）是督查台导出的签名数据包，由${unit} ${name}（执法证号 ${badgeNo}）签署，设备密钥编号 ${input.keyId}。`,
    '',
    '请在督查台“数据交换”页面导入该附件。导入时程序会核对签名和数据完整性，任何改动过的文件都会被拒绝，因此请不要用文本编辑器打开并保存它。',
    '',
    '此邮件由督查台生成。',
  ].join('\n');
  return buildEml({
    subject: `督查台数据包：${unit} ${name}`,
    body,
    attachment: { fileName: input.fileName, content: input.bundleText, contentType: 'application/json' },
    ...(input.to ? { to: input.to } : {}),
    ...(input.from ? { from: input.from } : {}),
    ...(input.date ? { date: input.date } : {}),
  });
}
