/**
 * Importing bundle files: per file, read and verify (verify-1-read.ts), then one of
 * duplicate / quarantine / apply, then one row in the import log saying which and why.
 *
 * Transactions: a batch runs in one transaction and each file in its own savepoint
 * inside it, so every file is all-or-nothing (a refused file rolls back to its
 * savepoint, leaving only its log row) while the batch pays for one durable commit
 * instead of one per file. Evidence files are written after the commit (files.ts).
 */
import fs from 'node:fs';
import { closeQuarantine, getQuarantined } from '../../db/repositories/bundles';
import { AppError } from '../../lib/errors';
import type { ImportCounts, ImportResult } from '../contract/bundles';
import { shanghaiToday, type ServiceContext } from '../context';
import { newId, nowIso } from '../ids';
import { currentActor } from '../domain/actor';
import { applyBundle, zeroCounts } from './apply';
import { hasBlob, PendingFiles, writePending } from './files';
import { holdBundle, quarantineFile, untrustedReason } from './quarantine';
import { passedFile, preverified, type Preverified } from './verify-all';
import { readBundle, type ReadBundle } from './verify-1-read';
import type { Verifier, VerifyJob } from './verify-on-worker';
import { trustOf } from './trust';
import { statements } from '../../db/repositories/import-statements';
import { ownKeyIds } from '../domain/device-key';

function resultOf(
  fileName: string,
  outcome: ImportResult['outcome'],
  reason: string,
  b: ReadBundle | null,
  counts: ImportCounts = zeroCounts(),
  inspections: ImportResult['inspections'] = [],
): ImportResult {
  return {
    fileName,
    outcome,
    reason,
    bundleId: b?.header.bundleId ?? null,
    keyId: b?.header.keyId ?? null,
    fingerprint: b?.fingerprint ?? null,
    inspector: b?.header.inspector ?? null,
    counts,
    inspections,
  };
}

function log(ctx: ServiceContext, r: ImportResult, payloadSha256: string | null): ImportResult {
  statements(ctx.store.db).insertLog.run({
    id: newId(),
    bundleId: r.bundleId,
    payloadSha256,
    keyId: r.keyId,
    fileName: r.fileName,
    receivedAt: nowIso(),
    outcome: r.outcome,
    reason: r.reason,
    counts: JSON.stringify(r.counts),
  });
  return r;
}

function refusalOf(error: unknown): string {
  if (error instanceof AppError) return error.message;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && code.startsWith('SQLITE_CONSTRAINT')) {
    return '数据包中的记录与本机已有记录冲突（编号重复或仍被引用），未导入任何内容。请核对后让发送方重新导出。';
  }
  // Never let one bad file stop the batch; the details go to the log for maintainers.
  console.error('[ducha] bundle import failed', error);
  return '导入时发生内部错误，未导入任何内容。请重试；若反复出现，请保留该文件并联系维护人员。';
}

interface ImportOptions {
  /** This device's own key ids, read once per batch. */
  own: Set<string>;
  /** Releasing from quarantine: the key must be trusted by now, and the file is not held again. */
  releasing?: boolean;
}

/**
 * One file, inside the caller's transaction. Never throws for anything about the file.
 * `pre`: the file passed its checks on the worker thread (verify-all.ts); without it they
 * run here.
 */
function importOne(ctx: ServiceContext, fileName: string, text: string, pending: PendingFiles, options: ImportOptions, pre: Preverified | null = null): ImportResult {
  const st = statements(ctx.store.db);
  const read = pre ? { ok: true as const, bundle: pre.read } : readBundle(text);
  if (!read.ok) return log(ctx, resultOf(fileName, 'refused', read.reason, null), null);
  const b = read.bundle;
  const h = b.header;

  const earlier = st.importedBy.get(h.bundleId) as { payloadSha256: string | null; receivedAt: string; fileName: string } | undefined;
  if (earlier) {
    if (earlier.payloadSha256 !== h.payloadSha256) {
      return log(ctx, resultOf(fileName, 'refused', `数据包编号 ${h.bundleId} 已被另一个内容不同的数据包使用过（${shanghaiToday(new Date(earlier.receivedAt))} 导入的“${earlier.fileName}”），未导入。请让发送方重新导出。`, b), h.payloadSha256);
    }
    // Nothing changes in the database; files missing since (or never written) are restored.
    const counts = zeroCounts();
    for (const e of b.payload.evidence) {
      if (!hasBlob(ctx.dataDir, e.sha256) && !pending.has(e.sha256)) {
        pending.add(e.sha256, e.mediaType, Buffer.from(e.base64, 'base64'));
        counts.files++;
      }
    }
    const reason = `该数据包已于 ${shanghaiToday(new Date(earlier.receivedAt))} 导入（文件“${earlier.fileName}”），本次未作任何更改。`;
    return log(ctx, resultOf(fileName, 'duplicate', reason, b, counts), h.payloadSha256);
  }

  if (trustOf(ctx, h.keyId, h.publicKey, options.own) === 'unknown') {
    if (options.releasing) throw new AppError('CONFLICT', `请先信任发送方密钥 ${h.keyId}（指纹 ${b.fingerprint}），再释放该数据包。`, 'bundleId');
    try {
      const { alreadyHeld } = holdBundle(ctx, b, fileName, text);
      const reason = alreadyHeld ? `该数据包已在隔离区中。${untrustedReason(b)}` : untrustedReason(b);
      return log(ctx, resultOf(fileName, 'quarantined', reason, b), h.payloadSha256);
    } catch (error) {
      return log(ctx, resultOf(fileName, 'refused', `无法放入隔离区：${refusalOf(error)}`, b), h.payloadSha256);
    }
  }

  const files = new PendingFiles();
  try {
    const outcome = ctx.store.transaction(() => {
      const o = applyBundle(ctx, b, files, pending, pre?.checked ?? null);
      log(ctx, resultOf(fileName, 'imported', o.notes.join(''), b, o.counts, o.inspections), h.payloadSha256);
      // Trusted meanwhile and offered again directly: the copy held in quarantine is done with.
      if ((st.quarantineStatus.get(h.bundleId) as { status: string } | undefined)?.status === 'held') {
        closeQuarantine(ctx.store.db, h.bundleId, 'released', nowIso(), JSON.stringify(currentActor(ctx)));
        files.released.push(quarantineFile(ctx.dataDir, h.bundleId));
      }
      return o;
    });
    pending.merge(files);
    return resultOf(fileName, 'imported', outcome.notes.join(''), b, outcome.counts, outcome.inspections);
  } catch (error) {
    return log(ctx, resultOf(fileName, 'refused', refusalOf(error), b), h.payloadSha256);
  }
}

function finish(ctx: ServiceContext, pending: PendingFiles, results: ImportResult[]): ImportResult[] {
  const failure = pending.size > 0 || pending.released.length > 0 ? writePending(ctx.dataDir, pending) : null;
  if (!failure) return results;
  return results.map((r) => (r.counts.files > 0 ? { ...r, reason: `${r.reason}${failure}` } : r));
}

type ImportFile = { name: string; text: string };

/** The files in one transaction (one durable commit), each in its own savepoint; `pre` per file as for importOne. */
export function importFiles(ctx: ServiceContext, files: ImportFile[], pre: readonly (Preverified | null)[] | null = null): ImportResult[] {
  const pending = new PendingFiles();
  const own = ownKeyIds(ctx);
  const results = ctx.store.transaction(() =>
    files.map((f, i) => importOne(ctx, f.name || '（未命名文件）', f.text, pending, { own }, pre?.[i] ?? null)),
  );
  return finish(ctx, pending, results);
}

/** Per file, what the worker's checks found if it passed them, else null (checked here). */
function passedFiles(files: ImportFile[], passes: boolean[] | null): (Preverified | null)[] {
  return files.map((f, i) => (passes?.[i] ? passedFile(f.text) : null));
}

/** Files per job for the worker. */
export const IMPORT_CHUNK_FILES = 10;

const nextTick = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * `bundles/import`: a few files as importFiles does; more in chunks, in order, their
 * checks made on the verifier's worker thread while this thread writes the chunks
 * before. This thread checks the first chunk itself (so neither waits for the other at
 * the start), any chunk the worker cannot take (still loading, or gone), and, rather
 * than wait for the worker, the next chunk it has not been sent yet (the verifier keeps
 * only a few in flight): so whichever thread is faster on this machine does more of the
 * checking, while the writes stay in file order. Each transaction takes every chunk
 * whose checks are in by then, so the commits grow when the checks run ahead; each file
 * is still all or nothing. Between transactions the event loop runs, so results arrive
 * and other calls are answered; no transaction is open across it.
 */
export async function importMany(ctx: ServiceContext, files: ImportFile[], verifier: Verifier | undefined): Promise<ImportResult[]> {
  if (!verifier || files.length <= 2 * IMPORT_CHUNK_FILES) return importFiles(ctx, files);
  const chunks: ImportFile[][] = [];
  for (let i = 0; i < files.length; i += IMPORT_CHUNK_FILES) chunks.push(files.slice(i, i + IMPORT_CHUNK_FILES));
  // Job k is chunk k + 1; the first chunk is this thread's.
  const chunkOf = (k: number) => chunks[k + 1] as ImportFile[];
  const jobs = verifier.schedule(chunks.slice(1).map((c) => c.map((f) => f.text)));
  const checkedHere = new Map<number, (Preverified | null)[]>();
  const checkHere = (k: number) => checkedHere.set(k, chunkOf(k).map((f) => preverified(f.text)));
  /** The next job after k that the worker has not been sent, taken for this thread; -1 if none. */
  const takeNext = (k: number) => {
    for (let j = k + 1; j < jobs.length; j++) if ((jobs[j] as VerifyJob).claim()) return j;
    return -1;
  };
  const checksOf = async (k: number): Promise<(Preverified | null)[]> => {
    const job = jobs[k] as VerifyJob;
    for (;;) {
      const mine = checkedHere.get(k);
      if (mine) {
        checkedHere.delete(k);
        return mine;
      }
      if (job.claim()) checkHere(k);
      else if (job.settled) return passedFiles(chunkOf(k), await job.result);
      else {
        const next = takeNext(k);
        if (next < 0) return passedFiles(chunkOf(k), await job.result);
        checkHere(next);
        await nextTick();
      }
    }
  };

  const results = importFiles(ctx, chunks[0] as ImportFile[]);
  await nextTick();
  for (let k = 0; k < jobs.length; ) {
    let batch = chunkOf(k);
    const pre = [...(await checksOf(k))];
    // Whatever else is checked by now goes into the same transaction.
    while (k + 1 < jobs.length && (checkedHere.has(k + 1) || (jobs[k + 1] as VerifyJob).settled)) {
      k++;
      batch = batch.concat(chunkOf(k));
      pre.push(...(await checksOf(k)));
    }
    results.push(...importFiles(ctx, batch, pre));
    k++;
    await nextTick();
  }
  return results;
}

export function releaseQuarantined(ctx: ServiceContext, bundleId: string): ImportResult {
  const { db } = ctx.store;
  const row = getQuarantined(db, bundleId);
  if (!row) throw new AppError('NOT_FOUND', '隔离区中没有这个数据包，可能已被释放或删除。请刷新后重试。', 'bundleId');
  if (row.status !== 'held') {
    throw new AppError('CONFLICT', `该数据包已${row.status === 'released' ? '释放导入' : '删除'}。请刷新后重试。`, 'bundleId');
  }
  const file = quarantineFile(ctx.dataDir, bundleId);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    throw new AppError('INTEGRITY', `隔离区文件“${file}”已丢失，无法导入。请让发送方重新发送该数据包。`, 'bundleId');
  }
  const pending = new PendingFiles();
  const result = ctx.store.transaction(() => {
    const r = importOne(ctx, row.fileName, text, pending, { own: ownKeyIds(ctx), releasing: true });
    if (r.outcome === 'imported' || r.outcome === 'duplicate') closeQuarantine(db, bundleId, 'released', nowIso(), JSON.stringify(currentActor(ctx)));
    return r;
  });
  if (result.outcome === 'imported' || result.outcome === 'duplicate') pending.released.push(file);
  const [done] = finish(ctx, pending, [result]);
  return done ?? result;
}

export function discardQuarantined(ctx: ServiceContext, bundleId: string): void {
  const { db } = ctx.store;
  const row = getQuarantined(db, bundleId);
  if (!row || row.status !== 'held') throw new AppError('NOT_FOUND', '隔离区中没有这个数据包，可能已被释放或删除。请刷新后重试。', 'bundleId');
  closeQuarantine(db, bundleId, 'discarded', nowIso(), JSON.stringify(currentActor(ctx)));
  fs.rmSync(quarantineFile(ctx.dataDir, bundleId), { force: true });
}

/** `bundles/verify`: what importing this file would meet, without writing anything. */
export function verifyOnly(ctx: ServiceContext, text: string) {
  const read = readBundle(text);
  if (!read.ok) return { ok: false as const, code: read.code, reason: read.reason };
  const b = read.bundle;
  const h = b.header;
  const names = new Map(b.payload.agencies.map((a) => [a.id, a.name]));
  return {
    ok: true as const,
    bundle: {
      bundleId: h.bundleId,
      createdAt: h.createdAt,
      alg: h.alg,
      keyId: h.keyId,
      fingerprint: b.fingerprint,
      inspector: h.inspector,
      trust: trustOf(ctx, h.keyId, h.publicKey, ownKeyIds(ctx)),
      alreadyImported: statements(ctx.store.db).importedBy.get(h.bundleId) !== undefined,
      agencies: b.payload.agencies.length,
      inspections: b.payload.inspections.map((i) => ({
        id: i.id,
        agencyName: names.get(i.agencyId) ?? '',
        inspectedOn: i.inspectedOn,
        revisions: i.revisions.length,
      })),
      evidenceFiles: b.payload.evidence.length,
      part: b.payload.partOf ? { index: b.payload.partOf.part, parts: b.payload.partOf.parts } : null,
      bytes: Buffer.byteLength(text, 'utf8'),
    },
  };
}

