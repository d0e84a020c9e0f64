// Bundles the Electron main process (ESM), the bundle verifier's worker thread (ESM,
// beside main.mjs where core/exchange/verifier.ts looks for it) and the sandboxed
// preload (CommonJS, as sandboxed preloads require) into dist/electron. Native modules
// stay external.
import { build } from 'esbuild';

const common = { bundle: true, platform: 'node', target: 'node20', sourcemap: false, logLevel: 'warning' };

await build({
  ...common,
  entryPoints: ['electron/main.ts'],
  outfile: 'dist/electron/main.mjs',
  format: 'esm',
  external: ['electron', 'better-sqlite3'],
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
});

await build({
  ...common,
  entryPoints: ['core/exchange/verify-worker.ts'],
  outfile: 'dist/electron/verify-worker.mjs',
  format: 'esm',
  // It checks bundles and nothing else: no database, no Electron.
  external: ['electron', 'better-sqlite3'],
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
});

await build({
  ...common,
  entryPoints: ['electron/preload.ts'],
  outfile: 'dist/electron/preload.cjs',
  format: 'cjs',
  external: ['electron'],
});
