import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Tests marked concurrent (collect's round trips through kubectl) run two at a time: this
    // machine has 2 cores, and more would only make each kubectl command slower.
    maxConcurrency: 2,
  },
});
