import { randomBytes } from 'node:crypto';
import { parseDictionary, serializeDictionary, type Dictionary, type InnerList, type Parameters } from 'structured-headers';
import { sha256Hex } from './canonical';
import { bundleAlgOf, keyAlgOf, type BundleAlg, type BundleSigner } from './format';
import { verify, type KeyAlg } from './keys';

/**
 * HTTP message signatures between a laptop and the bureau's receiver, after RFC 9421
 * (HTTP Message Signatures) and RFC 9530 (Content-Digest), in the one profile both sides
 * speak: label `ducha`, Ed25519 or SM2/SM3 over the RFC 9421 signature base.
 *
 * A request covers `"@method" "@path" "@query" "content-digest"` with the parameters
 * created, keyid, nonce and alg; so a request cannot be replayed (nonce, created within
 * five minutes), moved to another path or given another body. An answer covers
 * `"@status" "content-digest"` and the request's own signature (`"signature";req;key="ducha"`),
 * so an answer can only be the answer to that request. Structured-field parsing and
 * serialising is the structured-headers library's; only the signature base, which RFC 9421
 * defines from those serialisations, is assembled here.
 */

export const SIGNATURE_LABEL = 'ducha';
/** How far a signature's `created` may be from the verifier's clock. */
export const MAX_CLOCK_SKEW_SECONDS = 300;
const REQUEST_COMPONENTS = ['@method', '@path', '@query', 'content-digest'] as const;
const RESPONSE_COMPONENTS = ['@status', 'content-digest', 'signature;req'] as const;

/** Lower-case header names as Node gives them. */
export type HeaderBag = Record<string, string | string[] | undefined>;

/** `sha-256=:…:` of the body (RFC 9530). */
export function contentDigest(body: Uint8Array): string {
  return serializeDictionary(new Map([['sha-256', [Buffer.from(sha256Hex(body), 'hex'), new Map()]]]));
}

export function newNonce(): string {
  return randomBytes(16).toString('hex');
}

function headerText(headers: HeaderBag, name: string): string | null {
  const value = headers[name];
  if (value === undefined) return null;
  return Array.isArray(value) ? value.join(', ') : value;
}

function componentIdentifier(component: string): string {
  // `signature;req` names the request's Signature field, member `ducha` (RFC 9421 §2.4).
  return component === 'signature;req' ? `"signature";req;key="${SIGNATURE_LABEL}"` : `"${component}"`;
}

function paramsList(components: readonly string[], params: Parameters): string {
  const items: InnerList = [
    components.map((c) => {
      const p: Parameters = new Map();
      if (c === 'signature;req') {
        p.set('req', true);
        p.set('key', SIGNATURE_LABEL);
        return ['signature', p] as [string, Parameters];
      }
      return [c, p] as [string, Parameters];
    }),
    params,
  ];
  // The value of the Signature-Input member is the serialised inner list with its parameters.
  return serializeDictionary(new Map([[SIGNATURE_LABEL, items]])).slice(SIGNATURE_LABEL.length + 1);
}

/** The RFC 9421 §2.5 signature base: one line per component, then "@signature-params". */
function signatureBase(components: readonly string[], values: Record<string, string>, params: string): string {
  const lines = components.map((c) => `${componentIdentifier(c)}: ${values[c] ?? ''}`);
  lines.push(`"@signature-params": ${params}`);
  return lines.join('\n');
}

/** Splits `/v1/bundles/x?y=1` into the RFC 9421 "@path" and "@query" ("?" when there is none). */
function pathAndQuery(target: string): { path: string; query: string } {
  const at = target.indexOf('?');
  return at < 0 ? { path: target, query: '?' } : { path: target.slice(0, at), query: target.slice(at) };
}

export interface RequestToSign {
  method: string;
  /** The request target as sent: path and query. */
  target: string;
  body: Uint8Array;
}

/** The three headers that sign a request: content-digest, signature-input, signature. */
export function signRequest(request: RequestToSign, signer: BundleSigner, options: { created?: number; nonce?: string } = {}): Record<string, string> {
  const digest = contentDigest(request.body);
  const params: Parameters = new Map<string, string | number>([
    ['created', options.created ?? Math.floor(Date.now() / 1000)],
    ['keyid', signer.keyId],
    ['nonce', options.nonce ?? newNonce()],
    ['alg', bundleAlgOf(signer.alg)],
  ]);
  const input = paramsList(REQUEST_COMPONENTS, params);
  const { path, query } = pathAndQuery(request.target);
  const base = signatureBase(REQUEST_COMPONENTS, { '@method': request.method.toUpperCase(), '@path': path, '@query': query, 'content-digest': digest }, input);
  const signature = Buffer.from(signer.sign(Buffer.from(base, 'utf8'))).toString('base64');
  return {
    'content-digest': digest,
    'signature-input': `${SIGNATURE_LABEL}=${input}`,
    signature: serializeDictionary(new Map([[SIGNATURE_LABEL, [Buffer.from(signature, 'base64'), new Map()]]])),
  };
}

/** Why a request or answer is refused: HTTP status, a stable code and a Chinese reason. */
export interface SignatureRefusal {
  ok: false;
  status: 400 | 401;
  code: 'UNSIGNED' | 'MALFORMED_SIGNATURE' | 'DIGEST_MISMATCH' | 'CLOCK_SKEW' | 'BAD_SIGNATURE';
  message: string;
}

/** A request signature read from its headers, not yet checked against a key. */
export interface ReadSignature {
  ok: true;
  keyId: string;
  alg: BundleAlg;
  created: number;
  nonce: string;
  /** The bytes the signature covers. */
  base: string;
  signature: Uint8Array;
  /** The request's Signature member as sent, which the answer's signature covers. */
  signatureValue: string;
}

function refusal(status: 400 | 401, code: SignatureRefusal['code'], message: string): SignatureRefusal {
  return { ok: false, status, code, message };
}

const FIX_CLOCK = '请核对本机的日期、时间和时区（误差不能超过 5 分钟）后重试。';

type Member = { params: Parameters; components: string[] } | null;

/** The `ducha` member of a Signature-Input field, or null when it is not the inner list of our profile. */
function readInput(text: string | null): Member {
  if (text === null) return null;
  let dict: Dictionary;
  try {
    dict = parseDictionary(text);
  } catch {
    return null;
  }
  const member = dict.get(SIGNATURE_LABEL);
  if (!member || !Array.isArray(member[0])) return null;
  const [items, params] = member as InnerList;
  const components: string[] = [];
  for (const [value, p] of items) {
    if (typeof value !== 'string') return null;
    if (value === 'signature' && p.get('req') === true && p.get('key') === SIGNATURE_LABEL && p.size === 2) components.push('signature;req');
    else if (p.size === 0) components.push(value);
    else return null;
  }
  return { params, components };
}

function readSignatureBytes(text: string | null): Uint8Array | null {
  if (text === null) return null;
  try {
    const member = parseDictionary(text).get(SIGNATURE_LABEL);
    if (!member || !(member[0] instanceof ArrayBuffer)) return null;
    const bytes = Buffer.from(member[0]);
    return bytes.length === 64 ? bytes : null;
  } catch {
    return null;
  }
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function digestMatches(headers: HeaderBag, body: Uint8Array): boolean {
  return headerText(headers, 'content-digest') === contentDigest(body);
}

function checkCreated(created: number, now: number, who: string): SignatureRefusal | null {
  if (Math.abs(now - created) > MAX_CLOCK_SKEW_SECONDS) {
    return refusal(401, 'CLOCK_SKEW', `${who}的签名时间与接收方时钟相差 ${Math.round(Math.abs(now - created) / 60)} 分钟，超过 5 分钟。${FIX_CLOCK}`);
  }
  return null;
}

/**
 * Reads and checks everything of a request's signature that needs no key: the profile,
 * the body digest and the clock. The caller then finds the key by `keyId`, refuses a nonce
 * it has seen, and calls checkRequestSignature.
 */
export function readRequestSignature(request: RequestToSign & { headers: HeaderBag }, now = Math.floor(Date.now() / 1000)): ReadSignature | SignatureRefusal {
  const inputText = headerText(request.headers, 'signature-input');
  const sigText = headerText(request.headers, 'signature');
  if (inputText === null || sigText === null) {
    return refusal(401, 'UNSIGNED', '请求没有签名，接收端拒绝处理。请使用督查台同步，不要用其他工具直接上传。');
  }
  const member = readInput(inputText);
  const signature = readSignatureBytes(sigText);
  const created = member?.params.get('created');
  const keyId = member?.params.get('keyid');
  const nonce = member?.params.get('nonce');
  const alg = member?.params.get('alg');
  if (
    !member ||
    !signature ||
    !sameList(member.components, REQUEST_COMPONENTS) ||
    member.params.size !== 4 ||
    typeof created !== 'number' ||
    !Number.isInteger(created) ||
    typeof keyId !== 'string' ||
    !/^[0-9a-f]{16}$/.test(keyId) ||
    typeof nonce !== 'string' ||
    !/^[0-9a-f]{32}$/.test(nonce) ||
    (alg !== 'ed25519' && alg !== 'sm2-sm3')
  ) {
    return refusal(400, 'MALFORMED_SIGNATURE', '请求的签名格式不符合同步协议 v1。请升级督查台后重试。');
  }
  if (!digestMatches(request.headers, request.body)) {
    return refusal(400, 'DIGEST_MISMATCH', '请求内容与签名中的摘要（Content-Digest）不一致：内容在传输中被改动或不完整。请重试。');
  }
  const skew = checkCreated(created, now, '请求');
  if (skew) return skew;
  const { path, query } = pathAndQuery(request.target);
  const base = signatureBase(
    REQUEST_COMPONENTS,
    { '@method': request.method.toUpperCase(), '@path': path, '@query': query, 'content-digest': contentDigest(request.body) },
    inputText.slice(SIGNATURE_LABEL.length + 1).trim(),
  );
  // The base is rebuilt from our own serialisation, so a field spelled differently from
  // what we would send simply fails the signature below.
  const ours = paramsList(REQUEST_COMPONENTS, member.params);
  if (`${SIGNATURE_LABEL}=${ours}` !== inputText.trim()) {
    return refusal(400, 'MALFORMED_SIGNATURE', '请求的签名格式不符合同步协议 v1。请升级督查台后重试。');
  }
  return { ok: true, keyId, alg, created, nonce, base, signature, signatureValue: sigText.trim() };
}

/** Whether the read signature was made by this public key. */
export function checkRequestSignature(read: ReadSignature, key: { alg: KeyAlg; publicKey: string }): { ok: true } | SignatureRefusal {
  if (bundleAlgOf(key.alg) !== read.alg || !verify(key.alg, key.publicKey, Buffer.from(read.base, 'utf8'), read.signature)) {
    return refusal(401, 'BAD_SIGNATURE', '请求的签名验证失败：不是由登记的设备密钥所签，或内容被改动过。');
  }
  return { ok: true };
}

export interface AnswerToSign {
  status: number;
  body: Uint8Array;
  /** The request's Signature header, as read (ReadSignature.signatureValue). */
  requestSignature: string;
}

function requestSignatureMember(value: string): string {
  // The component value is the member's serialisation (RFC 9421 §2.1.2): `:…:`.
  try {
    const member = parseDictionary(value).get(SIGNATURE_LABEL);
    if (member && member[0] instanceof ArrayBuffer) return `:${Buffer.from(member[0]).toString('base64')}:`;
  } catch {
    // fall through: an unreadable value is covered as sent, and cannot match.
  }
  return value;
}

/** The headers that sign an answer to a signed request. */
export function signAnswer(answer: AnswerToSign, signer: BundleSigner, options: { created?: number } = {}): Record<string, string> {
  const digest = contentDigest(answer.body);
  const params: Parameters = new Map<string, string | number>([
    ['created', options.created ?? Math.floor(Date.now() / 1000)],
    ['keyid', signer.keyId],
    ['alg', bundleAlgOf(signer.alg)],
  ]);
  const input = paramsList(RESPONSE_COMPONENTS, params);
  const base = signatureBase(
    RESPONSE_COMPONENTS,
    { '@status': String(answer.status), 'content-digest': digest, 'signature;req': requestSignatureMember(answer.requestSignature) },
    input,
  );
  const signature = Buffer.from(signer.sign(Buffer.from(base, 'utf8'))).toString('base64');
  return {
    'content-digest': digest,
    'signature-input': `${SIGNATURE_LABEL}=${input}`,
    signature: serializeDictionary(new Map([[SIGNATURE_LABEL, [Buffer.from(signature, 'base64'), new Map()]]])),
  };
}

/**
 * Checks that an answer was signed by the pinned receiver key, for this request, with
 * this status and body. Anything else is not an answer the laptop may act on.
 */
export function verifyAnswer(
  answer: { status: number; headers: HeaderBag; body: Uint8Array; requestSignature: string },
  receiver: { alg: BundleAlg; keyId: string; publicKey: string },
  now = Math.floor(Date.now() / 1000),
): { ok: true } | { ok: false; message: string } {
  const bad = (message: string) => ({ ok: false as const, message });
  const inputText = headerText(answer.headers, 'signature-input');
  const signature = readSignatureBytes(headerText(answer.headers, 'signature'));
  const member = readInput(inputText);
  if (!inputText || !member || !signature) return bad('接收端的答复没有签名，不予采信。可能连到了错误的地址，或中间有代理改写了答复；请核对连接文件中的地址。');
  const created = member.params.get('created');
  if (
    !sameList(member.components, RESPONSE_COMPONENTS) ||
    member.params.size !== 3 ||
    typeof created !== 'number' ||
    member.params.get('keyid') !== receiver.keyId ||
    member.params.get('alg') !== receiver.alg ||
    `${SIGNATURE_LABEL}=${paramsList(RESPONSE_COMPONENTS, member.params)}` !== inputText.trim()
  ) {
    return bad('接收端答复的签名不是由连接文件中登记的接收端密钥所签，不予采信。请向市局核实接收端连接文件是否已更换。');
  }
  if (!digestMatches(answer.headers, answer.body)) return bad('接收端答复的内容与其摘要不一致（传输中被改动或不完整），不予采信，稍后将重试。');
  const skew = checkCreated(created, now, '接收端答复');
  if (skew) return bad(skew.message);
  const base = signatureBase(
    RESPONSE_COMPONENTS,
    { '@status': String(answer.status), 'content-digest': contentDigest(answer.body), 'signature;req': requestSignatureMember(answer.requestSignature) },
    inputText.slice(SIGNATURE_LABEL.length + 1).trim(),
  );
  if (!verify(keyAlgOf(receiver.alg), receiver.publicKey, Buffer.from(base, 'utf8'), signature)) {
    return bad('接收端答复的签名验证失败：不是由登记的接收端密钥所签，或答复被改动过，不予采信。');
  }
  return { ok: true };
}
