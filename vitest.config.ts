import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    globalSetup: ['tests/support/globalSetup.ts'],
    testTimeout: 120_000,
    hookTimeout: 300_000,
    // Tests build real indexes with a real model; two cores, so keep files from starving each other.
    maxWorkers: 2,
  },
});
