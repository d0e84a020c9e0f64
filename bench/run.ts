/**
 * `npm run bench`: every table prints our figure beside a baseline measured in
 * the same run on the same machine. Targets are shown, never asserted.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { PROJECT_ROOT } from '../core/paths';
import { benchBundleCrypto } from './bundle-crypto';
import { benchBundleImport } from './bundle-import';
import { benchPdf } from './pdf';
import { benchPersonnel } from './personnel';
import { benchReport } from './report';
import { benchScoring } from './scoring';
import { benchSpine } from './spine';
import { benchSync } from './sync';
import type { BenchTable } from './table';

const SUITES: { name: string; run: () => Promise<BenchTable> }[] = [
  { name: 'spine', run: benchSpine },
  { name: 'personnel', run: benchPersonnel },
  { name: 'scoring', run: benchScoring },
  { name: 'pdf', run: benchPdf },
  { name: 'bundle', run: benchBundleCrypto },
  { name: 'bundle-import', run: benchBundleImport },
  { name: 'sync', run: benchSync },
  { name: 'report', run: benchReport },
];

function fmt(n: number): string {
  if (!Number.isFinite(n)) return '—';
  return n >= 100 ? n.toFixed(0) : n >= 10 ? n.toFixed(1) : n.toFixed(2);
}

function print(table: BenchTable): void {
  const header = ['measure', 'median', 'p95', 'unit', 'baseline (same run)', 'base median', 'base p95', 'ratio', 'target'];
  const rows = table.rows.map((r) => [
    r.name,
    fmt(r.median),
    fmt(r.p95),
    r.unit,
    r.baseline?.name ?? '',
    r.baseline ? fmt(r.baseline.median) : '',
    r.baseline ? fmt(r.baseline.p95) : '',
    r.baseline && r.baseline.median > 0 ? `${(r.median / r.baseline.median).toFixed(2)}×` : '',
    r.target ?? '',
  ]);
  console.log(`\n## ${table.title}\n`);
  console.log(`| ${header.join(' | ')} |`);
  console.log(`|${header.map(() => '---').join('|')}|`);
  for (const r of rows) console.log(`| ${r.join(' | ')} |`);
}

const only = process.argv.slice(2);
console.log('Building the renderer for the bundle-size row…');
execFileSync(process.execPath, [path.join(PROJECT_ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn'], {
  cwd: PROJECT_ROOT,
  stdio: 'inherit',
});
for (const suite of SUITES) {
  if (only.length > 0 && !only.includes(suite.name)) continue;
  print(await suite.run());
}
