/**
 * Requests to the bureau's receiver over node:http(s). Every request is signed by the
 * device key; every answer must be signed by the pinned receiver key for that very
 * request, or it is no answer at all: an unsigned or wrongly signed reply (a captive
 * portal, a proxy, an impostor) is treated like a network failure and never acted on.
 * The addresses of the connection file are tried in order until one gives a believed
 * answer.
 */
import http from 'node:http';
import https from 'node:https';
import type { BundleSigner } from '../../bundle/format';
import { signRequest, verifyAnswer } from '../../bundle/http-signature';
import { parseSafeJson } from '../../bundle/safe-json';
import type { ReceiverPin } from './connection';

/** Answers are small JSON documents; anything larger is not one (a desk's bundle download raises it). */
const MAX_ANSWER_BYTES = 1024 * 1024;

export interface ClientOptions {
  /**
   * Largest answer read (bytes), default 1 MB: a bundle file a desk downloads may be far
   * larger than any other answer, so only that request raises it.
   */
  maxAnswerBytes?: number;
  /** Longest silence on a connection before it is given up (ms). */
  idleTimeoutMs?: number;
  /** Longest a whole request may take, however slowly it progresses (ms). */
  deadlineMs?: number;
}

export interface ReceiverRequest {
  method: 'GET' | 'POST' | 'PUT';
  /** Path under the receiver's base URL, e.g. /v1/device. */
  path: string;
  body?: Buffer;
  contentType?: string;
}

/** A believed answer: signed by the pinned key for this request, and JSON. */
export interface ReceiverAnswer {
  status: number;
  json: unknown;
  /** The answer's exact bytes, as the receiver's signature covers them (a bundle file, for a desk). */
  body: Buffer;
  url: string;
}

/** No address gave a believed answer; the message says why, in Chinese. */
export class ReceiverUnreachable extends Error {
  override readonly name = 'ReceiverUnreachable';
}

interface RawAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

function networkReason(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  const text = error instanceof Error ? error.message : String(error);
  switch (code) {
    case 'ECONNREFUSED':
      return '对方拒绝连接，接收端可能未运行';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return '找不到该地址，请检查网络或地址是否正确';
    case 'ETIMEDOUT':
    case 'TIMEOUT':
      return '连接超时';
    case 'ECONNRESET':
    case 'EPIPE':
      return '连接被中断';
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return '网络不通';
    case 'TOO_LARGE':
      return '接收端答复过大';
    default:
      if (typeof code === 'string' && /CERT|TLS|SSL/.test(code)) return `TLS 证书验证失败（${code}）：请确认连接文件中的证书与接收端一致`;
      return text;
  }
}

function send(url: URL, request: ReceiverRequest, headers: Record<string, string>, pin: ReceiverPin, options: ClientOptions): Promise<RawAnswer> {
  const body = request.body ?? Buffer.alloc(0);
  const transport = url.protocol === 'https:' ? https : http;
  return new Promise<RawAnswer>((resolve, reject) => {
    let settled = false;
    const fail = (error: unknown) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      req.destroy();
      reject(error);
    };
    const req = transport.request(
      url,
      {
        method: request.method,
        // A fresh connection per request: nothing lingers to keep a CLI process alive.
        agent: false,
        headers: {
          ...headers,
          'content-length': String(body.length),
          ...(request.contentType ? { 'content-type': request.contentType } : {}),
          accept: 'application/json',
        },
        ...(url.protocol === 'https:' && pin.tlsCertificate ? { ca: pin.tlsCertificate } : {}),
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > (options.maxAnswerBytes ?? MAX_ANSWER_BYTES)) fail(Object.assign(new Error('answer too large'), { code: 'TOO_LARGE' }));
          else chunks.push(chunk);
        });
        res.on('end', () => {
          if (settled) return;
          settled = true;
          clearTimeout(deadline);
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) });
        });
        res.on('error', fail);
        res.on('aborted', () => fail(Object.assign(new Error('aborted'), { code: 'ECONNRESET' })));
      },
    );
    const deadline = setTimeout(() => fail(Object.assign(new Error('deadline'), { code: 'TIMEOUT' })), options.deadlineMs ?? 15 * 60_000);
    deadline.unref();
    req.setTimeout(options.idleTimeoutMs ?? 30_000, () => fail(Object.assign(new Error('idle'), { code: 'TIMEOUT' })));
    req.on('error', fail);
    req.end(body);
  });
}

/** The request target as signed: the base URL's own path (a receiver behind a prefix) and the API path. */
function targetOf(base: string, path: string): URL {
  const url = new URL(base);
  const at = path.indexOf('?');
  url.pathname = `${url.pathname.replace(/\/+$/, '')}${at < 0 ? path : path.slice(0, at)}`;
  url.search = at < 0 ? '' : path.slice(at);
  return url;
}

/** Sends the request to the first address that gives a believed answer. */
export async function callReceiver(pin: ReceiverPin, signer: BundleSigner, request: ReceiverRequest, options: ClientOptions = {}): Promise<ReceiverAnswer> {
  const reasons: string[] = [];
  for (const base of pin.urls) {
    let url: URL;
    try {
      url = targetOf(base, request.path);
    } catch {
      reasons.push(`地址 ${base} 无效`);
      continue;
    }
    const body = request.body ?? Buffer.alloc(0);
    // Signed afresh for each address: a nonce is good for one request only.
    const headers = signRequest({ method: request.method, target: `${url.pathname}${url.search}`, body }, signer);
    let raw: RawAnswer;
    try {
      raw = await send(url, request, headers, pin, options);
    } catch (error) {
      reasons.push(`无法连接接收端 ${base}（${networkReason(error)}）`);
      continue;
    }
    const check = verifyAnswer({ status: raw.status, headers: raw.headers, body: raw.body, requestSignature: headers.signature ?? '' }, pin);
    if (!check.ok) {
      reasons.push(`${base}：${check.message}`);
      continue;
    }
    const parsed = parseSafeJson(raw.body, { maxBytes: options.maxAnswerBytes ?? MAX_ANSWER_BYTES });
    if (!parsed.ok) {
      reasons.push(`${base}：接收端的答复无法读取（${parsed.reason}）`);
      continue;
    }
    return { status: raw.status, json: parsed.value, body: raw.body, url: base };
  }
  throw new ReceiverUnreachable(reasons.join('；') || '连接文件中没有接收端地址');
}
