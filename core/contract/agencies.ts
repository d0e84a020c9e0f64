import { z } from 'zod';
import { DISTRICTS } from '../../forms/districts';
import { AGENCY_KINDS, agencySchema as agencyFieldsSchema, certificateSchema as certificateFieldsSchema } from '../../forms/agency';
import { idSchema } from './common';
import { method } from './define';
import { downloadFileSchema, uploadedFileSchema } from './files';

/**
 * Input of `agencies/save`: the registry fields of forms/agency plus the agency's
 * certificates. Certificates are matched by 证书编号 within the agency, so the
 * renderer never needs their ids.
 */
export const agencyInputSchema = agencyFieldsSchema.extend({
  id: idSchema.optional(),
  certificates: z
    .array(certificateFieldsSchema)
    .max(50, { error: '一个机构最多登记 50 张核准证' })
    .default([])
    .superRefine((certs, ctx) => {
      const seen = new Set<string>();
      certs.forEach((c, i) => {
        if (seen.has(c.certNo)) {
          ctx.addIssue({ code: 'custom', message: `证书编号 ${c.certNo} 重复`, path: [i, 'certNo'] });
        }
        seen.add(c.certNo);
      });
    }),
});
export type AgencyInput = z.input<typeof agencyInputSchema>;

export const certificateSchema = z.object({
  id: idSchema,
  orgName: z.string(),
  certNo: z.string(),
  issuer: z.string(),
  issuedOn: z.string(),
  validUntil: z.string(),
  /** Computed at read time from today's date in Asia/Shanghai. */
  status: z.object({
    level: z.enum(['ok', 'expiring90', 'expiring30', 'expired']),
    daysLeft: z.number(),
    label: z.string(),
  }),
});

export const agencySchema = z.object({
  id: idSchema,
  name: z.string(),
  address: z.string(),
  creditCode: z.string(),
  legalRep: z.string(),
  legalRepPhone: z.string(),
  contact: z.string(),
  contactPhone: z.string(),
  district: z.enum(DISTRICTS),
  kind: z.enum(AGENCY_KINDS),
  certificates: z.array(certificateSchema),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Agency = z.infer<typeof agencySchema>;


// The registry as an XLSX workbook: sheet 「机构」 (one row per agency) and sheet
// 「核准证」 (one row per certificate, tied to its agency by 统一社会信用代码). Import is
// all-or-nothing, with a dry run for the preview.

export const REGISTRY_SHEETS = { agencies: '机构', certificates: '核准证' } as const;

export const registryErrorSchema = z.object({
  sheet: z.string(),
  row: z.number().int(),
  message: z.string(),
});
export type RegistryError = z.infer<typeof registryErrorSchema>;

export const registryImportResultSchema = z.object({
  dryRun: z.boolean(),
  added: z.number().int(),
  updated: z.number().int(),
  certificates: z.number().int(),
  /** false when the file has no 核准证 sheet: existing certificates are then left as they are. */
  certificatesIncluded: z.boolean(),
  agencies: z.array(
    z.object({
      row: z.number().int(),
      name: z.string(),
      creditCode: z.string(),
      district: z.enum(DISTRICTS),
      kind: z.enum(AGENCY_KINDS),
      action: z.enum(['add', 'update']),
      certificates: z.number().int(),
      /** Certificates on record before the import (null for a new agency). */
      previousCertificates: z.number().int().nullable(),
    }),
  ),
  errorCount: z.number().int(),
  errors: z.array(registryErrorSchema),
});
export type RegistryImportResult = z.infer<typeof registryImportResultSchema>;

export const agenciesContract = {
  'agencies/list': method({
    summary: '机构列表，可按名称或统一社会信用代码搜索',
    input: z.object({ query: z.string().trim().max(100).optional() }).default({}),
    output: z.array(agencySchema),
  }),
  'agencies/get': method({
    summary: '读取一个机构及其核准证',
    input: z.object({ id: idSchema }),
    output: agencySchema,
  }),
  'agencies/save': method({
    summary: '新建或修改机构（含核准证）',
    input: agencyInputSchema,
    output: agencySchema,
  }),
  'agencies/exportXlsx': method({
    summary: '导出机构名录及核准证（XLSX）',
    input: z.object({}).default({}),
    output: downloadFileSchema,
  }),
  'agencies/importXlsx': method({
    summary: '从 XLSX 导入机构名录及核准证；dryRun 只校验并预览；有任何错误则全部不导入',
    input: uploadedFileSchema.extend({ dryRun: z.boolean().default(false) }),
    output: registryImportResultSchema,
  }),
} as const;
