import { z } from 'zod';
import { EXAM_RESULTS } from '../../forms/exam-checklist';
import { idSchema, optionalText } from './common';
import { method } from './define';

export const examItemSchema = z.object({
  no: z.number().int(),
  title: z.string(),
  requirements: z.array(z.string()),
  result: z.enum(EXAM_RESULTS).nullable(),
  problem: z.string(),
});

const examSheet = z.object({ items: z.array(examItemSchema), complete: z.boolean() });

export const examContract = {
  'exam/get': method({
    summary: '考试机构检查：考评人员管理、考场纪律、试题保密的抽查记录',
    input: z.object({ id: idSchema }),
    output: examSheet,
  }),
  'exam/save': method({
    summary: '保存一项考试机构抽查结果',
    input: z.object({
      inspectionId: idSchema,
      no: z.number().int().min(1).max(3, { error: '考试机构抽查只有 3 项（序号 1–3）' }),
      result: z.enum(EXAM_RESULTS, { error: '抽查结果应为：符合、不符合或不适用' }).nullable().optional(),
      problem: optionalText('问题记录', 2000).optional(),
    }),
    output: examSheet,
  }),
} as const;
