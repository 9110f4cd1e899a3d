import { defineConfig } from 'vitest/config';

// Unit tests need nothing; integration tests share one real Temporal dev server started by
// test/global-setup.ts. The `forks` pool (vitest's default) because the SDK's native module
// crashes under worker threads.
export default defineConfig({
  test: {
    pool: 'forks',
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          globalSetup: ['test/global-setup.ts'],
          testTimeout: 180_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
