import { defineConfig } from 'vitest/config';

// The cluster suite (`npm run test:cluster`; .ci/run runs it after `npm test`): it starts the
// local cluster itself (PostgreSQL, the Temporal server, two workers, the web) and needs Go and
// PostgreSQL, so it is a project of its own, outside `npm test`'s default run.
export default defineConfig({
  test: {
    pool: 'forks',
    projects: [
      {
        test: {
          name: 'cluster',
          include: ['test/cluster/**/*.test.ts'],
          // The first run builds the Temporal server (minutes); the run itself is bounded inside.
          testTimeout: 12 * 60_000,
          hookTimeout: 25 * 60_000,
        },
      },
    ],
  },
});
