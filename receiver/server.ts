/**
 * The receiver's HTTP(S) server: Fastify carrying sync protocol v1 (intake.ts). Every
 * answer, refusals and Fastify's own errors included, leaves with the receiver's RFC 9421
 * signature over its status, its exact body bytes and the request's signature, so a
 * laptop can tell a real answer from a captive portal, a proxy's error page or a forgery.
 */
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import rateLimit from '@fastify/rate-limit';
import type { AddressInfo } from 'node:net';
import type { BundleSigner } from '../bundle/format';
import { signAnswer } from '../bundle/http-signature';
import type { SyncErrorCode } from '../bundle/sync-api';
import { createIntake } from './intake';
import type { ReceiverStore } from './store/types';

export interface ReceiverServerOptions {
  store: ReceiverStore;
  key: BundleSigner;
  dataDir: string;
  host: string;
  port: number;
  maxBundleBytes: number;
  tls?: { cert: string; key: string } | null;
  /** Requests one device (one key id from one address) may make per ten seconds. */
  rateLimit?: number;
  log?: (line: string) => void;
}

export interface ReceiverServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

const RATE_WINDOW_MS = 10_000;
/**
 * 2,000 requests per ten seconds and device: a laptop emptying an outbox of a thousand
 * bundles never meets it, a runaway or hostile client does.
 */
export const DEFAULT_RATE_LIMIT = 2_000;

function errorBody(code: SyncErrorCode, message: string): Buffer {
  return Buffer.from(JSON.stringify({ error: { code, message } }));
}

/** The claimed key id, for rate limiting only (it is checked by the signature later). */
function claimedKeyId(request: FastifyRequest): string {
  const input = request.headers['signature-input'];
  const match = typeof input === 'string' ? /keyid="([0-9a-f]{16})"/.exec(input) : null;
  return match ? match[1]! : '-';
}

export async function startReceiverServer(options: ReceiverServerOptions): Promise<ReceiverServer> {
  const log = options.log ?? (() => undefined);
  const intake = createIntake({ store: options.store, key: options.key, dataDir: options.dataDir, maxBundleBytes: options.maxBundleBytes, log });
  const app: FastifyInstance = Fastify({
    logger: false,
    bodyLimit: options.maxBundleBytes,
    // A slow laptop on a poor line may take minutes to upload a large bundle.
    requestTimeout: 10 * 60_000,
    return503OnClosing: true,
    ...(options.tls ? { https: { cert: options.tls.cert, key: options.tls.key } } : {}),
  }) as unknown as FastifyInstance;

  const send = (reply: FastifyReply, status: number, body: Buffer) => reply.code(status).header('content-type', 'application/json; charset=utf-8').send(body);

  // Every answer is signed here, whoever made it: intake, the error handler, not-found, rate limit.
  app.addHook('onSend', async (request, reply, payload) => {
    const body = Buffer.isBuffer(payload) ? payload : typeof payload === 'string' ? Buffer.from(payload) : null;
    if (body === null) return payload;
    const signature = request.headers.signature;
    reply.headers(signAnswer({ status: reply.statusCode, body, requestSignature: Array.isArray(signature) ? signature.join(', ') : (signature ?? '') }, options.key));
    return body;
  });

  app.setErrorHandler((error: { statusCode?: number; code?: string }, _request, reply) => {
    const status = error.statusCode ?? 500;
    if (status === 413 || error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      return send(reply, 413, errorBody('TOO_LARGE', `数据包超过接收端允许的 ${Math.round(options.maxBundleBytes / 1024 / 1024)} MB。请改用 U 盘导出，或请市局调大接收端的上限。`));
    }
    if (status === 429) return send(reply, 429, errorBody('RATE_LIMITED', '请求过于频繁，接收端暂不处理。稍后会自动重试。'));
    if (status >= 400 && status < 500) return send(reply, 400, errorBody('BAD_REQUEST', '请求格式不正确。请升级督查台后重试。'));
    log(`内部错误：${(error as Error).message ?? error.code ?? '未知'}`);
    return send(reply, 500, errorBody('INTERNAL', '接收端内部错误，数据未保存。稍后会自动重试；如持续出现，请联系市局管理员查看接收端日志。'));
  });
  app.setNotFoundHandler((_request, reply) => send(reply, 404, errorBody('NOT_FOUND', '接收端没有这个地址。请核对连接文件中的地址，并升级督查台。')));

  await app.register(rateLimit, {
    max: options.rateLimit ?? DEFAULT_RATE_LIMIT,
    timeWindow: RATE_WINDOW_MS,
    // Enrolment is open to any key, so it is counted per address alone: new key ids buy no more.
    keyGenerator: (request) => (request.url.startsWith('/v1/enroll') ? `${request.ip}|enroll` : `${request.ip}|${claimedKeyId(request)}`),
    errorResponseBuilder: () => ({ statusCode: 429, message: 'rate limited' }),
  });

  // The body is the bundle's exact bytes, whatever it claims to be: the signature and the receipt are over those.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: options.maxBundleBytes }, (_request, body, done) => done(null, body));

  app.route({
    method: ['GET', 'POST', 'PUT'],
    url: '/*',
    handler: async (request, reply) => {
      const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      const answer = await intake({ method: request.method, target: request.url, headers: request.headers, body });
      const code = (answer.json as { error?: { code?: string } } | null)?.error?.code;
      if (code && answer.status >= 400) log(`拒绝 ${request.method} ${request.url.split('?')[0]}：${answer.status} ${code}（${claimedKeyId(request)}）`);
      return send(reply, answer.status, answer.raw ?? Buffer.from(JSON.stringify(answer.json)));
    },
  });

  await app.listen({ host: options.host, port: options.port });
  const port = (app.server.address() as AddressInfo).port;
  const shownHost = options.host.includes(':') ? `[${options.host}]` : options.host;
  return {
    url: `${options.tls ? 'https' : 'http'}://${shownHost}:${port}`,
    port,
    close: () => app.close(),
  };
}
