import { mkdtempSync, mkdirSync, writeFileSync, existsSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { reapLeftovers, type ProcessProbe } from '../../../main/supervisor/leftover-reaper';
import { RunDirectory, runRecordFile } from '../../../main/supervisor/run-registry';

function fakeRun(root: string, runId: string, record: object | null): string {
  const path = join(root, runId);
  mkdirSync(path, { recursive: true });
  if (record) writeFileSync(join(path, runRecordFile), JSON.stringify(record));
  return path;
}

function probe(alive: Record<number, string>): ProcessProbe & { killed: number[] } {
  const killed: number[] = [];
  return {
    killed,
    isAlive: (pid) => pid in alive,
    commandLineOf: (pid) => alive[pid] ?? null,
    kill: (pid) => void killed.push(pid),
  };
}

describe('reapLeftovers', () => {
  it('kills only agents whose command line names the crashed run, then removes the run', () => {
    const root = mkdtempSync(join(tmpdir(), 'reaper-'));
    const path = fakeRun(root, 'crashed', {
      consolePid: 100,
      consoleCommandLine: 'node console',
      agents: { n0: 201, n1: 202, n2: 203 },
    });
    const fake = probe({
      201: `node agent.mjs --node n0 --data-dir ${path}/nodes/n0`,
      // Pid 202 was reused by something else: never killed.
      202: 'vim notes.txt',
    });
    const report = reapLeftovers(root, fake);
    expect(fake.killed).toEqual([201]);
    expect(report.agentsKilled).toEqual([{ runId: 'crashed', nodeId: 'n0', pid: 201 }]);
    expect(report.runsRemoved).toEqual(['crashed']);
    expect(existsSync(path)).toBe(false);
  });

  it('leaves a run alone while its console still runs, and treats a reused console pid as dead', () => {
    const root = mkdtempSync(join(tmpdir(), 'reaper-'));
    fakeRun(root, 'live', { consolePid: 100, consoleCommandLine: 'node console', agents: {} });
    fakeRun(root, 'reused', { consolePid: 101, consoleCommandLine: 'node console', agents: {} });
    const report = reapLeftovers(root, probe({ 100: 'node console', 101: 'bash' }));
    expect(report.runsInUse).toEqual(['live']);
    expect(report.runsRemoved).toEqual(['reused']);
  });

  it('keeps this console’s own run and a fresh run without a pid file, removes a stale one', () => {
    const root = mkdtempSync(join(tmpdir(), 'reaper-'));
    const own = new RunDirectory(root, 'own');
    fakeRun(root, 'fresh', null);
    const stale = fakeRun(root, 'stale', null);
    utimesSync(stale, new Date(0), new Date(0));
    const report = reapLeftovers(root, probe({}));
    expect(report.runsInUse.sort()).toEqual(['fresh', 'own']);
    expect(report.runsRemoved).toEqual(['stale']);
    expect(existsSync(own.path)).toBe(true);
  });

  it('finds nothing to do under a root that does not exist', () => {
    expect(reapLeftovers(join(tmpdir(), 'no-such-root-for-reaper'), probe({}))).toEqual({
      runsRemoved: [],
      agentsKilled: [],
      runsInUse: [],
    });
  });
});
