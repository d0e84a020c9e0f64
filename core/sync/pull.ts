/**
 * A desk's pull: the bundles of its scope from the receiver's feed (GET /v1/feed), each
 * fetched (GET /v1/bundles/{id}), checked against the feed's SHA-256 and size, and imported
 * through the very path a USB file takes (importFiles): the same verification, the same
 * quarantine of senders this desk does not trust yet, the same import log.
 *
 * The cursor (`feed_cursor`) moves past a bundle only after its import committed, so a
 * crash in between imports the same bytes again next time, which the import reports as a
 * duplicate: nothing is lost and nothing is applied twice.
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
    for (const item of page.data.items) {
      // Arrival numbers only grow: an item at or before the cursor is not the page asked for.
      if (item.seq <= cursor) {
        errors.push('接收端的数据包目录顺序有误，本次拉取已停止。请联系市局管理员检查接收端。');
        stopped = true;
        break;
      }
      const got = await download(env, item);
      if ('error' in got) {
        errors.push(got.error);
        stopped = true;
        break;
      }
      const [result] = importFiles(ctx, [{ name: `${item.bundleId}.ducha.json`, text: got.text }]);
      const outcome = result?.outcome ?? 'refused';
      counts[outcome]++;
      // A refused bundle stays on record in the import log with its reason; the feed moves on,
      // or one bad file would block every bundle after it.
      if (outcome === 'refused') errors.push(`数据包 ${item.bundleId} 未能导入：${result?.reason ?? '原因不明'}`);
      // Only now, after the import's own transaction committed, does the cursor pass it.
      cursor = item.seq;
      const at = nowIso();
      ctx.store.transaction(() => updateConnection(ctx.store.db, { feedCursor: item.seq, lastPullAt: at }));
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
