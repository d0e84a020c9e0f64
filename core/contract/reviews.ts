import { z } from 'zod';
import { illFormedMessage, isWellFormedText } from '../../lib/well-formed';
import { byInspection } from './common';
import { method } from './define';

/**
 * reviews/*: a bureau desk's decisions about the signed inspections it imported — 待审核
 * until a decision stands for the latest signed revision, then 已受理 or 退回补正 (with the
 * reason the inspector must act on). Once the inspector signs a newer revision the record
 * is 待审核 again; the older decision stays in its history. A laptop lists its own signed
 * inspections with the decisions it has received.
 */
export const REVIEW_LIST_STATES = ['pending', 'accepted', 'returned'] as const;
export type ReviewListState = (typeof REVIEW_LIST_STATES)[number];
export const REVIEW_STATE_LABELS: Record<ReviewListState, string> = { pending: '待审核', accepted: '已受理', returned: '退回补正' };

const RETURN_REASON_MESSAGE = '退回补正必须写明理由（哪些项目或问题需要补正）。';

export const reviewItemSchema = z.object({
  inspectionId: z.string(),
  agencyName: z.string(),
  district: z.string(),
  inspectedOn: z.string(),
  /** Names of the inspectors on the record, 、-separated. */
  inspectors: z.string(),
  /** The latest signed revision: the one a decision has to be about to stand. */
  revision: z.number().int(),
  state: z.enum(REVIEW_LIST_STATES),
  /** The standing decision's reason ('' for an acceptance); null while pending. */
  reason: z.string().nullable(),
  decidedAt: z.string().nullable(),
  reviewUnit: z.string().nullable(),
  /** When that revision was signed: the list is ordered by how long it has waited. */
  signedAt: z.string(),
});
export type ReviewItem = z.infer<typeof reviewItemSchema>;

export const reviewHistoryItemSchema = z.object({
  reviewId: z.string(),
  revision: z.number().int(),
  state: z.enum(['accepted', 'returned']),
  reason: z.string(),
  reviewerName: z.string(),
  reviewUnit: z.string(),
  decidedAt: z.string(),
  /** 'own': decided on this desk; 'received': brought by the receiver. */
  origin: z.enum(['own', 'received']),
  /** Whether the receiver has acknowledged it (postedAt is set); an own decision waits until the sync pass posts it. */
  posted: z.boolean(),
  /** Whether it is about the latest signed revision; one about an earlier revision is history only. */
  current: z.boolean(),
});
export type ReviewHistoryItem = z.infer<typeof reviewHistoryItemSchema>;

const returnReason = z
  .string({ error: RETURN_REASON_MESSAGE })
  .trim()
  .min(1, { error: RETURN_REASON_MESSAGE })
  .refine((s) => [...s].length <= 2000, { error: '退回补正的理由不能超过 2000 个字，请精简后重试。' })
  .refine(isWellFormedText, { error: illFormedMessage('value', '退回补正的理由') });

export const reviewsContract = {
  'reviews/list': method({
    summary: '审核列表：审核端为导入的已签署检查记录，检查人员端为本机签署的记录及其审核结论',
    input: z.object({ state: z.enum(REVIEW_LIST_STATES, { error: '审核状态应为 pending（待审核）、accepted（已受理）或 returned（退回补正）' }).optional() }).default({}),
    output: z.object({ items: z.array(reviewItemSchema) }),
  }),
  'reviews/accept': method({
    summary: '受理一项导入的检查记录（对其最新签署版本）',
    input: byInspection,
    output: reviewItemSchema,
  }),
  'reviews/return': method({
    summary: '退回补正一项导入的检查记录（须写明理由）',
    input: byInspection.extend({ reason: returnReason }),
    output: reviewItemSchema,
  }),
  'reviews/history': method({
    summary: '一项检查记录的全部审核结论，最新的在前',
    input: byInspection,
    output: z.object({ items: z.array(reviewHistoryItemSchema) }),
  }),
} as const;
