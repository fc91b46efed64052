/**
 * `npm run test:e2e`, also the last step of `npm test`: the Playwright suite in Debian's Chromium
 * against the headless console and real agents (arguments go on to `playwright test`). On a machine
 * without that browser the suite cannot run, so it is skipped with a message saying how to get one,
 * and `npm test` stays green; with PAXOSCOPE_E2E_REQUIRED=1 (set by .ci/run) a missing browser fails.
 */
import { spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { createRequire } from 'node:module';
import { chromiumPath } from './chromium-path';

const browser = chromiumPath();
const required = process.env.PAXOSCOPE_E2E_REQUIRED === '1';

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

if (!executable(browser)) {
  const why = `e2e: ${required ? 'FAILED' : 'SKIPPED'}: no Chromium at ${browser}, so the Playwright suite cannot run.`;
  const how =
    'Install Debian\'s: "apt-get install -y chromium" (.ci/run does this), or point CHROMIUM_PATH at a ' +
    'Chromium or Chrome binary, then run "npm run test:e2e".';
  console.log(`${why}\n${how}`);
  process.exit(required ? 1 : 0);
}

const cli = createRequire(import.meta.url).resolve('@playwright/test/cli');
const startedMs = performance.now();
const run = spawnSync(process.execPath, [cli, 'test', ...process.argv.slice(2)], { stdio: 'inherit' });
const seconds = ((performance.now() - startedMs) / 1000).toFixed(0);
console.log(`e2e: playwright exited ${run.status ?? run.signal} after ${seconds} s (browser ${browser})`);
process.exit(run.status ?? 1);
