/**
 * The cluster check end to end on six real agents: a 60 s workload under every fault kind (SIGSTOP
 * of agent processes included), half its writes retried with their request id on other agents, must
 * stay linearizable and lose no acknowledged write, and a run that reads one replica without Paxos must be
 * caught, which proves the harness can fail. Both runs share this file so they never load the two
 * cores at the same time.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseHistory } from '../../../app/checker/history';
import { retryShareDefault } from '../../../main/harness/checked-run';
import { runClusterCheck } from '../../../main/harness/cluster-check';
import type { ClusterCheckOptions } from '../../../main/harness/cluster-check-options';
import { faultKinds } from '../../../main/harness/nemesis-schedule';

const outRoot = mkdtempSync(join(tmpdir(), 'paxoscope-nemesis-test-'));
afterAll(() => rmSync(outRoot, { recursive: true, force: true }));

function options(overrides: Partial<ClusterCheckOptions>): ClusterCheckOptions {
  return {
    durationMs: 60_000,
    kinds: [...faultKinds],
    seed: 11,
    clients: 8,
    keys: 10,
    distribution: 'zipfian',
    rateOpsPerSecond: 100,
    requestDeadlineMs: 6000,
    retryShare: retryShareDefault,
    mode: 'paxos',
    attach: null,
    token: null,
    outDir: join(outRoot, String(overrides.mode ?? 'paxos')),
    budgetMs: 60_000,
    ...overrides,
  };
}

describe('cluster check', () => {
  it('a 60 s run under every fault kind is linearizable and loses no acknowledged write', async () => {
    const outcome = await runClusterCheck(options({}));
    expect(new Set(outcome.faults.map((record) => record.fault.kind))).toEqual(new Set(faultKinds));
    expect(outcome.faults.filter((record) => record.error !== undefined)).toEqual([]);
    expect(outcome.settle.unreadable).toEqual([]);
    expect(outcome.result.verdict, outcome.summary).toBe('ok');
    expect(outcome.lost).toEqual([]);
    expect(outcome.exitCode).toBe(0);
    expect(outcome.operations.filter((op) => op.outcome === 'ok').length).toBeGreaterThan(500);
    // Writes roamed, and some needed their request id retried on another agent (a stopped or paused
    // one left them waiting): the retries the store must answer as the original, never apply twice.
    expect(outcome.retries.roaming, outcome.summary).toBeGreaterThan(100);
    expect(outcome.retries.retried, outcome.summary).toBeGreaterThan(0);
    expect(parseHistory(readFileSync(outcome.files.history, 'utf8'))).toHaveLength(outcome.operations.length);
  }, 240_000);

  it('reading one replica without Paxos is caught as a violation', async () => {
    const outcome = await runClusterCheck(
      options({
        // One key and datacenter partitions only: every partition leaves one of its replicas behind
        // while the other two take writes, so stale reads happen even when a loaded machine runs few ops.
        durationMs: 15_000,
        kinds: ['partition'],
        keys: 1,
        mode: 'one-replica-read',
        seed: 3,
      }),
    );
    expect(outcome.result.verdict, outcome.summary).toBe('violation');
    expect(outcome.exitCode).toBe(1);
    expect(readFileSync(outcome.files.html, 'utf8')).toContain('class="blocked"');
  }, 120_000);
});
