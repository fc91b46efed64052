import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    exclude: ['test/e2e/**', 'node_modules/**'],
    testTimeout: 30_000,
    pool: 'forks',
    // Vitest's default is one worker per core minus one: a single worker on a 2-core machine, which left
    // the second core idle while the long sweeps and nemesis runs (mostly waiting on agents) ran alone.
    maxWorkers: 2,
    // Builds the node agent bundle (dist/node-agent/agent.mjs) when its sources are newer.
    globalSetup: ['test/support/global-setup.ts'],
  },
});
