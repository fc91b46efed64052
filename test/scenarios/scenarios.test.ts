/**
 * Golden scenarios: each test/scenarios/*.txt is a script of commands, each followed by the trace it
 * must produce. `REWRITE=1 npx vitest run test/scenarios` (npm run scenarios:rewrite) writes the actual
 * output back into the files; review the diff before committing it. Every scenario's run also goes
 * through the sweep's checkers (safety, durability, exactly once, linearizability), which no rewrite
 * can make pass.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { exportRun, replayRun } from '../../app/simulator/run-export';
import { formatScenario, parseScenario } from '../../app/simulator/scenario-script';
import { ScenarioSession } from '../../app/simulator/scenario-session';
import { createTraceRecorder } from '../../app/simulator/trace';
import { RunChecks } from '../simulation/run-checks';

const folder = dirname(fileURLToPath(import.meta.url));
const rewrite = process.env.REWRITE === '1';
const files = readdirSync(folder).filter((name) => name.endsWith('.txt'));

describe.each(files)('scenario %s', (name) => {
  const path = join(folder, name);
  const blocks = parseScenario(readFileSync(path, 'utf8'));
  const clusters: RunChecks[] = [];
  const session = new ScenarioSession(() => {
    const checks = new RunChecks();
    clusters.push(checks);
    return checks.observers;
  });
  const outputs = blocks.map((block) => session.run(block.command));

  it('prints the expected trace for every command', () => {
    if (rewrite) writeFileSync(path, formatScenario(blocks, outputs));
    blocks.forEach((block, i) => {
      expect(outputs[i], `${name}:${block.line}: ${block.command}`).toEqual(
        rewrite ? outputs[i] : block.expected,
      );
    });
  });

  it('keeps every safety invariant, applies each request once and stays linearizable', () => {
    expect(clusters.length).toBeGreaterThan(0);
    for (const checks of clusters) expect(checks.verdict().failures).toEqual([]);
  });

  it('replays from its exported { seed, inputs } to the identical trace', () => {
    const traced = outputs.flat().filter((line) => line.startsWith('t='));
    const replayed: string[] = [];
    replayRun(JSON.parse(JSON.stringify(exportRun(session.current))), [
      createTraceRecorder((line) => replayed.push(line), 'paxoskv'),
    ]);
    expect(replayed).toEqual(traced);
  });
});
