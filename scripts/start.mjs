#!/usr/bin/env node
// `npm start`: build, then open the desktop app where Electron's binary exists;
// otherwise say so and start the local browser host instead. `npm run web`
// (--web) goes straight to the browser host.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const webOnly = args.includes('--web');
const passThrough = args.filter((a) => a !== '--web');

function run(cmd, cmdArgs) {
  const r = spawnSync(cmd, cmdArgs, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

/**
 * The Electron binary, if it is installed. Requiring the `electron` package is not an
 * option: when its binary is missing, electron@45 starts downloading it, and nothing
 * may download a binary at run time. So read what its index.js would read, and only look.
 */
function electronBinary() {
  let pkgDir;
  try {
    pkgDir = path.dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  } catch {
    return null;
  }
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  const pathFile = path.join(pkgDir, 'path.txt');
  const relative = fs.existsSync(pathFile) ? fs.readFileSync(pathFile, 'utf8').trim() : null;
  if (!relative) return null;
  const full = override ? path.join(override, relative) : path.join(pkgDir, 'dist', relative);
  return fs.existsSync(full) ? full : null;
}

console.log('正在构建界面……');
run(process.execPath, [path.join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn']);

const electron = webOnly ? null : electronBinary();
if (electron) {
  run(process.execPath, [path.join(root, 'scripts', 'build-electron.mjs')]);
  console.log('正在启动督查台桌面程序……');
  const child = spawn(electron, ['.', ...passThrough], { cwd: root, stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  if (!webOnly) {
    console.log('未找到 Electron 程序文件（electron 包的二进制没有安装，本程序不会自行下载），改为启动本机浏览器服务。');
  }
  const port = process.env.PORT ?? '0';
  const child = spawn(process.execPath, [path.join(root, 'bin', 'ducha.mjs'), ...passThrough, 'serve', '--port', port], {
    cwd: root,
    stdio: 'inherit',
  });
  const stop = () => child.kill('SIGTERM');
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  child.on('exit', (code) => process.exit(code ?? 0));
}
