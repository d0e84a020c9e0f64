import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { canonicalJson, sha256Hex } from './canonical';
import { buildBundle, verifyBundleText } from './format';
import { checkRequestSignature, readRequestSignature, signAnswer, signRequest, verifyAnswer, type HeaderBag } from './http-signature';
import { importPrivateKeyBytes, verify, type DeviceKey } from './keys';
import { signReceipt, verifyReceipt } from './receipt';
import { buildReceiverConnection, readReceiverConnection } from './receiver-connection';
import { DEVICE_STATE_MESSAGES, SYNC_ERROR_CODES, SYNC_PATHS, enrollAnswerSchema, receiptAnswerSchema } from './sync-api';

/**
 * The worked example of docs/sync-protocol.md, derived from fixed keys, times and nonce.
 * Each marked block of the document must be exactly what the code makes of these inputs,
 * and must verify with the verifiers the laptop and the receiver use, so the document
 * cannot drift from the protocol it describes.
 */

const doc = fs.readFileSync(path.join(import.meta.dirname, '..', 'docs', 'sync-protocol.md'), 'utf8');

// The secret keys of RFC 8032 §7.1 tests 1 and 2: public, so anyone can rebuild the
// example with any Ed25519 library, and obviously never a key to deploy.
const RECEIVER_SEED = '9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60';
const DEVICE_SEED = '4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb';
const RECEIVER_PUBLIC_HEX = 'd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a';
const DEVICE_PUBLIC_HEX = '3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c';
/** PKCS#8 DER of an Ed25519 key is this fixed prefix and the 32-byte seed. */
const ED25519_PKCS8_PREFIX = '302e020100300506032b657004220420';

const NAME = '上海市市场监督管理局特种设备安全监察处';
const URLS = ['http://10.1.2.3:8750', 'http://192.168.20.5:8750'];
const CONNECTION_CREATED_AT = '2024-05-20T02:00:00.000Z';
const BUNDLE_ID = '01900a6e-5b2c-7d41-9f3a-2c8e4b6d1a07';
const BUNDLE_CREATED_AT = '2024-06-01T07:58:30.000Z';
/** 2024-06-01T08:00:00Z, when the laptop signs the PUT. */
const CREATED = 1_717_228_800;
const NONCE = '3c9a1f0e5b7d4a2c8e6f0b1d3a5c7e9f';
/** The receiver's clock when the bundle's file and row were durable, and when it signs the answer. */
const RECEIVED_AT = '2024-06-01T08:00:01.250Z';
const ANSWER_CREATED = CREATED + 1;
const SEQ = 1042;

function documentationKey(seedHex: string): DeviceKey {
  const key = importPrivateKeyBytes('ed25519', Buffer.from(ED25519_PKCS8_PREFIX + seedHex, 'hex'));
  if (!key) throw new Error('the documentation seed is not an Ed25519 key');
  return key;
}

const receiverKey = documentationKey(RECEIVER_SEED);
const deviceKey = documentationKey(DEVICE_SEED);

function headerLines(headers: Record<string, string>): string[] {
  return Object.entries(headers).map(([name, value]) => `${name}: ${value}`);
}

/** Everything the document shows, as the code makes it. */
function derive() {
  const connection = buildReceiverConnection({ name: NAME, urls: URLS, createdAt: CONNECTION_CREATED_AT }, receiverKey);
  // A real (empty) bundle signed by the device key: the receiver would accept these bytes.
  const bundle = buildBundle(
    {
      header: { bundleId: BUNDLE_ID, createdAt: BUNDLE_CREATED_AT, appVersion: '0.1.0', inspector: { name: '王立新', badgeNo: '31010020240017', unit: '上海市市场监督管理局' } },
      payload: { agencies: [], inspections: [], evidence: [] },
    },
    deviceKey,
  );
  const body = Buffer.from(bundle, 'utf8');
  const target = SYNC_PATHS.bundle(BUNDLE_ID);
  const signed = signRequest({ method: 'PUT', target, body }, deviceKey, { created: CREATED, nonce: NONCE });
  // What core/sync/client.ts sends besides the three signature headers.
  const requestHeaders = {
    host: '10.1.2.3:8750',
    'content-length': String(body.length),
    'content-type': 'application/json',
    accept: 'application/json',
    ...signed,
  };
  const requestText = [`PUT ${target} HTTP/1.1`, ...headerLines(requestHeaders)].join('\n');
  const read = readRequestSignature({ method: 'PUT', target, headers: requestHeaders, body }, CREATED);
  if (!read.ok) throw new Error(read.message);

  const receipt = signReceipt({ deviceKeyId: deviceKey.keyId, bundleId: BUNDLE_ID, sha256: sha256Hex(body), bytes: body.length, receivedAt: RECEIVED_AT, seq: SEQ }, receiverKey);
  const { signature: _signature, ...receiptBody } = receipt;
  const answerBody = JSON.stringify({ receipt });
  const answerSigned = signAnswer({ status: 201, body: Buffer.from(answerBody, 'utf8'), requestSignature: read.signatureValue }, receiverKey, { created: ANSWER_CREATED });
  const answerHeaders = {
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(Buffer.byteLength(answerBody)),
    ...answerSigned,
  };
  const answerText = ['HTTP/1.1 201 Created', ...headerLines(answerHeaders), '', answerBody].join('\n');
  // RFC 9421 §2.5 spelled out for the answer: the verifier builds it the same way.
  const requestSignatureMember = read.signatureValue.slice('ducha='.length);
  const answerBase = [
    `"@status": 201`,
    `"content-digest": ${answerSigned['content-digest']}`,
    `"signature";req;key="ducha": ${requestSignatureMember}`,
    `"@signature-params": ${answerSigned['signature-input']!.slice('ducha='.length)}`,
  ].join('\n');

  return {
    connection: connection.trimEnd(),
    body: bundle,
    'request-headers': requestText,
    'signature-base': read.base,
    answer: answerText,
    'answer-signature-base': answerBase,
    receipt: JSON.stringify(receipt, null, 2),
    'receipt-signed-text': canonicalJson(receiptBody),
  };
}

const derived = derive();

/** The fenced block right after `<!-- example:NAME -->`. */
function block(name: string): string {
  const match = new RegExp(`<!-- example:${name} -->\\n\`\`\`[a-z]*\\n([\\s\\S]*?)\\n\`\`\``).exec(doc);
  if (!match) throw new Error(`docs/sync-protocol.md has no block marked example:${name}`);
  return match[1]!;
}

/** Splits a documented HTTP message into its first line, lower-case headers and body. */
function message(text: string): { start: string; headers: Record<string, string>; body: Buffer } {
  const [head, ...rest] = text.split('\n\n');
  const [start, ...lines] = (head ?? '').split('\n');
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const at = line.indexOf(': ');
    headers[line.slice(0, at).toLowerCase()] = line.slice(at + 2);
  }
  return { start: start ?? '', headers, body: Buffer.from(rest.join('\n\n'), 'utf8') };
}

describe('docs/sync-protocol.md worked example', () => {
  it('shows exactly what the code derives from the fixed keys, times and nonce', () => {
    for (const [name, text] of Object.entries(derived)) expect(block(name), `block example:${name}`).toBe(text);
  });

  it('uses the RFC 8032 test keys it names', () => {
    expect(Buffer.from(receiverKey.publicKey, 'base64').toString('hex')).toBe(RECEIVER_PUBLIC_HEX);
    expect(Buffer.from(deviceKey.publicKey, 'base64').toString('hex')).toBe(DEVICE_PUBLIC_HEX);
    for (const text of [RECEIVER_SEED, DEVICE_SEED, receiverKey.keyId, deviceKey.keyId, receiverKey.fingerprint, deviceKey.fingerprint]) expect(doc).toContain(text);
  });

  it('documents a connection file the laptop accepts', () => {
    const read = readReceiverConnection(block('connection'));
    if (!read.ok) throw new Error(read.reason);
    expect(read.connection).toMatchObject({ keyId: receiverKey.keyId, publicKey: receiverKey.publicKey, fingerprint: receiverKey.fingerprint, urls: URLS });
  });

  it('documents a body that is a valid bundle signed by the device key', () => {
    const result = verifyBundleText(block('body'));
    if (!result.ok) throw new Error(result.reason);
    expect(result.keyId).toBe(deviceKey.keyId);
  });

  it('documents a request the receiver accepts, over the documented signature base', () => {
    const request = message(block('request-headers'));
    const [method, target] = request.start.split(' ');
    const body = Buffer.from(block('body'), 'utf8');
    expect(request.headers['content-length']).toBe(String(body.length));
    const read = readRequestSignature({ method: method!, target: target!, headers: request.headers as HeaderBag, body }, CREATED);
    if (!read.ok) throw new Error(read.message);
    expect(read.base).toBe(block('signature-base'));
    expect(read).toMatchObject({ keyId: deviceKey.keyId, nonce: NONCE, created: CREATED });
    expect(checkRequestSignature(read, deviceKey).ok).toBe(true);
    // Five minutes of skew and no more.
    expect(readRequestSignature({ method: method!, target: target!, headers: request.headers, body }, CREATED + 301)).toMatchObject({ ok: false, code: 'CLOCK_SKEW' });
  });

  it('documents an answer the laptop believes, over the documented answer signature base', () => {
    const request = message(block('request-headers'));
    const answer = message(block('answer'));
    expect(answer.start).toBe('HTTP/1.1 201 Created');
    expect(answer.headers['content-length']).toBe(String(answer.body.length));
    const pin = { alg: 'ed25519' as const, keyId: receiverKey.keyId, publicKey: receiverKey.publicKey };
    const check = verifyAnswer({ status: 201, headers: answer.headers, body: answer.body, requestSignature: request.headers.signature ?? '' }, pin, ANSWER_CREATED);
    expect(check).toEqual({ ok: true });
    // The same bytes as another status, or as the answer to another request, are no answer.
    expect(verifyAnswer({ status: 200, headers: answer.headers, body: answer.body, requestSignature: request.headers.signature ?? '' }, pin, ANSWER_CREATED).ok).toBe(false);
    expect(verifyAnswer({ status: 201, headers: answer.headers, body: answer.body, requestSignature: answer.headers.signature ?? '' }, pin, ANSWER_CREATED).ok).toBe(false);
    const signature = Buffer.from(/^ducha=:(.*):$/.exec(answer.headers.signature ?? '')?.[1] ?? '', 'base64');
    expect(verify('ed25519', receiverKey.publicKey, Buffer.from(block('answer-signature-base'), 'utf8'), signature)).toBe(true);
  });

  it('documents a receipt that proves delivery of the documented body', () => {
    const receipt: unknown = JSON.parse(block('receipt'));
    const body = Buffer.from(block('body'), 'utf8');
    const pin = { alg: 'ed25519' as const, keyId: receiverKey.keyId, publicKey: receiverKey.publicKey };
    const expected = { bundleId: BUNDLE_ID, sha256: sha256Hex(body), bytes: body.length, deviceKeyId: deviceKey.keyId };
    const check = verifyReceipt(receipt, pin, expected);
    if (!check.ok) throw new Error(check.message);
    // The answer carries this very receipt.
    const answer = receiptAnswerSchema.parse(JSON.parse(message(block('answer')).body.toString('utf8')));
    expect(answer.receipt).toEqual(receipt);
    const signature = Buffer.from(check.receipt.signature, 'base64');
    expect(verify('ed25519', receiverKey.publicKey, Buffer.from(block('receipt-signed-text'), 'utf8'), signature)).toBe(true);
  });

  it('shows the enrollment answer of a pending device as the receiver spells it', () => {
    const answer = enrollAnswerSchema.parse({ device: { keyId: deviceKey.keyId, state: 'pending', message: DEVICE_STATE_MESSAGES.pending } });
    expect(doc).toContain(`\`\`\`json\n${JSON.stringify(answer)}\n\`\`\``);
  });

  it('lists exactly the protocol error codes in its table', () => {
    const table = /<!-- error-codes -->\n([\s\S]*?)\n\n/.exec(doc)?.[1] ?? '';
    const codes = [...table.matchAll(/^\| `([A-Z_]+)` \|/gm)].map((m) => m[1]);
    expect(codes).toEqual([...SYNC_ERROR_CODES]);
  });
});
