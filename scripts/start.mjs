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

function electronBinary() {
  try {
    // The electron package's main export is the path of its binary; it throws
    // when the binary was never downloaded (as on machines without internet).
    const p = createRequire(import.meta.url)('electron');
    return typeof p === 'string' && fs.existsSync(p) ? p : null;
  } catch {
    return null;
  }
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
    console.log('未找到 Electron 程序文件（本机无法下载 Electron），改为启动本机浏览器服务。');
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
