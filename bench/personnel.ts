/**
 * Issue 4 benchmark (`npm run bench`): importing a 2,000-person 附件2 roster
 * from XLSX through the API — base64 decode, exceljs parse, header detection,
 * validation of every row, and the write in one transaction (replace mode, so
 * every run deletes and re-inserts 2,000 rows) — median and p95 over 7 runs.
 * Baseline, same run, same file: bare exceljs loading the workbook and
 * reading every cell, i.e. the cost of the XLSX format alone. Target ≤ 1 s.
 *
 * Run alone with `npx tsx bench/personnel.ts`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import { openApp, type App } from '../core/app';
import { guessMapping } from '../forms/roster-import';
import { makeCreditCode } from '../forms/credit-code';
import { tempDir } from '../test/support/temp-app';
import { rosterRows, xlsxBase64 } from '../test/support/roster-files';
import { summarize, timeRuns, type BenchTable } from './table';

const PERSONS = 2000;
const RUNS = 7;

async function ok<T>(app: App, method: string, input: unknown): Promise<T> {
  const r = await app.dispatch(method, input);
  if (!r.ok) throw new Error(`${method}: ${r.error.message}`);
  return r.value as T;
}

/** Rare characters in every fourth name, so the run covers the non-BMP path too. */
const name = (i: number) => (i % 4 === 0 ? `𠮷田${i}` : ['王喆', '李堃', '张龑'][i % 3] + String(i));

export async function benchPersonnel(): Promise<BenchTable> {
  const dataDir = tempDir('ducha-bench-personnel-');
  const app = openApp({ dataDir, host: 'cli', logError: () => {} });
  try {
    const agency = await ok<{ id: string }>(app, 'agencies/save', {
      name: '上海基准测试检测有限公司',
      creditCode: makeCreditCode('91310104MA1FL0000'),
      address: '上海市徐汇区宜山路 700 号',
      legalRep: '王喆',
      district: '徐汇区',
      kind: '检测机构',
    });
    const rows = rosterRows(PERSONS, name);
    const contentBase64 = await xlsxBase64(rows);
    const mapping = guessMapping(rows[0] ?? []);
    const input = { agencyId: agency.id, fileName: 'roster-2000.xlsx', contentBase64, mapping, mode: 'replace' };

    const bytes = Buffer.from(contentBase64, 'base64');
    const bare = async () => {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
      let cells = 0;
      wb.worksheets[0]?.eachRow((row) => row.eachCell(() => void cells++));
      if (cells < PERSONS * 5) throw new Error(`baseline read only ${cells} cells`);
    };
    const ourImport = async () => {
      const r = await ok<{ imported: number }>(app, 'personnel/import', input);
      if (r.imported !== PERSONS) throw new Error(`imported ${r.imported}, expected ${PERSONS}`);
    };
    // exceljs's parser needs a few runs before the JIT settles (the first load is
    // several times slower), so both sides are warmed up and then timed in
    // alternation: neither profits from running after the other.
    for (let i = 0; i < 3; i++) {
      await ourImport();
      await bare();
    }
    const ours: number[] = [];
    const base: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      ours.push(...(await timeRuns(1, ourImport)));
      base.push(...(await timeRuns(1, bare)));
    }
    const check = await ok<{ persons: unknown[] }>(app, 'personnel/get', { agencyId: agency.id });
    if (check.persons.length !== PERSONS) throw new Error(`roster has ${check.persons.length} rows after the runs`);

    return {
      title: `Personnel (附件2): import of a ${PERSONS.toLocaleString('en')}-row XLSX roster, ${RUNS} runs (${(bytes.length / 1024).toFixed(0)} KB)`,
      rows: [
        {
          name: 'personnel/import: parse + validate + write (replace)',
          ...summarize(ours),
          unit: 'ms',
          baseline: { name: 'exceljs load + read every cell', ...summarize(base) },
          target: '≤ 1000 ms',
        },
      ],
    };
  } finally {
    app.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const t = await benchPersonnel();
  console.log(`\n## ${t.title}\n`);
  for (const r of t.rows) {
    console.log(
      `${r.name}: median ${r.median.toFixed(0)} ms, p95 ${r.p95.toFixed(0)} ms | ${r.baseline?.name}: median ${r.baseline?.median.toFixed(0)} ms, p95 ${r.baseline?.p95.toFixed(0)} ms | target ${r.target}`,
    );
  }
}
