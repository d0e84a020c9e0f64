/**
 * The local browser host: the same renderer build Electron loads, served on
 * 127.0.0.1, with the API at POST /api/<method>.
 *
 * - Static files are served to anyone on loopback (they hold no data).
 * - Every /api call needs the random token made at this start (401 otherwise);
 *   it reaches the page in the URL fragment, which browsers never send to servers.
 * - A request whose Origin or Host is not this host's own is refused (403): that
 *   stops other web pages and DNS-rebinding tricks from driving the API.
 * - Errors are JSON in the contract's shape; stack traces never leave the process.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { isMethodName } from '../contract';
import type { ApiError, ApiResult, ErrorCode } from '../../lib/errors';
import type { Dispatch } from '../dispatch';
import { SECURITY_HEADERS } from '../security/csp';
import { resolveInside } from '../security/safe-path';

export const MAX_BODY_BYTES = 64 * 1024 * 1024;

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.map': 'application/json; charset=utf-8',
};

const STATUS_FOR: Record<ErrorCode, number> = {
  VALIDATION: 400,
  NOT_FOUND: 404,
  CONFLICT: 409,
  FORBIDDEN: 403,
  INTEGRITY: 422,
  INTERNAL: 500,
};

export interface HostOptions {
  dispatch: Dispatch;
  /** Folder of the built renderer (index.html + assets). */
  staticDir: string;
  port?: number;
  /** Fixed token for tests; a fresh random one otherwise. */
  token?: string;
}

export interface RunningHost {
  readonly url: string;
  readonly origin: string;
  readonly port: number;
  readonly token: string;
  close(): Promise<void>;
}

function sendJson(res: http.ServerResponse, status: number, body: unknown, headers: http.OutgoingHttpHeaders = {}): void {
  const data = JSON.stringify(body);
  res.writeHead(status, {
    ...SECURITY_HEADERS,
    'Content-Type': 'application/json; charset=utf-8',
    'Cache-Control': 'no-store',
    'Content-Length': Buffer.byteLength(data),
    ...headers,
  });
  res.end(data);
}

function sendError(res: http.ServerResponse, status: number, error: ApiError, headers?: http.OutgoingHttpHeaders): void {
  sendJson(res, status, { ok: false, error } satisfies ApiResult<never>, headers);
}

function tokenMatches(expected: Buffer, header: string | undefined): boolean {
  const m = /^Bearer ([A-Za-z0-9_-]{16,128})$/.exec(header ?? '');
  if (!m?.[1]) return false;
  const given = Buffer.from(m[1]);
  return given.length === expected.length && crypto.timingSafeEqual(given, expected);
}

/**
 * How much more of an over-long body is still read, and dropped, before the 413. Clients
 * go on sending the body whatever the host answers meanwhile: closing the socket while
 * bytes are still arriving makes the kernel answer them with a reset, and the reset
 * throws away the 413 the client has not read yet. Past this allowance the connection is
 * cut all the same, so a sender that never stops cannot keep the host reading.
 */
export const MAX_DRAIN_BYTES = MAX_BODY_BYTES;

class BodyTooLarge extends Error {
  /** False when the client was still sending at the drain allowance. */
  constructor(readonly complete: boolean) {
    super('too-large');
  }
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) {
        chunks.push(chunk);
        return;
      }
      // Over the limit: keep nothing, but keep reading until the body ends (see MAX_DRAIN_BYTES).
      chunks = [];
      if (size > MAX_BODY_BYTES + MAX_DRAIN_BYTES) {
        req.off('data', onData);
        req.pause();
        reject(new BodyTooLarge(false));
      }
    };
    req.on('data', onData);
    req.on('end', () => {
      if (size > MAX_BODY_BYTES) reject(new BodyTooLarge(true));
      else resolve(Buffer.concat(chunks).toString('utf8'));
    });
    req.on('error', reject);
  });
}

export function startHost(options: HostOptions): Promise<RunningHost> {
  const token = options.token ?? crypto.randomBytes(32).toString('base64url');
  const tokenBytes = Buffer.from(token);
  const staticDir = path.resolve(options.staticDir);
  let allowedOrigins = new Set<string>();
  let allowedHosts = new Set<string>();

  async function handleApi(req: http.IncomingMessage, res: http.ServerResponse, method: string): Promise<void> {
    if (req.method !== 'POST') {
      res.setHeader('Allow', 'POST');
      sendError(res, 405, { code: 'VALIDATION', message: '接口只接受 POST 请求。' });
      return;
    }
    if (!tokenMatches(tokenBytes, req.headers.authorization)) {
      sendError(res, 401, {
        code: 'FORBIDDEN',
        message: '缺少或错误的访问令牌。请使用启动时打印的完整网址（含 #token=…）重新打开页面。',
      });
      return;
    }
    if (!isMethodName(method)) {
      sendError(res, 404, { code: 'NOT_FOUND', message: `未知的接口「${method.slice(0, 80)}」。` });
      return;
    }
    let input: unknown;
    try {
      const body = await readBody(req);
      input = body.trim() === '' ? {} : (JSON.parse(body) as unknown);
    } catch (err) {
      if (err instanceof BodyTooLarge) {
        // The body has been read to its end (or to the drain allowance), so the answer reaches
        // the client; the connection is not reused after a body that was thrown away.
        sendError(
          res,
          413,
          { code: 'VALIDATION', message: `请求过大（上限 ${MAX_BODY_BYTES / 1024 / 1024} MB），请减少附件后重试。` },
          { Connection: 'close' },
        );
        if (!err.complete) res.once('finish', () => req.socket.destroy());
        return;
      }
      sendError(res, 400, { code: 'VALIDATION', message: '请求内容不是有效的 JSON。' });
      return;
    }
    const result = await options.dispatch(method, input);
    sendJson(res, result.ok ? 200 : STATUS_FOR[result.error.code], result);
  }

  function handleStatic(req: http.IncomingMessage, res: http.ServerResponse, urlPath: string): void {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { ...SECURITY_HEADERS, Allow: 'GET, HEAD' });
      res.end();
      return;
    }
    let file = resolveInside(staticDir, urlPath === '/' ? '/index.html' : urlPath);
    if (file === null) {
      res.writeHead(404, SECURITY_HEADERS);
      res.end();
      return;
    }
    // Paths without an extension are app routes: give them the page itself.
    if (!fs.existsSync(file) && path.extname(file) === '') file = path.join(staticDir, 'index.html');
    fs.stat(file, (err, stat) => {
      if (err || !stat.isFile()) {
        res.writeHead(404, { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' });
        res.end(urlPath === '/' ? '界面尚未构建：请先运行 npm run build。' : 'Not found');
        return;
      }
      const isIndex = path.basename(file as string) === 'index.html';
      res.writeHead(200, {
        ...SECURITY_HEADERS,
        'Content-Type': MIME[path.extname(file as string).toLowerCase()] ?? 'application/octet-stream',
        'Content-Length': stat.size,
        // Hashed asset names never change; the page itself must always be fresh.
        'Cache-Control': isIndex ? 'no-store' : 'public, max-age=31536000, immutable',
      });
      if (req.method === 'HEAD') res.end();
      else fs.createReadStream(file as string).pipe(res);
    });
  }

  const server = http.createServer((req, res) => {
    const fail = (err: unknown): void => {
      console.error('[ducha] host error:', err);
      if (!res.headersSent) sendError(res, 500, { code: 'INTERNAL', message: '程序内部错误，请重试。' });
      else res.destroy();
    };
    try {
      const host = req.headers.host ?? '';
      if (!allowedHosts.has(host)) {
        sendError(res, 403, { code: 'FORBIDDEN', message: '拒绝访问：请求的主机名不是本机服务。' });
        return;
      }
      const origin = req.headers.origin;
      if (origin !== undefined && !allowedOrigins.has(origin)) {
        sendError(res, 403, { code: 'FORBIDDEN', message: '拒绝访问：请求来自其他网站。' });
        return;
      }
      const url = new URL(req.url ?? '/', 'http://placeholder');
      if (url.pathname.startsWith('/api/')) {
        handleApi(req, res, url.pathname.slice('/api/'.length)).catch(fail);
      } else {
        handleStatic(req, res, url.pathname);
      }
    } catch (err) {
      fail(err);
    }
  });
  server.keepAliveTimeout = 5_000;

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      const port = (server.address() as AddressInfo).port;
      const origin = `http://127.0.0.1:${port}`;
      allowedOrigins = new Set([origin, `http://localhost:${port}`]);
      allowedHosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
      resolve({
        url: `${origin}/#token=${token}`,
        origin,
        port,
        token,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}
