/**
 * The console as a process: whatever way it ends, no agent outlives it for long. A clean SIGTERM stops
 * every agent and removes the run; after a SIGKILL the agents leave by themselves (their stdin closes)
 * except one that cannot act (here: stopped by SIGSTOP, like a hung process), which the next console's
 * reaper kills.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { reapLeftovers } from '../../../main/supervisor/leftover-reaper';
import { listRuns } from '../../../main/supervisor/run-registry';
import { tempDir } from '../../support/temp-dir';
import { isGone, processState, waitUntil } from './console-support';

const consoles: ChildProcess[] = [];
afterAll(() => {
  for (const child of consoles) if (child.exitCode === null) child.kill('SIGKILL');
});

interface RunningConsole {
  child: ChildProcess;
  output: () => string;
}

/** Starts the headless console from source and waits for its cluster to be ready. */
async function startConsole(runsRoot: string): Promise<RunningConsole> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'main/headless-main.ts', '--runs-dir', runsRoot],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  consoles.push(child);
  let output = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  await waitUntil(
    'the console reports its cluster ready',
    () => output.includes('cluster ready') || child.exitCode !== null,
    60_000,
  );
  if (!output.includes('cluster ready')) throw new Error(`the console did not start:\n${output}`);
  return { child, output: () => output };
}

function agentPids(runsRoot: string): number[] {
  const [run] = listRuns(runsRoot);
  return Object.values(run?.record?.agents ?? {});
}

function exited(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

describe('console exit', () => {
  it('stops every agent and removes its run on SIGTERM', async () => {
    const runsRoot = tempDir('exit-term');
    const running = await startConsole(runsRoot);
    const pids = agentPids(runsRoot);
    expect(pids).toHaveLength(6);
    running.child.kill('SIGTERM');
    expect(await exited(running.child)).toBe(143);
    expect(pids.filter((pid) => !isGone(pid))).toEqual([]);
    expect(listRuns(runsRoot)).toEqual([]);
  }, 90_000);

  it('after a SIGKILL, agents leave by themselves and the next console reaps a hung one', async () => {
    const runsRoot = tempDir('exit-kill');
    const running = await startConsole(runsRoot);
    const pids = agentPids(runsRoot);
    const hung = pids[0]!;
    process.kill(hung, 'SIGSTOP');
    running.child.kill('SIGKILL');
    await exited(running.child);
    const others = pids.filter((pid) => pid !== hung);
    await waitUntil('the other agents exit when their stdin closes', () => others.every(isGone), 20_000);
    expect(processState(hung)).toBe('T');
    const [run] = listRuns(runsRoot);
    expect(run && existsSync(join(run.path, 'run.json'))).toBe(true);
    const report = reapLeftovers(runsRoot);
    expect(report.agentsKilled).toEqual([expect.objectContaining({ runId: run!.runId, pid: hung })]);
    await waitUntil('the hung agent is gone', () => isGone(hung));
    expect(listRuns(runsRoot)).toEqual([]);
  }, 90_000);
});
