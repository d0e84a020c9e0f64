import { z } from 'zod';
import { illFormedMessage, isWellFormedText } from '../../lib/well-formed';

/** UUIDs are made on the device (v7); accept any RFC 4122/9562 form. */
export const idSchema = z.uuid({ error: '编号格式不正确' });

/** A calendar date as `YYYY-MM-DD` that really exists (no 2024-02-30). */
export const dateSchema = z
  .string({ error: '请填写日期' })
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: '日期格式应为 YYYY-MM-DD' })
  .refine(
    (s) => {
      const [y, m, d] = s.split('-').map(Number) as [number, number, number];
      const dt = new Date(Date.UTC(y, m - 1, d));
      return dt.getUTCFullYear() === y && dt.getUTCMonth() === m - 1 && dt.getUTCDate() === d;
    },
    { error: '日期不存在，请检查年月日' },
  );

export const isoTimeSchema = z.string();

/**
 * Trimmed text with a Chinese message for an empty required field. The dispatcher
 * already refuses lone surrogates in every input; the schema says so too, naming the
 * field, for whoever parses with it directly.
 */
export function requiredText(label: string, max = 200) {
  return z
    .string({ error: `请填写${label}` })
    .trim()
    .min(1, { error: `请填写${label}` })
    .refine((s) => [...s].length <= max, { error: `${label}不能超过 ${max} 个字` })
    .refine(isWellFormedText, { error: illFormedMessage('value', label) });
}

export function optionalText(label: string, max = 200) {
  return z
    .string({ error: `${label}应为文字` })
    .trim()
    .refine((s) => [...s].length <= max, { error: `${label}不能超过 ${max} 个字` })
    .refine(isWellFormedText, { error: illFormedMessage('value', label) })
    .default('');
}

export const byInspection = z.object({ inspectionId: idSchema });

export const emptyInput = z.object({}).strict().default({});
