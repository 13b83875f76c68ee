import { defineConfig } from 'vitest/config';

/** The integration and browser tiers share one real Neo4j (tests/support/neo4j-global-setup.ts). */
const neo4j = {
  globalSetup: ['tests/support/neo4j-global-setup.ts'],
  // One Neo4j database shared by every file: files run one after another.
  fileParallelism: false,
  testTimeout: 120_000,
  hookTimeout: 300_000,
};

/**
 * The test tiers, one script each in package.json: unit (pure, no database), cypher (golden Cypher
 * text and parameters, no database), integration (a real Neo4j) and e2e (Chromium against the built
 * client and a real Neo4j). `npm test` runs them all.
 */
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
          name: 'cypher',
          include: ['tests/cypher/**/*.test.ts'],
        },
      },
      {
        test: { name: 'integration', include: ['tests/integration/**/*.test.ts'], ...neo4j },
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          ...neo4j,
          // After the integration tests, never beside them: both write to the one shared database. Its
          // global setup finds the Neo4j the integration tier started and leaves it to that tier to stop.
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
