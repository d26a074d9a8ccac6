import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    globalSetup: ['tests/support/globalSetup.ts'],
    testTimeout: 120_000,
    hookTimeout: 300_000,
    // Tests build real indexes with a real model; two cores, so keep files from starving each other.
    maxWorkers: 2,
    projects: [
      { extends: true, test: { name: 'default', include: ['tests/**/*.test.ts'] } },
      // The same engine tests against the Postgres store (PGlite + pgvector over the wire, through `pg`): its
      // global setup also builds the seeds into Postgres and points the shared seed index's DATABASE_URL there.
      { extends: true, test: { name: 'postgres', include: ['tests/search/engine.test.ts'] } },
    ],
  },
});
