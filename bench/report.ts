/**
 * 附件4 benchmark (`npm run bench -- report`): the live report over a city's worth of records —
 * 5,000 agencies, 100,000 signed inspections (one in ten with a finding), 500,000 persons on
 * current 附件2 checklists — through the API, city-wide (市局, every district's records and
 * the 清单 of every agency with a problem) and for one district. 15 runs each, after warm-up.
 * Baseline, same run, same database: bare SQLite counting the two largest figures (distinct
 * agencies inspected in the period, persons on checklists filled in it) straight from the fact
 * tables, i.e. the cost of reading the data at all. The figures of both sides must agree.
 * Target ≤ 300 ms city-wide.
 *
 * Records are written straight into the tables (test/support/report-records.ts), the
 * migration's trigger turning every revision into report facts as the app's signing does;
 * the data folder is then opened again, as a desk opens the records it holds.
 *
 * Run alone with `npx tsx bench/report.ts`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openApp, type App } from '../core/app';
import { DISTRICTS } from '../forms/districts';
import type { A4Person } from '../forms/attachment4-figures';
import { writeAgency, writeChecklist, writeInspection } from '../test/support/report-records';
import { tempDir } from '../test/support/temp-app';
import { summarize, timeRuns, type BenchTable } from './table';

const AGENCIES = Number(process.env.BENCH_AGENCIES ?? 5_000);
const INSPECTIONS_PER_AGENCY = 20;
const PERSONS_PER_AGENCY = 100;
const RUNS = 15;
const PERIOD = { from: '2026-01-01', to: '2026-12-31' };

interface Counts {
  counts: { inspectedAgencies: number; personnelChecked: number };
  problemList: unknown[];
}

async function report(app: App, unit: string): Promise<Counts> {
  const r = await app.dispatch('reports/attachment4', { unit, ...PERIOD });
  if (!r.ok) throw new Error(`reports/attachment4: ${r.error.message}`);
  return r.value as Counts;
}

function day(n: number): string {
  const d = new Date(Date.UTC(2026, 0, 1 + (n % 360)));
  return d.toISOString().slice(0, 10);
}

function seed(app: App): void {
  const db = app.ctx.store.sqlite;
  const person = (id: string, n: number): A4Person => ({
    id,
    practising: n % 97 === 0 ? '否' : '是',
    education: '是',
    title: n % 89 === 0 ? '否' : '是',
    disclosureCancelled: false,
    qualificationRevoked: false,
  });
  db.transaction(() => {
    for (let a = 0; a < AGENCIES; a++) {
      const agencyId = `A${a}`;
      const district = DISTRICTS[a % DISTRICTS.length] as string;
      writeAgency(db, { id: agencyId, name: `上海基准检测${a}有限公司`, district, kind: '检测机构' });
      writeChecklist(db, {
        agencyId,
        filledOn: day(a),
        current: true,
        meetsRequirements: a % 13 === 0 ? '否' : '是',
        resourceRectifiedOn: '',
        resourceRectifiedNote: '',
        personnelRectifiedOn: '',
        personnelRectifiedNote: '',
        persons: Array.from({ length: PERSONS_PER_AGENCY }, (_, p) => person(`P${a}-${p}`, a * PERSONS_PER_AGENCY + p)),
      });
      for (let k = 0; k < INSPECTIONS_PER_AGENCY; k++) {
        const n = a * INSPECTIONS_PER_AGENCY + k;
        writeInspection(db, {
          id: `I${n}`,
          agencyId,
          kind: 'agency',
          inspectedOn: day(n),
          inspectingUnit: k % 2 === 0 ? district : '市局',
          spotCheck: n % 3 === 0,
          findings:
            n % 10 === 0
              ? [{ id: `F${n}`, severity: n % 30 === 0 ? '违法违规行为' : '一般问题', description: `检验报告第 ${n} 号缺少审核人签字`, directiveNo: '', caseNo: '', rectification: '', closedOn: null }]
              : [],
        });
      }
    }
  })();
}

export async function benchReport(): Promise<BenchTable> {
  const dataDir = tempDir('ducha-bench-report-');
  const t0 = performance.now();
  const seeding = openApp({ dataDir, host: 'cli', logError: () => {} });
  try {
    seed(seeding);
  } finally {
    seeding.close();
  }
  const seedMs = performance.now() - t0;
  // Timed as a desk would run it: opened on a populated data folder (statistics refreshed at open).
  const app = openApp({ dataDir, host: 'cli', logError: () => {} });
  try {
    const db = app.ctx.store.sqlite;
    const inspected = db.prepare('SELECT COUNT(DISTINCT agency_id) AS n FROM report_inspections WHERE inspected_on BETWEEN ? AND ?');
    const persons = db.prepare(
      'SELECT COUNT(*) AS n FROM personnel p JOIN personnel_checklists c ON c.agency_id = p.agency_id WHERE c.filled_on BETWEEN ? AND ?',
    );
    const bare = () => ({
      inspectedAgencies: (inspected.get(PERIOD.from, PERIOD.to) as { n: number }).n,
      personnelChecked: (persons.get(PERIOD.from, PERIOD.to) as { n: number }).n,
    });
    const district = DISTRICTS[0] as string;

    const check = await report(app, '市局');
    const expected = bare();
    if (check.counts.inspectedAgencies !== expected.inspectedAgencies || check.counts.personnelChecked !== expected.personnelChecked) {
      throw new Error(`the report (${JSON.stringify(check.counts)}) and the bare count (${JSON.stringify(expected)}) disagree`);
    }
    if (expected.inspectedAgencies !== AGENCIES || expected.personnelChecked !== AGENCIES * PERSONS_PER_AGENCY) {
      throw new Error(`seeded ${JSON.stringify(expected)}, expected ${AGENCIES} agencies and ${AGENCIES * PERSONS_PER_AGENCY} persons`);
    }
    for (let i = 0; i < 2; i++) {
      await report(app, '市局');
      await report(app, district);
      bare();
    }
    const city: number[] = [];
    const one: number[] = [];
    const base: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      city.push(...(await timeRuns(1, () => report(app, '市局'))));
      one.push(...(await timeRuns(1, () => report(app, district))));
      base.push(...(await timeRuns(1, bare)));
    }
    const baseline = { name: 'bare SQLite: COUNT(DISTINCT) inspected + COUNT persons', ...summarize(base) };
    return {
      title: `附件4: live report over ${AGENCIES.toLocaleString('en')} agencies, ${(AGENCIES * INSPECTIONS_PER_AGENCY).toLocaleString('en')} signed inspections, ${(AGENCIES * PERSONS_PER_AGENCY).toLocaleString('en')} persons; ${RUNS} runs (seeded in ${(seedMs / 1000).toFixed(0)} s; 清单 of ${check.problemList.length.toLocaleString('en')} agencies city-wide)`,
      rows: [
        { name: 'reports/attachment4 市局 (whole city)', ...summarize(city), unit: 'ms', baseline, target: '≤ 300 ms' },
        { name: `reports/attachment4 ${district}`, ...summarize(one), unit: 'ms', baseline },
      ],
    };
  } finally {
    app.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const t = await benchReport();
  console.log(`\n## ${t.title}\n`);
  for (const r of t.rows) {
    console.log(`${r.name}: median ${r.median.toFixed(0)} ms, p95 ${r.p95.toFixed(0)} ms | ${r.baseline?.name}: median ${r.baseline?.median.toFixed(1)} ms | target ${r.target ?? '—'}`);
  }
}
