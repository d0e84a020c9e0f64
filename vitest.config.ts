import { defineConfig } from 'vitest/config';

// Unit and integration tests live beside the code (x.test.ts); e2e tests run in
// real Chromium against the browser host and are kept in test/e2e.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['{core,receiver,db,forms,pdf,bundle,lib,electron,renderer}/**/*.test.{ts,tsx}', 'test/sync/**/*.test.ts'],
          environment: 'node',
          testTimeout: 20_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.e2e.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 120_000,
          // One Chromium at a time: the machine has two cores.
          fileParallelism: false,
          globalSetup: ['test/e2e/global-setup.ts'],
        },
      },
    ],
  },
});
