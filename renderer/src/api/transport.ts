/**
 * How the renderer reaches the core. Inside Electron the preload exposes
 * `window.ducha.invoke` (one IPC channel); in a browser the page talks to the
 * local host over HTTP with the token it found in its URL fragment. The same
 * build picks at run time.
 */
import type { ApiResult } from '../../../lib/errors';

export interface Transport {
  readonly kind: 'electron' | 'browser';
  invoke(method: string, input: unknown): Promise<ApiResult<unknown>>;
}

interface DuchaBridge {
  invoke(method: string, input: unknown): Promise<ApiResult<unknown>>;
}

declare global {
  interface Window {
    ducha?: DuchaBridge;
  }
}

export function tokenFromHash(hash: string): string | null {
  const m = /(?:^#|&)token=([A-Za-z0-9_-]{16,128})(?:&|$)/.exec(hash);
  return m?.[1] ?? null;
}

export function electronTransport(bridge: DuchaBridge): Transport {
  return { kind: 'electron', invoke: (method, input) => bridge.invoke(method, input) };
}

export function httpTransport(token: string | null, fetchImpl: typeof fetch = fetch.bind(globalThis)): Transport {
  return {
    kind: 'browser',
    async invoke(method, input) {
      if (!token) {
        return {
          ok: false,
          error: { code: 'FORBIDDEN', message: '页面地址中缺少访问令牌。请使用启动督查台时打印的完整网址（含 #token=…）打开。' },
        };
      }
      let res: Response;
      try {
        res = await fetchImpl(`./api/${method}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
          body: JSON.stringify(input ?? {}),
        });
      } catch {
        return {
          ok: false,
          error: { code: 'INTERNAL', message: '无法连接本机督查台服务。请确认 ducha serve 仍在运行，然后刷新页面。' },
        };
      }
      try {
        return (await res.json()) as ApiResult<unknown>;
      } catch {
        return { ok: false, error: { code: 'INTERNAL', message: `本机服务返回了无法识别的内容（HTTP ${res.status}）。请刷新页面重试。` } };
      }
    },
  };
}

export function pickTransport(win: Window = window): Transport {
  if (win.ducha && typeof win.ducha.invoke === 'function') return electronTransport(win.ducha);
  return httpTransport(tokenFromHash(win.location.hash));
}
