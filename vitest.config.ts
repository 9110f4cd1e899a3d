import { defineConfig } from 'vitest/config';

// Unit tests need nothing; integration tests share one real Temporal dev server started by
// test/global-setup.ts. The `forks` pool (vitest's default) because the SDK's native module
// crashes under worker threads.
//
// Two files at a time (vitest's default on 2 cores is one): the integration files spend much of
// their time waiting on the server, timers and spawned CLIs, so two overlap well (the whole suite:
// 684 s against 999 s one at a time). Each file has its own task queue and ids.
// One seal key for every test process (the test workers, the CLIs and workers they spawn), so
// what one seals the others open, as in a deployment that shares its keys. A test key only.
export const TEST_SEAL_KEYS = 'ktest0001:be6c22961fb681e019a5372a2a9d02b00f8ec96374a69a4478994dbcdab7139b';

export default defineConfig({
  test: {
    pool: 'forks',
    maxWorkers: 2,
    projects: [
      {
        test: {
          name: 'unit',
          env: { KEHOACH_SEAL_KEYS: TEST_SEAL_KEYS },
          include: ['test/unit/**/*.test.ts'],
        },
      },
      {
        test: {
          name: 'integration',
          env: { KEHOACH_SEAL_KEYS: TEST_SEAL_KEYS },
          include: ['test/integration/**/*.test.ts'],
          globalSetup: ['test/global-setup.ts'],
          testTimeout: 180_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
