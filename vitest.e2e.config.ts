import { defineConfig } from 'vitest/config';

// The container tests (npm run test:e2e), after test/e2e/run.sh built the images.
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.test.ts'],
    pool: 'forks',
    fileParallelism: false,
    testTimeout: 120_000,
  },
});
