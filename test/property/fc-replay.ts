/**
 * fast-check settings for the property tests (import it first, for its effect). fast-check draws a
 * fresh seed each run, so a failure must say how to get it back: it prints fast-check's report (seed,
 * shrunk path, counterexample) and the one command that replays exactly that counterexample. Setting
 * FC_SEED (and FC_PATH) makes every fc.assert of the run start from that seed (and path); run only the
 * failing test with them, since a path belongs to one property. See test/property/README.md.
 */
import fc from 'fast-check';
import { relative } from 'node:path';
import { expect } from 'vitest';

const seed = process.env.FC_SEED;
const path = process.env.FC_PATH;

/** The command that replays this counterexample: its seed, its path, and only this test. */
function replayCommand(seedUsed: number, pathFound: string | null): string {
  const { testPath = '', currentTestName = '' } = expect.getState();
  const testName = currentTestName.split(' > ').at(-1) ?? '';
  const onlyPath = pathFound === null ? '' : ` FC_PATH="${pathFound}"`;
  return `FC_SEED=${seedUsed}${onlyPath} npx vitest run ${relative(process.cwd(), testPath)} -t ${JSON.stringify(testName)}`;
}

fc.configureGlobal({
  ...(seed === undefined ? {} : { seed: Number(seed) }),
  ...(path === undefined ? {} : { path, endOnFailure: true }),
  reporter(details) {
    if (!details.failed) return;
    const report = fc.defaultReportMessage(details);
    throw new Error(`${report}\nReplay: ${replayCommand(details.seed, details.counterexamplePath)}`);
  },
});
