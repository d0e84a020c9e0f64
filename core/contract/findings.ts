/**
 * Findings (问题) of an inspection and their follow-up: notice, directive, case,
 * rectification deadline and closing.
 */
import { z } from 'zod';
import { byInspection, dateSchema, idSchema, optionalText, requiredText } from './common';
import { method } from './define';

export const SEVERITIES = ['一般问题', '违法违规行为', '严重事故隐患'] as const;
export type Severity = (typeof SEVERITIES)[number];

const optionalDate = z.union([dateSchema, z.literal(''), z.null()]).transform((v) => (v ? v : null));

export const findingInputSchema = z.object({
  id: idSchema.optional(),
  inspectionId: idSchema,
  itemNo: z.number().int().min(1).max(42).nullable().default(null),
  description: requiredText('问题描述', 2000),
  severity: z.enum(SEVERITIES, { error: `问题性质应为：${SEVERITIES.join('、')}` }),
  notifiedOn: optionalDate.default(null),
  reportedOn: optionalDate.default(null),
  directiveNo: optionalText('安全监察指令书编号', 60),
  directiveOn: optionalDate.default(null),
  caseNo: optionalText('立案编号', 60),
  dueOn: optionalDate.default(null),
  rectification: optionalText('整改情况', 2000),
  closedOn: optionalDate.default(null),
});
export type FindingInput = z.input<typeof findingInputSchema>;

export const findingSchema = z.object({
  id: idSchema,
  inspectionId: idSchema,
  itemNo: z.number().int().nullable(),
  description: z.string(),
  severity: z.enum(SEVERITIES),
  notifiedOn: z.string().nullable(),
  reportedOn: z.string().nullable(),
  directiveNo: z.string(),
  directiveOn: z.string().nullable(),
  caseNo: z.string(),
  dueOn: z.string().nullable(),
  rectification: z.string(),
  closedOn: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Finding = z.infer<typeof findingSchema>;

export const openFindingSchema = findingSchema.extend({
  agencyName: z.string(),
  inspectedOn: z.string(),
  overdue: z.boolean(),
});

export const findingsContract = {
  'findings/list': method({
    summary: '一次检查的问题清单',
    input: byInspection,
    output: z.array(findingSchema),
  }),
  'findings/open': method({
    summary: '所有检查中尚未关闭的问题（按整改期限排序）',
    input: z.object({}).default({}),
    output: z.array(openFindingSchema),
  }),
  'findings/save': method({
    summary: '新建或修改问题及其后续处理',
    input: findingInputSchema,
    output: findingSchema,
  }),
  'findings/delete': method({
    summary: '删除问题（仅限未签署的检查）',
    input: z.object({ id: idSchema }),
    output: z.object({ deleted: z.literal(true) }),
  }),
} as const;
