/**
 * PaxosCertain's golden scenarios: each test/scenarios/certain/NAME.json is a run ({ about, seed,
 * options, inputs }, the simulator's export format plus a description) and NAME.trace the trace it must
 * print, line by line. `REWRITE=1 npx vitest run test/scenarios/certain-scenarios.test.ts` writes the
 * actual trace back; review the diff against what the protocol must do before committing it. Every run
 * also passes the sweep's checkers and Certain's own safety checker, which no rewrite can make pass.
 * Runs in certain/regressions/ are seeds that once failed, kept as exported runs with their progress
 * demand (the healed cluster must read every key):
 * - two-lost-disks-seed-338/395: two replicas of a key relearned after wiped disks at different times,
 *   and both abstained at the open floor entry, so nothing could finish it (the floor entry is now
 *   finished before a relearning replica serves, and two lost disks keep both relearning).
 * - crash-before-write-seed-7000376/7000836: a node marked an entry chosen in a step and crashed before
 *   that write took effect; the safety checker counted the vanished mark as a second chosen value.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CertainSafetyChecker } from '../../app/certain/safety-checker';
import { replayRun } from '../../app/simulator/run-export';
import { createTraceRecorder } from '../../app/simulator/trace';
import { RunChecks } from '../simulation/run-checks';
import { checkRun, type ProgressDemand } from '../simulation/sweep';

const folder = join(dirname(fileURLToPath(import.meta.url)), 'certain');
const rewrite = process.env.REWRITE === '1';
const scenarios = readdirSync(folder).filter((name) => name.endsWith('.json'));
const regressions = join(folder, 'regressions');

function violationsOf(checker: CertainSafetyChecker): string[] {
  return checker.violations.map(
    (violation) => `t=${violation.atMs} ${violation.invariant}: ${violation.detail}`,
  );
}

describe.each(scenarios)('certain scenario %s', (name) => {
  const { about: _about, ...run } = JSON.parse(readFileSync(join(folder, name), 'utf8')) as {
    about: string[];
  };
  const tracePath = join(folder, name.replace(/\.json$/, '.trace'));
  const checks = new RunChecks('certain');
  const checker = new CertainSafetyChecker();
  const lines: string[] = [];
  replayRun(run, [createTraceRecorder((line) => lines.push(line), 'certain'), ...checks.observers, checker]);

  it('prints the expected trace', () => {
    if (rewrite) writeFileSync(tracePath, `${lines.join('\n')}\n`);
    expect(existsSync(tracePath), `${tracePath} (REWRITE=1 writes it)`).toBe(true);
    expect(lines).toEqual(readFileSync(tracePath, 'utf8').trimEnd().split('\n'));
  });

  it("keeps Certain's safety invariants, applies each request once and stays linearizable", () => {
    expect([...violationsOf(checker), ...checks.verdict().failures]).toEqual([]);
  });
});

describe('certain regression runs', () => {
  const files = existsSync(regressions)
    ? readdirSync(regressions).filter((file) => file.endsWith('.json'))
    : [];
  it.each(files)('%s keeps every invariant and reads every key after healing', (file) => {
    const { progress = null, ...exported } = JSON.parse(readFileSync(join(regressions, file), 'utf8')) as {
      progress?: ProgressDemand;
    };
    const checker = new CertainSafetyChecker();
    expect([...checkRun(exported, progress, [checker]).failures, ...violationsOf(checker)]).toEqual([]);
  });
});
