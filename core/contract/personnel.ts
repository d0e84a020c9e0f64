/**
 * 附件2 人员条件自查情况统计表 per agency: the summary block, the roster, the
 * computed counts, roster import (preview → confirm) and the XLSX export.
 */
import { z } from 'zod';
import { CHECK_VALUES, personRowSchema } from '../../forms/attachment2';
import { isPhone, isIsoDate } from '../../forms/agency';
import { ROSTER_FIELDS, type RosterFieldKey } from '../../forms/roster-import';
import { idSchema } from './common';
import { method } from './define';
import { downloadFileSchema, uploadedFileSchema } from './files';

export const personSchema = z.object({
  id: idSchema,
  seq: z.number().int(),
  name: z.string(),
  /** '' when not recorded. */
  certNo: z.string(),
  practising: z.enum(CHECK_VALUES),
  education: z.enum(CHECK_VALUES),
  title: z.enum(CHECK_VALUES),
  note: z.string(),
  disclosureCancelled: z.boolean(),
  qualificationRevoked: z.boolean(),
  updatedAt: z.string(),
});
export type Person = z.infer<typeof personSchema>;

export const countsSchema = z.object({
  total: z.number().int(),
  practisingProblems: z.number().int(),
  educationProblems: z.number().int(),
  titleProblems: z.number().int(),
  anyProblem: z.number().int(),
  disclosureCancelled: z.number().int(),
  qualificationRevoked: z.number().int(),
  educationRevoked: z.number().int(),
  titleRevoked: z.number().int(),
});
export type Counts = z.infer<typeof countsSchema>;

export const MEETS_VALUES = ['是', '否', ''] as const;

/** A count the agency reports (not computed): blank or a whole number. */
const reportedCount = (label: string) =>
  z
    .number({ error: `${label}应为整数` })
    .int({ error: `${label}应为整数` })
    .min(0, { error: `${label}不能为负数` })
    .max(100_000, { error: `${label}不能超过 100000` })
    .nullable()
    .default(null);

const shortText = (label: string, max: number) =>
  z
    .string({ error: `${label}应为文本` })
    .trim()
    .refine((s) => Array.from(s).length <= max, { error: `${label}不能超过 ${max} 个字` })
    .default('');

const optionalDate = (label: string) =>
  z
    .string()
    .trim()
    .refine((s) => s === '' || isIsoDate(s), { error: `${label}应为有效日期，格式 YYYY-MM-DD` })
    .default('');

export const summaryInputSchema = z
  .object({
    agencyId: idSchema,
    totalStaff: reportedCount('特种设备检验检测人员总数'),
    disclosedCount: reportedCount('办理执业公示的人员数量'),
    socialInsuranceCount: reportedCount('持续缴纳社保的人员数量'),
    meetsRequirements: z.enum(MEETS_VALUES, { error: '是否持续满足《核准规则》规定的人员资源条件应填“是”或“否”' }).default(''),
    filledBy: shortText('填表人姓名', 50),
    filledPhone: shortText('联系电话', 40).refine((s) => s === '' || isPhone(s), {
      error: '联系电话格式不正确（例：021-12345678 或 13800000000）',
    }),
    filledOn: optionalDate('填报日期'),
    resourceRectifiedOn: optionalDate('人员资源条件整改完成日期'),
    resourceRectifiedNote: shortText('人员资源条件整改说明', 500),
    personnelRectifiedOn: optionalDate('人员问题整改完成日期'),
    personnelRectifiedNote: shortText('人员问题整改说明', 500),
  })
  .superRefine((s, ctx) => {
    // A part cannot exceed the whole; such a figure is a typo in the agency's report.
    for (const key of ['disclosedCount', 'socialInsuranceCount'] as const) {
      const v = s[key];
      if (v !== null && s.totalStaff !== null && v > s.totalStaff) {
        const label = key === 'disclosedCount' ? '办理执业公示的人员数量' : '持续缴纳社保的人员数量';
        ctx.addIssue({
          code: 'custom',
          path: [key],
          message: `${label}（${v}）不能大于特种设备检验检测人员总数（${s.totalStaff}），请核对后再填`,
        });
      }
    }
  });

export const summarySchema = z.object({
  totalStaff: z.number().int().nullable(),
  disclosedCount: z.number().int().nullable(),
  socialInsuranceCount: z.number().int().nullable(),
  meetsRequirements: z.enum(MEETS_VALUES),
  filledBy: z.string(),
  filledPhone: z.string(),
  filledOn: z.string(),
  /** 整改完成 (date, '' while open) and 说明, per problem type: 附件4 counts them as 已整改. */
  resourceRectifiedOn: z.string(),
  resourceRectifiedNote: z.string(),
  personnelRectifiedOn: z.string(),
  personnelRectifiedNote: z.string(),
  /** null until the summary is first saved. */
  updatedAt: z.string().nullable(),
});
export type Summary = z.infer<typeof summarySchema>;

export const checklistSchema = z.object({
  agencyId: idSchema,
  agencyName: z.string(),
  creditCode: z.string(),
  summary: summarySchema,
  persons: z.array(personSchema),
  /** Computed from the roster; never stored or typed. */
  counts: countsSchema,
});
export type Checklist = z.infer<typeof checklistSchema>;

const rowChange = z.object({ person: personSchema, counts: countsSchema });

// ---------------------------------------------------------------------------
// Import

const column = z.number().int().min(0).max(1000).nullable().default(null);

export const mappingSchema = z.object(
  Object.fromEntries(ROSTER_FIELDS.map((f) => [f.key, column])) as Record<RosterFieldKey, typeof column>,
);

export const rowErrorSchema = z.object({
  row: z.number().int(),
  column: z.string().optional(),
  message: z.string(),
});
export type RowErrorOut = z.infer<typeof rowErrorSchema>;

export const IMPORT_MODES = ['replace', 'append'] as const;
export type ImportMode = (typeof IMPORT_MODES)[number];

const importSource = uploadedFileSchema.extend({
  agencyId: idSchema,
  /** Which sheet of an XLSX; default: the first one with a recognisable roster header. */
  sheet: z.string().max(100).optional(),
  /** 1-based header row; default: detected. */
  headerRow: z.number().int().min(1).max(100_000).optional(),
});

export const extrasSchema = z.object({
  totalStaff: z.number().int().optional(),
  disclosedCount: z.number().int().optional(),
  socialInsuranceCount: z.number().int().optional(),
  meetsRequirements: z.enum(['是', '否']).optional(),
  filledBy: z.string().optional(),
  filledPhone: z.string().optional(),
  filledOn: z.string().optional(),
});

export const PREVIEW_SAMPLE_ROWS = 50;
export const MAX_LISTED_ERRORS = 200;

export const importPreviewSchema = z.object({
  format: z.enum(['xlsx', 'csv']),
  encoding: z.string().optional(),
  sheets: z.array(z.string()),
  sheet: z.string(),
  /** 1-based; 0 when the sheet is empty. */
  headerRow: z.number().int(),
  /** false: no row looked like a roster header; the first non-empty row is offered. */
  headerDetected: z.boolean(),
  headers: z.array(z.string()),
  mapping: mappingSchema,
  /** The header row itself names every 附件2 column: no mapping step needed. */
  direct: z.boolean(),
  /** Required fields the mapping leaves out (labels). */
  missing: z.array(z.string()),
  rowCount: z.number().int(),
  validCount: z.number().int(),
  errorCount: z.number().int(),
  /** At most MAX_LISTED_ERRORS, in row order. */
  errors: z.array(rowErrorSchema),
  /** The first PREVIEW_SAMPLE_ROWS rows as they would be imported. */
  sample: z.array(
    z.object({
      row: z.number().int(),
      name: z.string(),
      certNo: z.string().optional(),
      practising: z.enum(CHECK_VALUES),
      education: z.enum(CHECK_VALUES),
      title: z.enum(CHECK_VALUES),
      note: z.string(),
      disclosureCancelled: z.boolean(),
      qualificationRevoked: z.boolean(),
    }),
  ),
  /** Summary block / 填表人 lines found in a filled-in 附件2. */
  extras: extrasSchema,
  /** Persons already on the agency's roster (replaced or appended to). */
  existingCount: z.number().int(),
});
export type ImportPreview = z.infer<typeof importPreviewSchema>;

export const personnelContract = {
  'personnel/get': method({
    summary: '读取一个机构的人员条件自查表（附件2）：汇总、排查清单与计算所得人数',
    input: z.object({ agencyId: idSchema }),
    output: checklistSchema,
  }),
  'personnel/saveSummary': method({
    summary: '保存附件2 的自查情况汇总与填表人信息',
    input: summaryInputSchema,
    output: checklistSchema,
  }),
  'personnel/addRow': method({
    summary: '在排查清单末尾添加一名人员',
    input: z.object({ agencyId: idSchema, person: personRowSchema }),
    output: rowChange,
  }),
  'personnel/updateRow': method({
    summary: '修改排查清单中的一名人员',
    input: z.object({ id: idSchema, person: personRowSchema }),
    output: rowChange,
  }),
  'personnel/deleteRow': method({
    summary: '从排查清单删除一名人员（其后序号前移）',
    input: z.object({ id: idSchema }),
    output: z.object({ counts: countsSchema }),
  }),
  'personnel/search': method({
    summary: '按姓名或证书编号在所有机构的排查清单中查找人员',
    input: z.object({
      query: z.string().trim().min(1, { error: '请输入要查找的姓名或证书编号' }).max(50),
      agencyId: idSchema.optional(),
    }),
    output: z.array(personSchema.extend({ agencyId: idSchema, agencyName: z.string() })),
  }),
  'personnel/importPreview': method({
    summary: '预览花名册导入：识别表头、列对应关系，逐行校验（不写入）',
    input: importSource.extend({
      mapping: mappingSchema.optional(),
      /** With 'append', rows whose 证书编号 is already on the roster are reported. */
      mode: z.enum(IMPORT_MODES).default('replace'),
    }),
    output: importPreviewSchema,
  }),
  'personnel/import': method({
    summary: '按确认的列对应关系导入花名册；任何一行有错则全部不导入',
    input: importSource.extend({
      mapping: mappingSchema,
      mode: z.enum(IMPORT_MODES, { error: '导入方式应为替换（replace）或追加（append）' }).default('replace'),
    }),
    output: z.object({
      imported: z.number().int(),
      mode: z.enum(IMPORT_MODES),
      summaryUpdated: z.boolean(),
      counts: countsSchema,
    }),
  }),
  'personnel/exportXlsx': method({
    summary: '按附件2 格式导出人员条件自查情况统计表（XLSX）',
    input: z.object({
      agencyId: idSchema,
      /** Add 证书编号 / 已取消执业公示 / 已注销资质 after the official columns (re-importable). */
      appColumns: z.boolean().default(false),
    }),
    output: downloadFileSchema,
  }),
} as const;
