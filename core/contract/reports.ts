/**
 * 附件4 活动情况统计表: computed from the stored records for a unit and period, the records
 * behind each number, the 清单 texts the bureau edits, 报送 as a signed report, and — at 市局 — the reports received from the districts beside its own figures.
 */
import { z } from 'zod';
import { ATTACHMENT4_KEYS, attachment4CountsSchema, type Attachment4Key } from '../../forms/attachment4';
import { INSPECTING_UNITS } from '../../forms/districts';
import { dateSchema, idSchema, optionalText } from './common';
import { method } from './define';
import { downloadFileSchema } from './files';

export const reportScopeSchema = z
  .object({
    unit: z.enum(INSPECTING_UNITS, { error: `请选择填报单位（${INSPECTING_UNITS.join('、')}）` }),
    from: dateSchema,
    to: dateSchema,
  })
  .refine((s) => s.from <= s.to, { error: '统计期间的开始日期不能晚于结束日期', path: ['to'] });
export type ReportScopeInput = z.infer<typeof reportScopeSchema>;

const keySchema = z.enum(ATTACHMENT4_KEYS as [Attachment4Key, ...Attachment4Key[]], { error: '没有这个统计项' });

const problemRowSchema = z.object({
  seq: z.number().int(),
  agencyId: z.string(),
  unitName: z.string(),
  problem: z.string(),
  rectification: z.string(),
  /** What the records say, before the bureau's edits; equal to the text when not edited. */
  composedProblem: z.string(),
  composedRectification: z.string(),
});

const chartsSchema = z.object({
  scoreBands: z.array(z.object({ label: z.string(), count: z.number().int() })),
  indicatorRates: z.array(z.object({ indicator: z.string(), rate: z.number().nullable() })),
  byDistrict: z.array(z.object({ district: z.string(), inspectedAgencies: z.number().int(), violationAgencies: z.number().int() })).nullable(),
});

const submittedSchema = z.object({ reportId: z.string(), sha256: z.string(), submittedAt: z.string(), fileName: z.string() });

export const attachment4Schema = z.object({
  unit: z.enum(INSPECTING_UNITS),
  unitName: z.string(),
  from: z.string(),
  to: z.string(),
  counts: attachment4CountsSchema,
  problemList: z.array(problemRowSchema),
  /** The ids behind every number; only when asked for (a city-wide report has many). */
  trace: z.record(z.string(), z.array(z.string())).optional(),
  charts: chartsSchema,
  filledBy: z.string(),
  phone: z.string(),
  filledOn: z.string(),
  /** This unit's signed reports for exactly this period, newest first. */
  submitted: z.array(submittedSchema),
});
export type Attachment4Report = z.infer<typeof attachment4Schema>;

export const traceRowSchema = z.object({
  id: z.string(),
  agencyId: z.string(),
  agencyName: z.string(),
  /** The inspection to open; null for a checklist-side record (open the agency's 附件2). */
  inspectionId: z.string().nullable(),
  /** 检查日期 / 填报日期 of the record. */
  date: z.string(),
  what: z.string(),
  detail: z.string(),
});
export type TraceRow = z.infer<typeof traceRowSchema>;

const verifiedSchema = z.object({
  reportId: z.string(),
  unit: z.string(),
  unitName: z.string(),
  from: z.string(),
  to: z.string(),
  submittedAt: z.string(),
  submittedBy: z.object({ name: z.string(), badgeNo: z.string(), unit: z.string() }),
  keyId: z.string(),
  sha256: z.string(),
  /** own: signed on this device; trusted: a key this installation trusts; unknown: nobody vouched for it. */
  trust: z.enum(['own', 'trusted', 'unknown']),
});

const reportFileSchema = z.object({
  fileName: z.string().max(255).default(''),
  text: z.string({ error: '请选择报表文件' }).min(1, { error: '请选择报表文件' }).max(64 * 1024 * 1024, { error: '报表文件过大' }),
});

export const reportsContract = {
  'reports/attachment4': method({
    summary: '附件4 活动情况统计表：按填报单位和统计期间，从已签署的检查记录和人员排查清单计算',
    input: reportScopeSchema.and(z.object({ includeTrace: z.boolean().default(false) })),
    output: attachment4Schema,
  }),
  'reports/trace': method({
    summary: '某一统计数背后的记录（机构、检查、问题、人员）',
    input: reportScopeSchema.and(z.object({ key: keySchema })),
    output: z.object({ key: keySchema, caption: z.string(), count: z.number().int(), rows: z.array(traceRowSchema) }),
  }),
  'reports/saveText': method({
    summary: '修改清单中某机构的存在问题说明或整改情况说明（报送前）；空文本恢复为由记录生成的说明',
    input: reportScopeSchema.and(
      z.object({ agencyId: z.string().min(1).max(100), field: z.enum(['problem', 'rectification']), text: optionalText('说明', 5000) }),
    ),
    output: problemRowSchema,
  }),
  'reports/export': method({
    summary: '导出附件4（XLSX 或 PDF，正式版式）；给出 reportId 时导出该已报送的报表',
    input: reportScopeSchema.and(z.object({ format: z.enum(['xlsx', 'pdf']), reportId: idSchema.optional() })),
    output: downloadFileSchema,
  }),
  'reports/submit': method({
    summary: '报送：把当前统计结果冻结为签名的报表文件（含每个数字背后的记录编号）',
    input: reportScopeSchema,
    output: submittedSchema.extend({ file: downloadFileSchema }),
  }),
  'reports/exportSubmitted': method({
    summary: '取回已报送的报表文件，或生成发给市局特种处的电子邮件草稿（.eml）',
    input: z.object({ reportId: idSchema, as: z.enum(['file', 'eml']).default('file'), to: z.email({ error: '收件人邮箱格式不正确' }).optional() }),
    output: downloadFileSchema,
  }),
  'reports/verify': method({
    summary: '核验报表文件的签名与密钥，不导入',
    input: reportFileSchema,
    output: z.discriminatedUnion('ok', [z.object({ ok: z.literal(true), report: verifiedSchema }), z.object({ ok: z.literal(false), reason: z.string() })]),
  }),
  'reports/import': method({
    summary: '导入区局报送的报表（核验签名和密钥；同一报表重复导入不重复记录）',
    input: reportFileSchema,
    output: z.object({ report: verifiedSchema, duplicate: z.boolean() }),
  }),
  'reports/received': method({
    summary: '各单位报送的报表并列、合计，与本机记录计算结果的差异',
    input: z.object({ from: dateSchema, to: dateSchema }),
    output: z.object({
      reports: z.array(verifiedSchema.extend({ counts: attachment4CountsSchema })),
      sum: attachment4CountsSchema,
      /** What this installation's own records give for the whole city. */
      city: attachment4CountsSchema,
      differences: z.array(z.object({ unit: z.string(), key: keySchema, caption: z.string(), reported: z.number().int(), computed: z.number().int() })),
    }),
  }),
} as const;
