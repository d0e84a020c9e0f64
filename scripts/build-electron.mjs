// Bundles the Electron main process (ESM), the bundle verifier's worker thread (ESM,
// beside main.mjs where core/exchange/verify-on-worker.ts looks for it) and the sandboxed
// preload (CommonJS, as sandboxed preloads require) into dist/electron, or into the
// folder after --outdir (the verifier's test builds the worker there). Native modules
// stay external.
import path from 'node:path';
import { build } from 'esbuild';

const at = process.argv.indexOf('--outdir');
const outdir = at > 0 ? path.resolve(process.argv[at + 1] ?? '') : 'dist/electron';

const common = { bundle: true, platform: 'node', target: 'node20', sourcemap: false, logLevel: 'warning' };
// Node-side ESM bundles; some bundled packages still call require().
const nodeEsm = {
  ...common,
  format: 'esm',
  external: ['electron', 'better-sqlite3'],
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
};

await build({ ...nodeEsm, entryPoints: ['electron/main.ts'], outfile: path.join(outdir, 'main.mjs') });
// It checks bundles and nothing else: no database, no Electron.
await build({ ...nodeEsm, entryPoints: ['core/exchange/verify-worker.ts'], outfile: path.join(outdir, 'verify-worker.mjs') });
await build({
  ...common,
  entryPoints: ['electron/preload.ts'],
  outfile: path.join(outdir, 'preload.cjs'),
  format: 'cjs',
  external: ['electron'],
});
