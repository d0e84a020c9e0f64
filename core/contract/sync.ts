/**
 * Online sync with a bureau's receiver: the connection (imported from the receiver's
 * connection file and pinned once the inspector confirms its fingerprint), the outbox of
 * signed bundles waiting to be delivered, and the delivery state of each inspection.
 * Without a connection the app makes no network request at all.
 */
import { z } from 'zod';
import { emptyInput, idSchema } from './common';
import { method } from './define';

/** What the connection file says, shown before the inspector pins it. */
export const connectionInfoSchema = z.object({
  name: z.string(),
  urls: z.array(z.string()),
  alg: z.enum(['ed25519', 'sm2-sm3']),
  keyId: z.string(),
  /** 32 upper-case hex digits in groups of four: read it out and compare with the bureau's. */
  fingerprint: z.string(),
  hasTlsCertificate: z.boolean(),
});
export type ConnectionInfo = z.infer<typeof connectionInfoSchema>;

export const DEVICE_STATES = ['unknown', 'pending', 'approved', 'revoked'] as const;
export type DeviceStateName = (typeof DEVICE_STATES)[number];
export const DEVICE_STATE_LABELS: Record<DeviceStateName, string> = {
  unknown: '尚未联系接收端',
  pending: '设备待批准',
  approved: '设备已获批准',
  revoked: '设备已被停用',
};

/**
 * One inspection's delivery: queued 待发送, sending 发送中, held 已送达待批准 (the receiver
 * keeps it until the device is approved), delivered 已送达, failed 发送失败 (retried at
 * nextAttemptAt, never given up).
 */
export const DELIVERY_STATES = ['queued', 'sending', 'held', 'delivered', 'failed'] as const;
export type DeliveryState = (typeof DELIVERY_STATES)[number];
export const DELIVERY_STATE_LABELS: Record<DeliveryState, string> = {
  queued: '待发送',
  sending: '发送中',
  held: '待批准',
  delivered: '已送达',
  failed: '发送失败',
};

export const deliverySchema = z.object({
  inspectionId: z.string(),
  revision: z.number().int(),
  state: z.enum(DELIVERY_STATES),
  /** Bundles of this revision (more than one when evidence travels in parts) and how many are receipted. */
  parts: z.number().int(),
  delivered: z.number().int(),
  /** The receiver's time on the last receipt, when every part is delivered. */
  receivedAt: z.string().nullable(),
  /** Why the last attempt failed (Chinese), when state is failed. */
  error: z.string().nullable(),
  nextAttemptAt: z.string().nullable(),
});
export type Delivery = z.infer<typeof deliverySchema>;

export const syncStatusSchema = z.object({
  connection: connectionInfoSchema.extend({ connectedAt: z.string() }).nullable(),
  device: z.object({ state: z.enum(DEVICE_STATES), message: z.string().nullable() }),
  /** When a signed answer last came back from the receiver. */
  lastContactAt: z.string().nullable(),
  /** The last failure to reach or be accepted by the receiver (Chinese), cleared by a success. */
  lastError: z.string().nullable(),
  queue: z.object({ queued: z.number().int(), held: z.number().int(), failed: z.number().int(), delivered: z.number().int() }),
  nextAttemptAt: z.string().nullable(),
  /** True while a pass of the sender is running. */
  sending: z.boolean(),
  /** On a bureau desk: when the feed was last read to its end, and the bundles imported today (Shanghai), by any path. */
  pull: z.object({ lastPullAt: z.string().nullable(), importedToday: z.number().int() }).nullable(),
  /** The most recent outbox entries, newest first (at most 50). */
  recent: z.array(
    z.object({
      bundleId: z.string().nullable(),
      inspectionId: z.string(),
      agencyName: z.string(),
      inspectedOn: z.string(),
      revision: z.number().int(),
      part: z.number().int(),
      state: z.enum(DELIVERY_STATES),
      bytes: z.number().int().nullable(),
      attempts: z.number().int(),
      error: z.string().nullable(),
      nextAttemptAt: z.string().nullable(),
      receivedAt: z.string().nullable(),
      seq: z.number().int().nullable(),
    }),
  ),
});
export type SyncStatus = z.infer<typeof syncStatusSchema>;

export const syncOutcomeSchema = z.object({
  bundleId: z.string().nullable(),
  inspectionId: z.string(),
  /** Which inspection, for the result list without another call. */
  agencyName: z.string(),
  inspectedOn: z.string(),
  revision: z.number().int(),
  /** 0 the records (or complete) bundle, 1..n its evidence parts. */
  part: z.number().int(),
  outcome: z.enum(['delivered', 'held', 'failed']),
  message: z.string(),
});

const connectionText = z.string({ error: '请选择接收端连接文件' }).min(1, { error: '请选择接收端连接文件' }).max(64 * 1024, { error: '接收端连接文件过大（超过 64 KB），请确认选择的是 .ducha-receiver.json 文件' });

/**
 * What the pass brought beside the outbox: on a desk the bundles pulled from the feed (by
 * what the import made of them), and on every approved device the decisions posted and
 * received. Null when the receiver was not reached or the device is not approved.
 */
const count = z.number().int().nonnegative();
export const syncExchangeSchema = z.object({
  pulled: z.object({ imported: count, duplicate: count, quarantined: count, refused: count }).nullable(),
  posted: count,
  received: count,
  refused: count,
  /** Chinese, one line each. */
  errors: z.array(z.string()),
});
export type SyncExchange = z.infer<typeof syncExchangeSchema>;

export const syncContract = {
  'sync/preview': method({
    summary: '读取接收端连接文件（.ducha-receiver.json），显示接收端名称、地址与公钥指纹，待核对后连接',
    input: z.object({ text: connectionText }),
    output: connectionInfoSchema,
  }),
  'sync/connect': method({
    summary: '核对指纹后连接接收端：固定其公钥（此后只采信其签名的答复），并向接收端提交本机登记',
    input: z.object({
      text: connectionText,
      /** The fingerprint the inspector confirmed; must be the file's. */
      fingerprint: z.string({ error: '请核对并确认接收端指纹' }),
    }),
    output: syncStatusSchema,
  }),
  'sync/disconnect': method({
    summary: '断开接收端连接（已送达的回执保留；未送达的数据仍在本机，可随时重新连接或用 U 盘导出）',
    input: emptyInput,
    output: syncStatusSchema,
  }),
  'sync/status': method({
    summary: '同步状态：接收端、设备批准情况、最近联系时间、待发送队列',
    input: emptyInput,
    output: syncStatusSchema,
  }),
  'sync/now': method({
    summary: '立即同步：登记本机、发送所有到期的数据包并取回回执，返回每个数据包的结果',
    input: emptyInput,
    output: z.object({ outcomes: z.array(syncOutcomeSchema), exchange: syncExchangeSchema.nullable(), status: syncStatusSchema }),
  }),
  'sync/deliveries': method({
    summary: '各检查最新签署版本的送达情况（待发送、发送中、待批准、已送达、发送失败）',
    input: z.object({ inspectionIds: z.array(idSchema).max(10_000).optional() }),
    output: z.object({ deliveries: z.array(deliverySchema) }),
  }),
} as const;
