import { defineConfig } from 'vitest/config';

// Three tiers by privilege: unit tests need nothing; integration and e2e tests
// touch the real kernel and run as root (see README "Tests").
export default defineConfig({
  test: {
    globalSetup: ['test/global-setup.ts'],
    reporters: ['default', './test/summary-reporter.ts'],
    projects: [
      { test: { name: 'unit', include: ['test/unit/**/*.test.ts'] } },
      { test: { name: 'integration', include: ['test/integration/**/*.test.ts'], fileParallelism: false } },
      { test: { name: 'e2e', include: ['test/e2e/**/*.test.ts'], fileParallelism: false, testTimeout: 120_000 } },
    ],
  },
});
