/**
 * Electron's security checklist as plain functions, so they are unit-tested
 * without the Electron binary. main.ts only wires them to Electron's events.
 * See https://www.electronjs.org/docs/latest/tutorial/security.
 */
import type { BrowserWindowConstructorOptions } from 'electron';

/** The app is served from its own privileged scheme, never from http or file. */
export const APP_SCHEME = 'app';
export const APP_HOST = 'ducha';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY = `${APP_ORIGIN}/index.html`;

export function windowOptions(preloadPath: string, opts: { devTools: boolean }): BrowserWindowConstructorOptions {
  return {
    width: 1366,
    height: 768,
    minWidth: 1024,
    minHeight: 640,
    show: false,
    title: '督查台',
    backgroundColor: '#f5f5f5',
    autoHideMenuBar: true,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
      // Chromium's PDF viewer, for the print preview of PDFs the app itself made (blob: URLs).
      plugins: true,
      devTools: opts.devTools,
    },
  };
}

function parse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/** True only for pages of the app itself (app://ducha/...). */
export function isAppUrl(url: string): boolean {
  const u = parse(url);
  return u !== null && u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST && u.username === '' && u.password === '';
}

/** `will-navigate`: the window never leaves the app; reloads of app pages are fine. */
export function allowNavigation(url: string): boolean {
  return isAppUrl(url);
}

/**
 * Links the user may open in the system browser: https only, a real host name,
 * no credentials, no unusual ports. Everything else is dropped.
 */
export function isSafeExternalUrl(url: string): boolean {
  const u = parse(url);
  if (!u || u.protocol !== 'https:') return false;
  if (u.username !== '' || u.password !== '') return false;
  if (u.port !== '' && u.port !== '443') return false;
  if (!/^[a-z0-9.-]+\.[a-z]{2,}$/i.test(u.hostname)) return false;
  return url.length <= 2048;
}

/** setWindowOpenHandler: no new Electron windows, ever; safe https links go to the OS browser. */
export function windowOpenDecision(url: string): { action: 'deny'; openExternally: boolean } {
  return { action: 'deny', openExternally: isSafeExternalUrl(url) };
}

/**
 * Permission requests: only the camera (for evidence photos), only for the app's
 * own top-level page, only video. Microphone, location, notifications... all denied.
 */
export function allowPermission(
  permission: string,
  requestingUrl: string,
  details: { mediaTypes?: readonly string[]; isMainFrame?: boolean } = {},
): boolean {
  if (permission !== 'media') return false;
  if (!isAppUrl(requestingUrl)) return false;
  if (details.isMainFrame === false) return false;
  const types = details.mediaTypes ?? [];
  return types.length > 0 && types.every((t) => t === 'video');
}

/** IPC: only the app's own main frame may call the API. */
export function isTrustedSender(frame: { url: string; isMainFrame: boolean } | null | undefined): boolean {
  return !!frame && frame.isMainFrame && isAppUrl(frame.url);
}
