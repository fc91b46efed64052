/**
 * Builds what is stale (main, agent, renderer) and starts one headless console with the embedded
 * six-agent cluster for the whole run; its URL reaches the tests through PAXOSCOPE_E2E_URL.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { startHeadlessConsole } from './headless-console';

export default async function globalSetup(): Promise<() => Promise<void>> {
  const root = join(import.meta.dirname, '../../..');
  const build = spawnSync(process.execPath, [join(root, 'scripts/build-console.mjs')], {
    cwd: root,
    stdio: 'inherit',
  });
  if (build.status !== 0) throw new Error(`building the console failed (exit ${build.status})`);
  // Six agents must each answer within 15 s; on a loaded machine one may not, so try a second time.
  const running = await startHeadlessConsole({ root }).catch((error: unknown) => {
    console.log(`e2e: the console's cluster did not start, trying again: ${String(error).split('\n')[0]}`);
    return startHeadlessConsole({ root });
  });
  process.env.PAXOSCOPE_E2E_URL = running.url;
  return () => running.stop();
}
