import { defineConfig } from 'vitest/config';

// Two projects: `unit` (pure planning and single effects, runs as any user: npm run test:unit) and
// `integration` (the installed CLI in mount namespaces as arbitrary UIDs: needs root). npm test runs
// both; the container tests have their own config (vitest.e2e.config.ts).
export default defineConfig({
  test: {
    pool: 'forks',
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/*.test.ts'],
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          globalSetup: ['test/helpers/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
