import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.ts', 'client/test/**/*.test.ts'],
          // Some unit tests parse the real samples of ../shared/data (seconds on a quiet machine);
          // on a busy one the 5 s default cut them off.
          testTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'integration',
          // The browser tests share the database with the integration tests, so they run in the same
          // project: one file at a time.
          include: ['tests/integration/**/*.test.ts', 'tests/e2e/**/*.test.ts'],
          globalSetup: ['tests/support/neo4j-global-setup.ts'],
          // One Neo4j database shared by every file: files run one after another.
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 300_000,
        },
      },
    ],
  },
});
