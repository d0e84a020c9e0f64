import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTempApp, tempDir, type TempApp } from '../../test/support/temp-app';
import { MAX_BODY_BYTES, MAX_DRAIN_BYTES, startHost, type RunningHost } from './server';

let app: TempApp;
let host: RunningHost;
let staticDir: string;

beforeAll(async () => {
  app = openTempApp();
  staticDir = tempDir('ducha-static-');
  fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>督查台</title>');
  fs.mkdirSync(path.join(staticDir, 'assets'));
  fs.writeFileSync(path.join(staticDir, 'assets', 'app.js'), 'console.log(1)');
  fs.writeFileSync(path.join(path.dirname(staticDir), 'secret.txt'), 'do not serve');
  host = await startHost({ dispatch: app.dispatch, staticDir });
});
afterAll(async () => {
  await host.close();
  app.dispose();
});

/** Raw requests, so tests can send Host/Origin headers fetch would not let them set. */
function request(
  pathname: string,
  options: { method?: string; headers?: Record<string, string>; body?: string | Buffer } = {},
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port: host.port, path: pathname, method: options.method ?? 'GET', headers: options.headers },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

const auth = () => ({ Authorization: `Bearer ${host.token}` });

describe('browser host', () => {
  it('prints a URL on 127.0.0.1 carrying the token in the fragment', () => {
    expect(host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#token=[\w-]{40,}$/);
  });

  it('serves the page and its assets without a token, with the CSP', async () => {
    const page = await request('/');
    expect(page.status).toBe(200);
    expect(page.body).toContain('督查台');
    expect(page.headers['content-security-policy']).toContain("default-src 'self'");
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    const asset = await request('/assets/app.js');
    expect(asset.status).toBe(200);
    expect(asset.headers['content-type']).toMatch(/javascript/);
  });

  it('never serves files outside the renderer folder', async () => {
    for (const p of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt', '/..%5csecret.txt']) {
      const res = await request(p);
      expect(res.body).not.toContain('do not serve');
    }
  });

  it('answers 401 without the token or with a wrong one', async () => {
    expect((await request('/api/agencies/list', { method: 'POST', body: '{}' })).status).toBe(401);
    const wrong = await request('/api/agencies/list', { method: 'POST', body: '{}', headers: { Authorization: 'Bearer AAAAAAAAAAAAAAAAAAAAAAAA' } });
    expect(wrong.status).toBe(401);
    expect(JSON.parse(wrong.body)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('answers 403 for a foreign Origin and for a foreign Host (DNS rebinding)', async () => {
    const origin = await request('/api/agencies/list', {
      method: 'POST',
      body: '{}',
      headers: { ...auth(), Origin: 'https://evil.example' },
    });
    expect(origin.status).toBe(403);
    const hostHeader = await request('/api/agencies/list', {
      method: 'POST',
      body: '{}',
      headers: { ...auth(), Host: `evil.example:${host.port}` },
    });
    expect(hostHeader.status).toBe(403);
  });

  it('answers 404 for unknown methods and 405 for GET on the API', async () => {
    expect((await request('/api/agencies/nuke', { method: 'POST', body: '{}', headers: auth() })).status).toBe(404);
    expect((await request('/api/agencies/list', { headers: auth() })).status).toBe(405);
  });

  it('runs a method with the token and its own Origin', async () => {
    const res = await request('/api/agencies/list', {
      method: 'POST',
      body: '{}',
      headers: { ...auth(), Origin: host.origin, 'Content-Type': 'application/json' },
    });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toEqual({ ok: true, value: [] });
  });

  it('answers 400 with a Chinese message for malformed JSON and for invalid input, without a stack trace', async () => {
    const bad = await request('/api/agencies/save', { method: 'POST', body: '{"name":', headers: auth() });
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body).error.message).toMatch(/JSON/);
    const invalid = await request('/api/agencies/save', { method: 'POST', body: '{"name":""}', headers: auth() });
    expect(invalid.status).toBe(400);
    const parsed = JSON.parse(invalid.body);
    expect(parsed.error.code).toBe('VALIDATION');
    expect(parsed.error.path).toBe('name');
    expect(invalid.body).not.toMatch(/node_modules|\.ts:\d+|at Object/);
  });

  it('answers zod\'s own checks in Chinese too: unknown keys (a real "__proto__" key) and too-long text', async () => {
    const someId = '01a23bf9-be69-7020-9078-6b8cd68d5c02';
    const cases: [string, string][] = [
      ['system/info', '{"__proto__":{"polluted":true}}'],
      ['templates/list', '{"__proto__":1,"extra":2}'],
      ['agencies/list', JSON.stringify({ query: '查'.repeat(101) })],
      ['personnel/search', JSON.stringify({ query: 'x'.repeat(51) })],
      ['findings/save', JSON.stringify({ inspectionId: someId, itemNo: 99, description: '问题', severity: '一般问题' })],
      [
        'inspections/create',
        JSON.stringify({
          agencyId: someId,
          type: '专项监督检查',
          inspectedOn: '2026-01-05',
          inspectors: Array.from({ length: 11 }, () => ({ name: '王春艳', badgeNo: '31000120001' })),
        }),
      ],
    ];
    for (const [method, body] of cases) {
      const res = await request(`/api/${method}`, { method: 'POST', body, headers: { ...auth(), 'Content-Type': 'application/json' } });
      expect(res.status, method).toBe(400);
      const { error } = JSON.parse(res.body) as { error: { code: string; message: string } };
      expect(error.code, method).toBe('VALIDATION');
      expect(error.message, method).toMatch(/[\u4e00-\u9fff]/);
      expect(error.message, method).not.toMatch(/Too big|Too small|Unrecognized|expected|Invalid|string|number/i);
      // Field names are quoted 「…」; nothing else in the message is English.
      expect(error.message.replace(/「[^」]*」/g, ''), method).not.toMatch(/[A-Za-z]/);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('answers 413 with its Chinese message to a body over the limit, instead of resetting the connection', async () => {
    // 65 MB of JSON whitespace: just over MAX_BODY_BYTES, made once in memory.
    const body = Buffer.alloc(MAX_BODY_BYTES + 1024 * 1024, 0x20);
    const res = await request('/api/agencies/list', { method: 'POST', body, headers: { ...auth(), 'Content-Type': 'application/json' } });
    expect(res.status).toBe(413);
    expect(res.headers.connection).toBe('close');
    expect(JSON.parse(res.body)).toEqual({
      ok: false,
      error: { code: 'VALIDATION', message: expect.stringMatching(/^请求过大（上限 64 MB），请减少附件后重试。$/) },
    });
    // The host goes on serving.
    expect((await request('/api/agencies/list', { method: 'POST', body: '{}', headers: auth() })).status).toBe(200);
  });

  it('cuts a sender that goes on past the drain allowance, and goes on serving', async () => {
    // One 1 MB chunk written again and again (chunked, no length): memory stays bounded.
    const chunk = Buffer.alloc(1024 * 1024, 0x20);
    const limit = MAX_BODY_BYTES + MAX_DRAIN_BYTES + 32 * chunk.length;
    const outcome = await new Promise<{ status?: number; error?: string; sent: number }>((resolve) => {
      let sent = 0;
      let done = false;
      const finish = (r: { status?: number; error?: string }): void => {
        if (done) return;
        done = true;
        req.destroy();
        resolve({ ...r, sent });
      };
      const req = http.request(
        { host: '127.0.0.1', port: host.port, path: '/api/agencies/list', method: 'POST', headers: auth() },
        (res) => {
          res.resume();
          finish({ status: res.statusCode ?? 0 });
        },
      );
      req.on('error', (err: NodeJS.ErrnoException) => finish({ error: err.code ?? err.message }));
      const pump = (): void => {
        while (!done && sent < limit) {
          sent += chunk.length;
          if (!req.write(chunk)) {
            req.once('drain', pump);
            return;
          }
        }
        if (!done) finish({ error: 'the host read past its drain allowance' });
      };
      pump();
    });
    // Whether the 413 arrives before the cut is the kernel's business; that the host stops reading is not.
    expect(String(outcome.error ?? outcome.status)).toMatch(/^(413|ECONNRESET|EPIPE)$/);
    expect(outcome.sent).toBeLessThan(limit);
    expect((await request('/api/agencies/list', { method: 'POST', body: '{}', headers: auth() })).status).toBe(200);
  });
});
