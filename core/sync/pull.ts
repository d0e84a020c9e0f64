/**
 * A desk's pull: the bundles of its scope from the receiver's feed (GET /v1/feed), each
 * fetched (GET /v1/bundles/{id}), checked against the feed's SHA-256 and size, and imported
 * through the very path a USB file takes (importFiles): the same verification, the same
 * quarantine of senders this desk does not trust yet, the same import log.
 *
 * The cursor (`feed_cursor`) moves past bundles only after their import committed, so a
 * crash in between imports the same bytes again next time, which the import reports as a
 * duplicate: nothing is lost and nothing is applied twice. Bundles are fetched a few at a
 * time and imported a batch per transaction, as a folder of files is.
 */
import { sha256Hex } from '../../bundle/canonical';
import { FEED_PAGE_DEFAULT, SYNC_PATHS, feedAnswerSchema, type FeedItem } from '../../bundle/sync-api';
import { getConnection, updateConnection, type ConnectionRow } from '../../db/repositories/sync';
import type { ImportOutcome } from '../contract/bundles';
import type { ServiceContext } from '../context';
import type { DeviceKey } from '../../bundle/keys';
import { importFiles } from '../exchange/import';
import { nowIso } from '../ids';
import { callReceiver, ReceiverUnreachable, type ClientOptions, type ReceiverAnswer, type ReceiverRequest } from './client';
import { pinOf } from './connection';
import { refusalText } from './device';

/** What the feed, the bundle download and the decisions need: the app, the pinned receiver, the device key. */
export interface ExchangeEnv {
  ctx: ServiceContext;
  row: ConnectionRow;
  key: DeviceKey;
  client: ClientOptions;
}

/** A bundle file may be as large as the receiver accepts (256 MB by default), with room to spare. */
export const BUNDLE_DOWNLOAD_MAX_BYTES = 300 * 1024 * 1024;

export interface PullResult {
  /** Bundles processed, by what the import made of them. */
  counts: Record<ImportOutcome, number>;
  /** Chinese, for the desk: why the pull stopped, and bundles the import refused. */
  errors: string[];
  /** The feed cursor after the pull: the arrival number of the last bundle processed. */
  cursor: number;
}

/** Bundles downloaded at once: each request waits mostly on the receiver and the line, not on this machine. */
const DOWNLOADS_AT_ONCE = 4;
/** Bytes of bundle text held for one import at most; a page of large evidence parts is split. */
const BATCH_MAX_BYTES = 64 * 1024 * 1024;

/** The page's items in order, cut where the next would take a batch over BATCH_MAX_BYTES (a batch has at least one). */
function batchesOf(items: readonly FeedItem[]): FeedItem[][] {
  const out: FeedItem[][] = [];
  let bytes = 0;
  for (const item of items) {
    const last = out.at(-1);
    if (last && bytes + item.bytes <= BATCH_MAX_BYTES) {
      last.push(item);
      bytes += item.bytes;
    } else {
      out.push([item]);
      bytes = item.bytes;
    }
  }
  return out;
}

/** Downloads the batch, a few at a time, answers in the batch's order. */
async function downloadAll(env: ExchangeEnv, batch: readonly FeedItem[]): Promise<({ text: string } | { error: string })[]> {
  const out: ({ text: string } | { error: string })[] = new Array(batch.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < batch.length) {
      const i = next++;
      out[i] = await download(env, batch[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(DOWNLOADS_AT_ONCE, batch.length) }, worker));
  return out;
}

/** A believed answer, or the Chinese reason there was none. */
export async function ask(env: ExchangeEnv, request: ReceiverRequest, client: ClientOptions = env.client): Promise<ReceiverAnswer | { unreachable: string }> {
  try {
    return await callReceiver(pinOf(env.row), env.key, request, client);
  } catch (error) {
    if (error instanceof ReceiverUnreachable) return { unreachable: error.message };
    throw error;
  }
}

const zero = (): Record<ImportOutcome, number> => ({ imported: 0, duplicate: 0, quarantined: 0, refused: 0 });

/** The bundle's bytes, exactly as the feed announced them; else the Chinese reason to stop. */
async function download(env: ExchangeEnv, item: FeedItem): Promise<{ text: string } | { error: string }> {
  const answer = await ask(env, { method: 'GET', path: SYNC_PATHS.bundle(item.bundleId) }, { ...env.client, maxAnswerBytes: Math.max(env.client.maxAnswerBytes ?? 0, BUNDLE_DOWNLOAD_MAX_BYTES) });
  if ('unreachable' in answer) return { error: `下载数据包 ${item.bundleId} 时无法连接接收端：${answer.unreachable}。本次拉取已停止，下次同步时继续。` };
  if (answer.status !== 200) {
    return { error: `接收端拒绝提供数据包 ${item.bundleId}：${refusalText(answer).message}。本次拉取已停止；若反复出现，请联系市局管理员核对本审核端的辖区。` };
  }
  // Only the bytes the feed named are imported: anything else (a truncated or substituted file) never is.
  if (answer.body.length !== item.bytes || sha256Hex(answer.body) !== item.sha256) {
    return { error: `下载的数据包 ${item.bundleId} 与接收端目录登记的大小或 SHA-256 不符，未导入。本次拉取已停止，下次同步时重试；若反复出现，请联系市局管理员。` };
  }
  return { text: answer.body.toString('utf8') };
}

/**
 * Pages the feed from the stored cursor until the receiver says no more follows, importing
 * each bundle in order. Stops at the first bundle it cannot fetch intact (the cursor stays
 * before it, so the next pass tries it again). Never throws for anything the receiver says.
 */
export async function pullFeed(env: ExchangeEnv, options: { pageSize?: number } = {}): Promise<PullResult> {
  const { ctx } = env;
  const counts = zero();
  const errors: string[] = [];
  let cursor = getConnection(ctx.store.db)?.feedCursor ?? 0;
  const pageSize = options.pageSize ?? FEED_PAGE_DEFAULT;
  for (;;) {
    const answer = await ask(env, { method: 'GET', path: SYNC_PATHS.feed(cursor, pageSize) });
    if ('unreachable' in answer) {
      errors.push(`读取接收端的数据包目录时无法连接：${answer.unreachable}。下次同步时继续。`);
      break;
    }
    const page = answer.status === 200 ? feedAnswerSchema.safeParse(answer.json) : null;
    if (!page) {
      errors.push(`接收端拒绝提供数据包目录：${refusalText(answer).message}。请联系市局管理员确认本机已按审核端（区局或市局）核准。`);
      break;
    }
    if (!page.success) {
      errors.push('接收端的数据包目录不符合同步协议 v1，本次未拉取。请联系市局管理员检查接收端版本。');
      break;
    }
    let stopped = false;
    // Arrival numbers only grow: an item at or before the one before it is not the page asked for.
    if (page.data.items.some((item, i) => item.seq <= (i === 0 ? cursor : page.data.items[i - 1]!.seq))) {
      errors.push('接收端的数据包目录顺序有误，本次拉取已停止。请联系市局管理员检查接收端。');
      break;
    }
    for (const batch of batchesOf(page.data.items)) {
      const got = await downloadAll(env, batch);
      const bad = got.findIndex((g) => 'error' in g);
      const intact = bad === -1 ? batch : batch.slice(0, bad);
      if (intact.length > 0) {
        // One import (one transaction) for the batch, as the 数据交换 page imports a folder.
        const results = importFiles(
          ctx,
          intact.map((item, i) => ({ name: `${item.bundleId}.ducha.json`, text: (got[i] as { text: string }).text })),
        );
        intact.forEach((item, i) => {
          const result = results[i];
          const outcome = result?.outcome ?? 'refused';
          counts[outcome]++;
          // A refused bundle stays on record in the import log with its reason; the feed moves on,
          // or one bad file would block every bundle after it.
          if (outcome === 'refused') errors.push(`数据包 ${item.bundleId} 未能导入：${result?.reason ?? '原因不明'}`);
        });
        // Only now, after the import's own transaction committed, does the cursor pass them.
        cursor = intact.at(-1)!.seq;
        const at = nowIso();
        ctx.store.transaction(() => updateConnection(ctx.store.db, { feedCursor: cursor, lastPullAt: at }));
      }
      if (bad !== -1) {
        errors.push((got[bad] as { error: string }).error);
        stopped = true;
        break;
      }
    }
    if (stopped) break;
    // The cursor follows the bundles processed only, never `last` alone: a gap it named
    // without items would otherwise skip bundles this desk never saw.
    if (!page.data.more || page.data.items.length === 0) {
      const at = nowIso();
      ctx.store.transaction(() => updateConnection(ctx.store.db, { lastPullAt: at }));
      // A receiver that says more follows without giving any would keep this loop asking forever.
      break;
    }
  }
  return { counts, errors, cursor };
}
