/** Playwright for the Electron window; on Linux run it under xvfb-run (npm run test:e2e:electron does). */
import { defineConfig } from '@playwright/test';

export default defineConfig({
  testDir: '.',
  testMatch: '*.spec.ts',
  timeout: 90_000,
  workers: 1,
  reporter: 'list',
});
