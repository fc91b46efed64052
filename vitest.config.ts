import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    exclude: ['test/e2e/**', 'node_modules/**'],
    testTimeout: 30_000,
    pool: 'forks',
    // Builds the node agent bundle (dist/node-agent/agent.mjs) when its sources are newer.
    globalSetup: ['test/support/global-setup.ts'],
  },
});
