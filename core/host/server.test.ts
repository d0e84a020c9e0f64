import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTempApp, tempDir, type TempApp } from '../../test/support/temp-app';
import { startHost, type RunningHost } from './server';

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
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
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
});
