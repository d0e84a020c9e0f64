/**
 * The agency registry as an XLSX workbook: sheet 「机构」 (one row per agency)
 * and sheet 「核准证」 (one row per certificate, tied to its agency by
 * 统一社会信用代码). Import is all-or-nothing, with a dry run for the preview.
 */
import { z } from 'zod';
import { AGENCY_KINDS } from '../../forms/agency';
import { DISTRICTS } from '../../forms/districts';
import { method } from './define';
import { downloadFileSchema, uploadedFileSchema } from './files';

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

export const agenciesXlsxContract = {
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
