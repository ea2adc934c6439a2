import { defineConfig } from 'vitest/config';

// Three tiers by privilege: unit tests need nothing; integration and e2e tests
// touch the real kernel, run as root (they skip themselves otherwise), and
// end with a check that they left no host object behind.
const privileged = ['test/global-setup.ts', 'test/support/leak-setup.ts'];

export default defineConfig({
  test: {
    globalSetup: ['test/global-setup.ts'],
    reporters: ['default', './test/summary-reporter.ts'],
    projects: [
      // Generous: property tests run hundreds of cases, and CI machines are shared.
      { test: { name: 'unit', include: ['test/unit/**/*.test.ts'], testTimeout: 30_000 } },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          globalSetup: privileged,
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          globalSetup: privileged,
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
