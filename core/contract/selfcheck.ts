/**
 * 附件1 自查自纠对照表 review per agency: for each of the 15 items what the
 * agency found (发现的问题), what it corrected (自纠情况), and whether the
 * inspector accepts its self-check. The item texts and the basic-info labels
 * live in forms/attachment1; the agency block comes from the registry.
 */
import { z } from 'zod';
import { ACCEPTANCE, ATTACHMENT1_ITEMS } from '../../forms/attachment1';
import { agencySchema } from './agencies';
import { idSchema } from './common';
import { method } from './define';

export const SELF_CHECK_KEYS = ATTACHMENT1_ITEMS.map((i) => i.key) as [string, ...string[]];
export const ACCEPTANCE_VALUES = [...ACCEPTANCE, ''] as const;

const longText = (label: string) =>
  z
    .string({ error: `${label}应为文本` })
    .trim()
    .refine((s) => Array.from(s).length <= 2000, { error: `${label}不能超过 2000 个字` })
    .default('');

export const selfCheckItemInputSchema = z.object({
  key: z.enum(SELF_CHECK_KEYS, { error: '附件1 没有这一项，请刷新页面后重试' }),
  problems: longText('发现的问题'),
  corrections: longText('自纠情况'),
  acceptance: z.enum(ACCEPTANCE_VALUES, { error: `检查意见应为：${ACCEPTANCE.join('、')}` }).default(''),
});

export const selfCheckItemSchema = z.object({
  key: z.string(),
  problems: z.string(),
  corrections: z.string(),
  acceptance: z.enum(ACCEPTANCE_VALUES),
  /** null while the item has never been saved. */
  updatedAt: z.string().nullable(),
});
export type SelfCheckItemOut = z.infer<typeof selfCheckItemSchema>;

export const selfCheckSchema = z.object({
  /** Basic info and certificates, prefilled from the registry. */
  agency: agencySchema,
  /** All 15 items in table order. */
  items: z.array(selfCheckItemSchema),
  progress: z.object({
    reviewed: z.number().int(),
    accepted: z.number().int(),
    rejected: z.number().int(),
    pending: z.number().int(),
    total: z.number().int(),
  }),
});
export type SelfCheck = z.infer<typeof selfCheckSchema>;

export const selfcheckContract = {
  'selfcheck/get': method({
    summary: '读取一个机构的自查自纠对照表（附件1）及检查意见',
    input: z.object({ agencyId: idSchema }),
    output: selfCheckSchema,
  }),
  'selfcheck/save': method({
    summary: '保存附件1 各项的发现的问题、自纠情况和检查意见（只改所给的项）',
    input: z.object({
      agencyId: idSchema,
      items: z
        .array(selfCheckItemInputSchema)
        .min(1, { error: '没有要保存的项目' })
        .max(ATTACHMENT1_ITEMS.length)
        .superRefine((items, ctx) => {
          const seen = new Set<string>();
          items.forEach((it, i) => {
            if (seen.has(it.key)) ctx.addIssue({ code: 'custom', path: [i, 'key'], message: `第 ${it.key} 项重复提交` });
            seen.add(it.key);
          });
        }),
    }),
    output: selfCheckSchema,
  }),
} as const;
