/**
 * The Electron main process: a thin shell around the same core the browser
 * host uses. Everything with rules in it lives in security.ts, protocol.ts and
 * ipc.ts, where it is unit-tested; this file only connects them to Electron.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { app, BrowserWindow, dialog, ipcMain, net, protocol, safeStorage, session, shell } from 'electron';
import { openApp, type App } from '../core/app';
import { resolveDataDir } from '../core/data-dir';
import { startSender } from '../core/sync/sender';
import { createIpcHandler, IPC_CHANNEL } from './ipc';
import { safeStorageProtector } from './key-protector';
import { resolveAppRequest } from './protocol';
import { allowNavigation, allowPermission, APP_ENTRY, APP_SCHEME, windowOpenDecision, windowOptions } from './security';

// Bundled to dist/electron/main.mjs; packaged builds keep migrations and the
// renderer as resources beside the asar.
const here = path.dirname(fileURLToPath(import.meta.url));
const resources = app.isPackaged ? process.resourcesPath : path.resolve(here, '..', '..');
process.env.DUCHA_MIGRATIONS_DIR ??= app.isPackaged
  ? path.join(resources, 'migrations')
  : path.join(resources, 'db', 'migrations');
if (app.isPackaged) process.env.DUCHA_FONTS_DIR ??= path.join(resources, 'fonts');
const rendererDir = app.isPackaged ? path.join(resources, 'renderer') : path.join(resources, 'dist', 'renderer');

protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true } },
]);

function flag(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  if (i >= 0) return process.argv[i + 1];
  const eq = process.argv.find((a) => a.startsWith(`${name}=`));
  return eq?.slice(name.length + 1);
}

let core: App | null = null;

function createWindow(): void {
  const win = new BrowserWindow(windowOptions(path.join(here, 'preload.cjs'), { devTools: !app.isPackaged }));
  win.once('ready-to-show', () => win.show());
  void win.loadURL(APP_ENTRY);
}

app.on('web-contents-created', (_event, contents) => {
  contents.on('will-navigate', (event, url) => {
    if (!allowNavigation(url)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!allowNavigation(url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    const decision = windowOpenDecision(url);
    if (decision.openExternally) void shell.openExternal(url);
    return { action: decision.action };
  });
});

app.whenReady().then(
  () => {
    const dataDir = flag('--data-dir') ?? (process.env.DUCHA_DATA_DIR ? undefined : app.getPath('userData'));
    try {
      // safeStorage works only once the app is ready; the device key is wrapped by it.
      const keyProtector = safeStorageProtector(safeStorage);
      core = openApp({ dataDir: resolveDataDir(dataDir), host: 'electron', ...(keyProtector ? { keyProtector } : {}) });
    } catch (err) {
      // Also when another program has the data folder open: the message names it.
      dialog.showErrorBox('督查台无法打开数据', (err as Error).message);
      app.quit();
      return;
    }

    session.defaultSession.setPermissionRequestHandler((webContents, permission, callback, details) => {
      callback(
        allowPermission(permission, webContents.getURL(), {
          mediaTypes: 'mediaTypes' in details ? details.mediaTypes : [],
          isMainFrame: details.isMainFrame,
        }),
      );
    });
    session.defaultSession.setPermissionCheckHandler((_wc, permission, origin) =>
      allowPermission(permission, origin, { mediaTypes: ['video'] }),
    );
    // No request ever leaves the renderer: only app:// (and devtools) are allowed. Sync runs
    // in this main process, to the pinned receiver only.
    session.defaultSession.webRequest.onBeforeRequest((details, callback) => {
      const ok = details.url.startsWith(`${APP_SCHEME}:`) || details.url.startsWith('devtools:');
      callback({ cancel: !ok });
    });

    protocol.handle(APP_SCHEME, async (request) => {
      const result = resolveAppRequest(request.url, rendererDir);
      if (result.status !== 200 || !fs.existsSync(result.file)) {
        return new Response(null, { status: result.status === 200 ? 404 : result.status, headers: result.headers });
      }
      const file = await net.fetch(pathToFileURL(result.file).toString());
      return new Response(file.body, { status: 200, headers: result.headers });
    });

    // Online sync to the bureau's receiver (no request at all until one is connected); it
    // stops by itself when the core closes.
    startSender(core.ctx);
    ipcMain.handle(IPC_CHANNEL, createIpcHandler(core.dispatch));
    createWindow();
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) createWindow();
    });
  },
  (err: unknown) => {
    console.error('[ducha] startup failed', err);
    app.quit();
  },
);

// Closing the core also lets go of the data folder's lock, so the next start (the
// desktop app, `ducha serve` or a command) may open it; a crash leaves a lock whose
// process is gone, which the next start takes over.
function closeCore(): void {
  core?.close();
  core = null;
}

app.on('window-all-closed', () => {
  closeCore();
  app.quit();
});
app.on('will-quit', closeCore);
