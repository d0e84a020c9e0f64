/**
 * The versioned 附件3 scoring templates: which exist, importing one, and the default
 * new inspections get. Each inspection keeps the template it was created with.
 */
import { z } from 'zod';
import { method } from './define';

export const templateRefSchema = z.object({ id: z.string(), version: z.string() });

export const templateSchema = z.object({
  id: z.string(),
  version: z.string(),
  name: z.string(),
  note: z.string().optional(),
  items: z.array(z.object({ no: z.number().int(), max: z.number() })),
});

export const templateRecordSchema = templateSchema.extend({
  /** The template new inspections get now (settings 'scoring.defaultTemplate'). */
  isDefault: z.boolean(),
  /** Shipped with the app (forms/scoring-template DEFAULT_TEMPLATE). */
  builtIn: z.boolean(),
  createdAt: z.string(),
});
export type TemplateRecord = z.infer<typeof templateRecordSchema>;

export const templatesContract = {
  'templates/list': method({
    summary: '评分模板列表（标出当前默认模板）',
    input: z.object({}).strict().default({}),
    output: z.array(templateRecordSchema),
  }),
  'templates/import': method({
    summary: '导入评分模板（JSON，各一级指标满分合计须与通知一致；同编号同版本不可改动）',
    input: z.object({
      /** The parsed JSON file; checked by forms/scoring-template parseScoringTemplate. */
      template: z.unknown(),
      /** Also make it the default for new inspections. */
      makeDefault: z.boolean().default(false),
    }),
    output: z.object({ template: templateRecordSchema, created: z.boolean() }),
  }),
  'templates/setDefault': method({
    summary: '设定新建检查任务使用的默认评分模板（已有检查任务不受影响）',
    input: z.object({
      id: z.string({ error: '请填写模板编号' }).trim().min(1, { error: '请填写模板编号' }),
      version: z.string({ error: '请填写模板版本' }).trim().min(1, { error: '请填写模板版本' }),
    }),
    output: templateRecordSchema,
  }),
} as const;
