/**
 * Serving the renderer from app://ducha/ with a path-traversal guard and the
 * app's security headers. Returns a plain description that main.ts turns into
 * a Response, so the rules are tested without Electron.
 */
import path from 'node:path';
import { SECURITY_HEADERS } from '../core/security/csp';
import { resolveInside } from '../core/security/safe-path';
import { APP_HOST, APP_SCHEME } from './security';

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

export type AppRequestResult =
  | { status: 200; file: string; headers: Record<string, string> }
  | { status: 403 | 404; headers: Record<string, string> };

export function resolveAppRequest(requestUrl: string, rendererDir: string): AppRequestResult {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return { status: 404, headers: { ...SECURITY_HEADERS } };
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return { status: 403, headers: { ...SECURITY_HEADERS } };
  const file = resolveInside(rendererDir, url.pathname === '/' ? '/index.html' : url.pathname);
  if (!file) return { status: 404, headers: { ...SECURITY_HEADERS } };
  return {
    status: 200,
    file,
    headers: {
      ...SECURITY_HEADERS,
      'Content-Type': MIME[path.extname(file).toLowerCase()] ?? 'application/octet-stream',
    },
  };
}
