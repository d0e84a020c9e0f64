/**
 * The verifier's worker thread: it gives the main thread's verdicts, a large import
 * through it stores exactly what the main thread alone stores, and an import never
 * depends on it (a worker that cannot start leaves the work to the main thread).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../paths';
import { deviceKey } from '../domain/device-key';
import { totalledOtherwise } from '../../test/support/exchange';
import { openTempApp, tempDir, type TempApp } from '../../test/support/temp-app';
import { BUREAU_PROFILE, makeSignedInspection } from '../../test/support/signed-inspection';
import { IMPORT_CHUNK_FILES, importFiles, importMany } from './import';
import { passedFile, preverified, preverify } from './verify-all';
import { Verifier, workerUrl } from './verify-on-worker';

let laptop: TempApp;
/** Bundles of three inspections, each exported several times (so: new, and known revisions). */
let texts: string[];
let tampered: string;
let unfaithful: string;
const apps: TempApp[] = [];
const folders: string[] = [];

beforeAll(async () => {
  laptop = openTempApp({ today: '2026-11-27' });
  const ids: string[] = [];
  for (const [i, code17] of ['91310113MA1G7H8J2', '91310115MA1H2K3L4', '91310104MA1J5M6N7'].entries()) {
    ids.push((await makeSignedInspection(laptop, { agencyName: `上海第${i + 1}检测有限公司`, code17, photo: i === 0 })).inspectionId);
  }
  texts = [];
  for (let round = 0; round < 9; round++) {
    for (const id of ids) texts.push((await laptop.ok('bundles/export', { inspectionIds: [id] })).files[0]?.text ?? '');
  }
  tampered = (texts[4] as string).replace('部分检验报告缺少审核人签字', '全部检验报告都有审核人签字');
  unfaithful = totalledOtherwise(texts[7] as string, deviceKey(laptop.ctx));
}, 120_000);

afterAll(() => {
  for (const a of [laptop, ...apps.splice(0)]) a?.dispose();
  for (const f of folders.splice(0)) fs.rmSync(f, { recursive: true, force: true });
});

async function bureau(): Promise<TempApp> {
  const app = openTempApp({ today: '2026-11-28' });
  apps.push(app);
  await app.ok('profile/save', BUREAU_PROFILE);
  await app.ok('bundles/trustEnrollment', { text: (await laptop.ok('keys/exportEnrollment', {})).text });
  return app;
}

/** Every stored record of the received inspections (not the import log, keys or settings, which carry local times). */
function records(app: TempApp): string {
  const db = app.ctx.store.sqlite;
  return JSON.stringify(
    ['agencies', 'inspections', 'revisions', 'inspection_items', 'findings', 'evidence', 'signatures', 'audit_log'].map((t) => db.prepare(`SELECT * FROM ${t} ORDER BY 1, 2`).all()),
  );
}

/**
 * The texts importMany hands the verifier, chunk by chunk. What it offers is fixed by the
 * file list; how much of it the worker gets through first depends on thread speed, so
 * tests assert the import's outcome, never that count.
 */
function recordScheduled(verifier: Verifier): string[][] {
  const scheduled: string[][] = [];
  const schedule = verifier.schedule.bind(verifier);
  verifier.schedule = (chunks) => {
    scheduled.push(...chunks);
    return schedule(chunks);
  };
  return scheduled;
}

/** Every file's result, with the dates in reasons (the two apps' import days) set aside. */
const comparable = (list: { reason: string }[]) => list.map((r) => ({ ...r, reason: r.reason.replace(/\d{4}-\d{2}-\d{2}/g, 'DATE') }));

const files = (list: string[]) => list.map((text, i) => ({ name: `第${i + 1}个.ducha.json`, text }));

describe('workerUrl', () => {
  it('runs the TypeScript sources through tsx, and the packaged worker beside main.mjs, unpacked from app.asar', () => {
    expect(workerUrl('file:///repo/core/exchange/verify-on-worker.ts').href).toBe('file:///repo/core/exchange/verify-worker-tsx.mjs');
    expect(workerUrl('file:///opt/Ducha/dist/electron/main.mjs').href).toBe('file:///opt/Ducha/dist/electron/verify-worker.mjs');
    expect(workerUrl('file:///opt/Ducha/resources/app.asar/dist/electron/main.mjs').href).toBe(
      'file:///opt/Ducha/resources/app.asar.unpacked/dist/electron/verify-worker.mjs',
    );
  });
});

describe('passedFile', () => {
  it('rebuilds, by parsing alone, exactly what the checks found of a file that passed them', () => {
    for (const text of texts.slice(0, 3)) {
      const found = preverified(text);
      expect(found).not.toBeNull();
      expect(passedFile(text)).toStrictEqual(found);
    }
    expect(preverified(tampered)).toBeNull();
    expect(preverified(unfaithful)).toBeNull();
  });
});

describe('Verifier', () => {
  it('gives, file by file, what preverify gives on this thread (false for the tampered file)', async () => {
    const verifier = new Verifier();
    try {
      expect(await verifier.warm()).toBe(true);
      const chunks = [texts.slice(0, 3), [tampered, texts[5] as string]];
      const jobs = verifier.schedule(chunks);
      for (const [k, chunk] of chunks.entries()) {
        const got = await jobs[k]?.result;
        expect(got).toEqual(chunk.map((t) => preverify(t)));
      }
      expect(await jobs[1]?.result).toEqual([false, true]);
    } finally {
      verifier.close();
    }
  });

  it('as packaged: the worker bundle that scripts/build-electron.mjs makes runs and agrees', async () => {
    const dir = tempDir('ducha-worker-bundle-');
    folders.push(dir);
    execFileSync(process.execPath, [path.join(PROJECT_ROOT, 'scripts', 'build-electron.mjs'), '--outdir', dir], { cwd: PROJECT_ROOT });
    const verifier = new Verifier(pathToFileURL(path.join(dir, 'verify-worker.mjs')));
    try {
      expect(await verifier.warm()).toBe(true);
      const [job] = verifier.schedule([texts.slice(0, 2)]);
      expect(await job?.result).toEqual(texts.slice(0, 2).map((t) => preverify(t)));
    } finally {
      verifier.close();
    }
  });

  it('that cannot start hands every chunk back to the main thread', async () => {
    const verifier = new Verifier(new URL('file:///nonexistent/verify-worker.mjs'));
    expect(await verifier.warm()).toBe(false);
    const jobs = verifier.schedule([texts.slice(0, 2)]);
    expect(jobs[0]?.claim()).toBe(true);
  });
});

describe('importMany', () => {
  const many = () => [...texts.slice(0, 12), tampered, ...texts.slice(12)];

  it('stores exactly what the main thread alone stores, with the same outcomes and reasons', async () => {
    expect(many().length).toBeGreaterThan(2 * IMPORT_CHUNK_FILES);
    const alone = await bureau();
    const expected = importFiles(alone.ctx, files(many()));
    const piped = await bureau();
    const verifier = piped.ctx.verifier;
    if (!verifier) throw new Error('no verifier');
    expect(await verifier.warm()).toBe(true);
    const scheduled = recordScheduled(verifier);
    const results = await importMany(piped.ctx, files(many()), verifier);
    // Everything after this thread's first chunk was offered to the worker.
    expect(scheduled.flat()).toEqual(many().slice(IMPORT_CHUNK_FILES));
    expect(comparable(results)).toEqual(comparable(expected));
    expect(results.filter((r) => r.outcome === 'refused').map((r) => r.fileName)).toEqual(['第13个.ducha.json']);
    expect(results.filter((r) => r.outcome === 'imported')).toHaveLength(many().length - 1);
    expect(records(piped)).toBe(records(alone));
    expect((await piped.ok('bundles/imports', {})).length).toBe(many().length);
  });

  it('refuses, as the main thread does, a revision this machine totals otherwise, met first in the worker\'s share', async () => {
    // Two inspections' bundles first (the main thread's chunk and more), then the forged one of the third, then its real one.
    const others = texts.filter((_, i) => i % 3 !== 1);
    const list = [...others.slice(0, 12), unfaithful, ...texts.slice(1)];
    expect(list.length).toBeGreaterThan(2 * IMPORT_CHUNK_FILES);
    const alone = await bureau();
    const expected = importFiles(alone.ctx, files(list));
    const piped = await bureau();
    const verifier = piped.ctx.verifier;
    if (!verifier) throw new Error('no verifier');
    expect(await verifier.warm()).toBe(true);
    const scheduled = recordScheduled(verifier);
    const results = await importMany(piped.ctx, files(list), verifier);
    expect(scheduled.flat()).toEqual(list.slice(IMPORT_CHUNK_FILES));
    expect(scheduled.flat()).toContain(unfaithful);
    const refused = results.filter((r) => r.outcome === 'refused');
    expect(refused.map((r) => r.fileName)).toEqual(['第13个.ducha.json']);
    expect(refused[0]?.reason).toMatch(/第 1 版的内容无法在本机如实还原/);
    expect(results.map((r) => [r.outcome, r.reason])).toEqual(expected.map((r) => [r.outcome, r.reason]));
    expect(records(piped)).toBe(records(alone));
  });

  it('does the same with no worker at all', async () => {
    const alone = await bureau();
    const expected = importFiles(alone.ctx, files(many()));
    const app = await bureau();
    const gone = new Verifier(new URL('file:///nonexistent/verify-worker.mjs'));
    const results = await importMany(app.ctx, files(many()), gone);
    expect(results.map((r) => r.outcome)).toEqual(many().map((t) => (t === tampered ? 'refused' : 'imported')));
    expect(comparable(results)).toEqual(comparable(expected));
    expect(records(app)).toBe(records(alone));
  });

  it('leaves the rest to the main thread when the worker dies halfway', async () => {
    // Three times over: the copies are duplicates, and the worker has plenty left to do.
    const list = files([...many(), ...many(), ...many()]);
    const alone = await bureau();
    const expected = importFiles(alone.ctx, list);
    const app = await bureau();
    const verifier = app.ctx.verifier;
    if (!verifier) throw new Error('no verifier');
    expect(await verifier.warm()).toBe(true);
    const importing = importMany(app.ctx, list, verifier);
    // importMany has written its first chunk and handed the rest to the worker: end it now.
    // However far the worker got, what it had not returned is checked on this thread.
    setImmediate(() => verifier.close());
    const results = await importing;
    expect(comparable(results)).toEqual(comparable(expected));
    expect(results.filter((r) => r.outcome === 'duplicate')).toHaveLength(2 * (many().length - 1));
    expect(records(app)).toBe(records(alone));
  });

  it('through bundles/import, while the worker is still loading', async () => {
    const app = await bureau();
    const { results } = await app.ok('bundles/import', { files: files(many()) });
    expect(results.map((r) => r.outcome)).toEqual(many().map((t) => (t === tampered ? 'refused' : 'imported')));
  });
});
