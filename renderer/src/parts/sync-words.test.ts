import { describe, expect, it } from 'vitest';
import type { Delivery, SyncStatus } from '../../../core/contract/sync';
import { formatShortTime, formatSoon } from '../format';
import { deliveryText, exchangeSummary, fingerprintGroups, outcomeSummary, syncBadge } from './sync-words';

const base: Delivery = { inspectionId: 'i', revision: 1, state: 'queued', parts: 1, delivered: 0, receivedAt: null, error: null, nextAttemptAt: null };

function status(over: Partial<SyncStatus> = {}): SyncStatus {
  return {
    connection: { name: '市局', urls: ['https://r'], alg: 'ed25519', keyId: 'k', fingerprint: 'F', hasTlsCertificate: false, connectedAt: '2026-12-03T06:00:00.000Z' },
    device: { state: 'approved', message: null },
    lastContactAt: null,
    lastError: null,
    queue: { queued: 0, held: 0, failed: 0, delivered: 0 },
    nextAttemptAt: null,
    sending: false,
    pull: null,
    recent: [],
    ...over,
  };
}

describe('sync labels', () => {
  it('shows times in Shanghai: a receipt as MM-DD HH:mm, a retry today as HH:mm', () => {
    expect(formatShortTime('2026-12-03T06:05:00.000Z')).toBe('12-03 14:05');
    expect(formatSoon('2026-12-03T06:05:00.000Z', new Date('2026-12-03T05:00:00.000Z'))).toBe('14:05');
    // 23:30 UTC is the next morning in Shanghai.
    expect(formatSoon('2026-12-03T23:30:00.000Z', new Date('2026-12-03T05:00:00.000Z'))).toBe('12-04 07:30');
  });

  it('words each delivery state; a long failure reason goes to the tooltip only', () => {
    expect(deliveryText(base).text).toBe('待发送');
    expect(deliveryText({ ...base, state: 'queued', parts: 3, delivered: 1 }).text).toBe('待发送 1/3');
    expect(deliveryText({ ...base, state: 'held' }).text).toBe('待批准');
    expect(deliveryText({ ...base, state: 'delivered', parts: 1, delivered: 1, receivedAt: '2026-12-03T06:05:00.000Z' }).text).toBe('已送达 12-03 14:05');
    const now = new Date('2026-12-03T05:00:00.000Z');
    expect(deliveryText({ ...base, state: 'failed', error: '网络不通', nextAttemptAt: '2026-12-03T06:10:00.000Z' }, now).text).toBe('发送失败（网络不通，下次重试 14:10）');
    const long = deliveryText({ ...base, state: 'failed', error: '无法连接接收端 https://r（对方拒绝连接）', nextAttemptAt: '2026-12-03T06:10:00.000Z' }, now);
    expect(long.text).toBe('发送失败（下次重试 14:10）');
    expect(long.tip).toContain('对方拒绝连接');
  });

  it('puts the worst news on the status-bar badge, and nothing when not connected', () => {
    expect(syncBadge(status({ connection: null }))).toBeNull();
    expect(syncBadge(status({ device: { state: 'pending', message: null }, queue: { queued: 2, held: 0, failed: 0, delivered: 0 } }))?.text).toBe('设备待批准');
    expect(syncBadge(status({ queue: { queued: 3, held: 0, failed: 0, delivered: 1 } }))?.text).toBe('同步：3 待发送');
    expect(syncBadge(status({ queue: { queued: 3, held: 0, failed: 1, delivered: 1 } }))?.text).toBe('同步：发送失败 1');
    expect(syncBadge(status({ queue: { queued: 0, held: 0, failed: 0, delivered: 4 } }))?.text).toBe('同步：全部已送达');
  });

  it('sums up 立即同步 and groups fingerprints for reading aloud', () => {
    expect(outcomeSummary([]).text).toBe('没有需要发送的数据包，已与接收端核对。');
    const r = outcomeSummary([
      { bundleId: 'a', inspectionId: 'i', agencyName: '甲公司', inspectedOn: '2026-12-01', revision: 1, part: 0, outcome: 'delivered', message: '' },
      { bundleId: 'b', inspectionId: 'j', agencyName: '乙公司', inspectedOn: '2026-12-02', revision: 1, part: 0, outcome: 'failed', message: '接收端暂时不可用' },
    ]);
    expect(r).toMatchObject({ type: 'warning', text: '同步完成：共 2 个数据包，已送达 1 个，失败 1 个。失败的数据包会自动重试。', failures: ['2026-12-02 乙公司：接收端暂时不可用'] });
    expect(fingerprintGroups('8c9e081da541d6c902d6c3552f909edb')).toBe('8C9E 081D A541 D6C9 02D6 C355 2F90 9EDB');
  });
});

describe('exchange summary', () => {
  it('says what a desk pulled and which decisions moved; nothing for a laptop with nothing new', () => {
    expect(exchangeSummary(null)).toBeNull();
    expect(exchangeSummary({ pulled: null, posted: 0, received: 0, refused: 0, errors: [] })).toBeNull();
    expect(exchangeSummary({ pulled: { imported: 3, duplicate: 1, quarantined: 0, refused: 0 }, posted: 2, received: 0, refused: 0, errors: [] })).toEqual({
      type: 'success',
      text: '从接收端拉取 4 个数据包，导入 3 个（已有 1 个）；报送审核结论 2 项。',
      failures: [],
    });
    expect(exchangeSummary({ pulled: { imported: 0, duplicate: 0, quarantined: 0, refused: 0 }, posted: 0, received: 1, refused: 0, errors: ['x'] })).toEqual({
      type: 'warning',
      text: '接收端没有新的数据包；收到审核结论 1 项。',
      failures: ['x'],
    });
  });
});
