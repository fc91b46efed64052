/**
 * Playwright for the headless console in Debian's Chromium, against real agents: the global setup
 * builds what is stale, starts `headless-main` with the embedded six-agent cluster and hands the page
 * URL (with its token) to the tests. Run it through `npm run test:e2e` (test/e2e/support/run-e2e.ts),
 * which skips it plainly where no Chromium is installed. The Electron spec has its own config in
 * test/e2e/electron.
 */
import { defineConfig, devices } from '@playwright/test';
import { chromiumPath } from './test/e2e/support/chromium-path';

export default defineConfig({
  testDir: 'test/e2e',
  testIgnore: ['electron/**'],
  testMatch: '*.spec.ts',
  globalSetup: './test/e2e/support/global-setup.ts',
  outputDir: 'test-results/e2e',
  timeout: 180_000,
  expect: { timeout: 15_000 },
  // One cluster serves the run and the specs change it (kill, partition), so they run one at a time.
  workers: 1,
  fullyParallel: false,
  reporter: [['list'], ['html', { open: 'never', outputFolder: 'playwright-report' }]],
  use: {
    ...devices['Desktop Chrome'],
    viewport: { width: 1440, height: 900 },
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: chromiumPath(),
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-dev-shm-usage',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
});
