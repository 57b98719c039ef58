import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';

export default defineConfig({
  test: {
    projects: [
      {
        plugins: [WxtVitest()],
        test: {
          name: 'unit',
          environment: 'happy-dom',
          include: ['lib/**/*.test.{ts,tsx}', 'tests/unit/**/*.test.{ts,tsx}'],
          // Not vitest's 5 s: the background's tests (real sockets, IndexedDB, a worker restarted)
          // take 0.4–1.8 s each on a quiet machine and passed 5 s under load 18 — CI's Node 24 pass
          // runs right after the whole suite.
          testTimeout: 15_000,
        },
      },
      {
        test: {
          name: 'server',
          environment: 'node',
          include: ['server/**/*.test.ts'],
          globalSetup: ['server/test/global-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        // Real headless Chromium with the built extension: one browser at a time on a 2-core machine.
        test: {
          name: 'e2e',
          environment: 'node',
          include: ['tests/e2e/**/*.e2e.ts'],
          globalSetup: ['tests/e2e/global-setup.ts', 'server/test/global-setup.ts'],
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
