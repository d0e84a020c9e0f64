/**
 * The words of online sync, kept pure (no React, no stores) so that the tag, the badge
 * and 设置 → 同步 say the same thing and a unit test can read them.
 */
import type { OutputOf } from '../../../core/contract';
import { DELIVERY_STATE_LABELS, type Delivery, type SyncExchange, type SyncStatus } from '../../../core/contract/sync';
import { formatShortTime, formatSoon, formatTime } from '../format';

type Outcome = OutputOf<'sync/now'>['outcomes'][number];

/** 32 hex digits as 8 groups of four, however the file spelled them, for reading aloud. */
export function fingerprintGroups(fingerprint: string): string {
  const hex = fingerprint.replace(/[^0-9a-fA-F]/g, '').toUpperCase();
  return (hex.match(/.{1,4}/g) ?? []).join(' ');
}

/** A reason this short fits on the tag; a longer one goes to the tooltip only. */
const SHORT_REASON = 10;

/** The tag's text and its tooltip, pure so the wording is in one place. */
export function deliveryText(d: Delivery, now = new Date()): { text: string; tip: string } {
  const label = DELIVERY_STATE_LABELS[d.state];
  // Evidence may travel in several bundles: say how far the revision has got.
  const progress = d.parts > 1 && d.state !== 'delivered' ? ` ${d.delivered}/${d.parts}` : '';
  const version = `第 ${d.revision} 版`;
  switch (d.state) {
    case 'queued':
      return { text: `${label}${progress}`, tip: `${version}已签署，等待发送到接收端` };
    case 'sending':
      return { text: `${label}${progress}`, tip: `${version}正在发送到接收端` };
    case 'held':
      return { text: `${label}${progress}`, tip: `${version}已送达接收端；市局核准本机后才会入库` };
    case 'delivered':
      return {
        text: d.receivedAt ? `${label} ${formatShortTime(d.receivedAt)}` : label,
        tip: `${version}已送达市局，回执时间 ${formatTime(d.receivedAt)}`,
      };
    case 'failed': {
      const reason = d.error ?? '';
      const retry = d.nextAttemptAt ? `下次重试 ${formatSoon(d.nextAttemptAt, now)}` : '';
      const inline = [reason.length <= SHORT_REASON ? reason : '', retry].filter(Boolean).join('，');
      return {
        text: `${label}${progress}${inline ? `（${inline}）` : ''}`,
        tip: `${version}发送失败${reason ? `：${reason}` : ''}。${d.nextAttemptAt ? `将于 ${formatTime(d.nextAttemptAt)} 自动重试，` : ''}数据仍在本机，不会丢失。`,
      };
    }
  }
}

type BadgeStatus = 'success' | 'processing' | 'warning' | 'error' | 'default';

/** The badge's words, pure: the worst news first, since that is what needs the inspector. */
export function syncBadge(s: SyncStatus): { text: string; status: BadgeStatus } | null {
  if (!s.connection) return null;
  if (s.device.state === 'revoked') return { text: '设备已停用', status: 'error' };
  if (s.device.state === 'pending') return { text: '设备待批准', status: 'warning' };
  const { queued, held, failed, delivered } = s.queue;
  if (failed > 0) return { text: `同步：发送失败 ${failed}`, status: 'error' };
  if (s.sending) return { text: `同步：发送中${queued > 0 ? ` · ${queued} 待发送` : ''}`, status: 'processing' };
  if (queued > 0) return { text: `同步：${queued} 待发送`, status: 'processing' };
  if (held > 0) return { text: `同步：${held} 待批准`, status: 'warning' };
  if (delivered > 0) return { text: '同步：全部已送达', status: 'success' };
  return { text: '同步：已连接', status: 'success' };
}

/** 立即同步's answer in one sentence: how many bundles went where, and why any failed. */
export function outcomeSummary(outcomes: Outcome[]): { type: 'success' | 'warning' | 'error' | 'info'; text: string; failures: string[] } {
  if (outcomes.length === 0) return { type: 'info', text: '没有需要发送的数据包，已与接收端核对。', failures: [] };
  const count = (o: Outcome['outcome']) => outcomes.filter((x) => x.outcome === o).length;
  const delivered = count('delivered');
  const held = count('held');
  const failed = count('failed');
  const parts = [delivered && `已送达 ${delivered} 个`, held && `已送达待批准 ${held} 个`, failed && `失败 ${failed} 个`].filter(Boolean);
  // Which inspection failed and why, each once even when several of its parts failed alike.
  const failures = [...new Set(outcomes.filter((o) => o.outcome === 'failed').map((o) => `${o.inspectedOn} ${o.agencyName}：${o.message}`))];
  return {
    type: failed > 0 ? (delivered + held > 0 ? 'warning' : 'error') : held > 0 ? 'warning' : 'success',
    text: `同步完成：共 ${outcomes.length} 个数据包，${parts.join('，')}。${failed > 0 ? '失败的数据包会自动重试。' : ''}`,
    failures,
  };
}

/**
 * The line beside the outbox's: what a desk pulled, and the review decisions that moved.
 * Null when nothing moved and nothing went wrong, so a laptop's result stays one line.
 */
export function exchangeSummary(exchange: SyncExchange | null): { type: 'success' | 'warning'; text: string; failures: string[] } | null {
  if (!exchange) return null;
  const parts: string[] = [];
  const p = exchange.pulled;
  if (p) {
    const got = p.imported + p.duplicate + p.quarantined + p.refused;
    const detail = [p.duplicate && `已有 ${p.duplicate} 个`, p.quarantined && `待确认密钥 ${p.quarantined} 个`, p.refused && `未能导入 ${p.refused} 个`].filter(Boolean);
    parts.push(got === 0 ? '接收端没有新的数据包' : `从接收端拉取 ${got} 个数据包，导入 ${p.imported} 个${detail.length ? `（${detail.join('，')}）` : ''}`);
  }
  if (exchange.posted > 0) parts.push(`报送审核结论 ${exchange.posted} 项`);
  if (exchange.received > 0) parts.push(`收到审核结论 ${exchange.received} 项`);
  if (exchange.refused > 0) parts.push(`不予采信的审核结论 ${exchange.refused} 项`);
  if (parts.length === 0 && exchange.errors.length === 0) return null;
  return {
    type: exchange.errors.length > 0 ? 'warning' : 'success',
    text: parts.length > 0 ? `${parts.join('；')}。` : '拉取或审核结论未完成。',
    failures: exchange.errors,
  };
}
