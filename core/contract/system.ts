import { z } from 'zod';
import { emptyInput } from './common';
import { method } from './define';

export const systemContract = {
  'system/info': method({
    summary: '程序版本、数据目录与数据库状态',
    input: emptyInput,
    output: z.object({
      appVersion: z.string(),
      dataDir: z.string(),
      schemaVersion: z.number().int(),
      host: z.enum(['electron', 'browser', 'cli']),
    }),
  }),
} as const;
