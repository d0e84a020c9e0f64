import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createIpcHandler } from './ipc';
import { resolveAppRequest } from './protocol';
import {
  allowNavigation,
  allowPermission,
  isSafeExternalUrl,
  isTrustedSender,
  windowOpenDecision,
  windowOptions,
} from './security';

describe('window options', () => {
  const prefs = windowOptions('/app/preload.cjs', { devTools: false }).webPreferences ?? {};
  it('isolates and sandboxes the renderer', () => {
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      devTools: false,
      preload: '/app/preload.cjs',
    });
  });
  it('opens at the inspectors’ smallest screen size', () => {
    const o = windowOptions('/p', { devTools: true });
    expect([o.width, o.height]).toEqual([1366, 768]);
  });
});

describe('navigation and new windows', () => {
  it('allows only the app’s own pages', () => {
    expect(allowNavigation('app://ducha/index.html?p=agencies')).toBe(true);
    for (const url of ['https://example.com', 'file:///etc/passwd', 'app://evil/index.html', 'http://127.0.0.1:3000', 'javascript:alert(1)', 'app://user:pw@ducha/']) {
      expect(allowNavigation(url)).toBe(false);
    }
  });
  it('never opens a new Electron window; only checked https links go to the OS browser', () => {
    expect(windowOpenDecision('https://www.samr.gov.cn/')).toEqual({ action: 'deny', openExternally: true });
    for (const url of ['http://www.samr.gov.cn/', 'file:///C:/Windows', 'https://user:pw@x.cn/', 'https://1.2.3.4/', 'https://x.cn:8443/', 'smb://share', 'not a url']) {
      expect(windowOpenDecision(url)).toEqual({ action: 'deny', openExternally: false });
      expect(isSafeExternalUrl(url)).toBe(false);
    }
  });
});

describe('permissions', () => {
  it('grants only the camera (video) to the app’s own main frame', () => {
    expect(allowPermission('media', 'app://ducha/index.html', { mediaTypes: ['video'], isMainFrame: true })).toBe(true);
    expect(allowPermission('media', 'app://ducha/index.html', { mediaTypes: ['audio'] })).toBe(false);
    expect(allowPermission('media', 'app://ducha/index.html', { mediaTypes: ['video', 'audio'] })).toBe(false);
    expect(allowPermission('media', 'app://ducha/index.html', { mediaTypes: ['video'], isMainFrame: false })).toBe(false);
    expect(allowPermission('media', 'https://evil.example', { mediaTypes: ['video'] })).toBe(false);
    for (const p of ['geolocation', 'notifications', 'clipboard-read', 'openExternal', 'usb', 'serial', 'hid']) {
      expect(allowPermission(p, 'app://ducha/index.html', { mediaTypes: ['video'] })).toBe(false);
    }
  });
});

describe('IPC bridge', () => {
  const dispatch = async (method: string, input: unknown) => ({ ok: true as const, value: { method, input } });
  const handler = createIpcHandler(dispatch);
  it('dispatches calls from the app’s own main frame', async () => {
    const r = await handler({ senderFrame: { url: 'app://ducha/index.html', isMainFrame: true } }, 'agencies/list', {});
    expect(r).toEqual({ ok: true, value: { method: 'agencies/list', input: {} } });
  });
  it('refuses other senders and bad method names', async () => {
    for (const frame of [null, { url: 'https://evil.example/', isMainFrame: true }, { url: 'app://ducha/index.html', isMainFrame: false }]) {
      const r = await handler({ senderFrame: frame }, 'agencies/list', {});
      expect(r).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    }
    const bad = await handler({ senderFrame: { url: 'app://ducha/', isMainFrame: true } }, 42, {});
    expect(bad).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
  });
  it('isTrustedSender requires both the app URL and the main frame', () => {
    expect(isTrustedSender({ url: 'app://ducha/x', isMainFrame: true })).toBe(true);
    expect(isTrustedSender({ url: 'app://ducha/x', isMainFrame: false })).toBe(false);
  });
});

describe('app:// protocol', () => {
  const root = path.resolve('/opt/ducha/renderer');
  it('serves files inside the renderer folder with the security headers', () => {
    const r = resolveAppRequest('app://ducha/assets/index.js', root);
    expect(r.status).toBe(200);
    if (r.status === 200) expect(r.file).toBe(path.join(root, 'assets', 'index.js'));
    expect(r.headers['Content-Security-Policy']).toContain("script-src 'self'");
    expect(resolveAppRequest('app://ducha/', root)).toMatchObject({ status: 200, file: path.join(root, 'index.html') });
  });
  it('refuses traversal and other hosts', () => {
    for (const url of ['app://ducha/%2e%2e/%2e%2e/etc/passwd', 'app://ducha/..%5c..%5cwin.ini', 'app://ducha/a/%2E%2E%2F%2E%2E%2F..%2Fetc']) {
      const r = resolveAppRequest(url, root);
      // Either refused, or (after URL normalisation) a path that is still inside the root.
      if (r.status === 200) expect(r.file.startsWith(root + path.sep)).toBe(true);
      else expect(r.status).toBe(404);
    }
    expect(resolveAppRequest('app://ducha/..%5c..%5cwin.ini', root).status).toBe(404);
    expect(resolveAppRequest('app://other/index.html', root).status).toBe(403);
    expect(resolveAppRequest('file:///etc/passwd', root).status).toBe(403);
  });
});
