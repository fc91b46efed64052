/**
 * A 30 s nemesis run (every fault kind, SIGSTOP and kills included) on six real agents per registered
 * protocol, through the same harness as `npm run check -- --protocol NAME --nemesis all`: every
 * protocol but QuorumKV (PaxosKV, multi-Paxos, PaxosCertain, WPaxos, and any registered later) must
 * come out linearizable with no acknowledged write lost, and QuorumKV must be caught
 * (a violation the checker names, or acknowledged writes lost). The runs go one after another, each on
 * a fresh cluster: side by side, 18 agents starved each other on this 2-core machine (at load 22 the
 * three runs managed 53, 50 and 111 operations in their 30 s, and QuorumKV went uncaught), where one
 * cluster at a time ran 500 to 1,000 operations per run at the same load.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anomaliesOf } from '../../app/checker/anomaly';
import { protocolNames, type ProtocolName } from '../../app/protocol/protocol';
import { retryShareDefault } from '../../main/harness/checked-run';
import { runClusterCheck, type ClusterCheckOutcome } from '../../main/harness/cluster-check';
import type { ClusterCheckOptions } from '../../main/harness/cluster-check-options';
import { faultKinds } from '../../main/harness/nemesis-schedule';

const outRoot = mkdtempSync(join(tmpdir(), 'paxoscope-protocol-nemesis-'));
afterAll(() => rmSync(outRoot, { recursive: true, force: true }));

/**
 * One schedule for all: the same seed gives the same workload and the same faults. Not picked to
 * flag QuorumKV: seeds 1 to 5 all did on 2026-12-03 (lost updates, divergent versions, phantom reads,
 * and 2 to 10 acknowledged writes lost per run).
 */
const seed = 3;

function options(protocol: ProtocolName): ClusterCheckOptions {
  return {
    durationMs: 30_000,
    kinds: [...faultKinds],
    seed,
    clients: 6,
    // Few keys, so concurrent writers meet on a key while faults are in force.
    keys: 4,
    distribution: 'zipfian',
    rateOpsPerSecond: 60,
    requestDeadlineMs: 6000,
    retryShare: retryShareDefault,
    mode: 'paxos',
    attach: null,
    token: null,
    outDir: join(outRoot, protocol),
    budgetMs: 60_000,
    protocol,
  };
}

/** NWR with no Paxos: meant to break linearizability under faults, and to be caught doing so. */
const meantToBeCaught: ProtocolName = 'quorumkv';
const safeProtocols = protocolNames.filter((protocol) => protocol !== meantToBeCaught);
const outcomes = new Map<ProtocolName, ClusterCheckOutcome>();

beforeAll(async () => {
  for (const protocol of protocolNames) outcomes.set(protocol, await runClusterCheck(options(protocol)));
}, 150_000 * protocolNames.length);

describe('30 s nemesis run per protocol on real agents', () => {
  it.each(safeProtocols)('%s stays linearizable and loses no acknowledged write', (protocol) => {
    const outcome = outcomes.get(protocol)!;
    expect(new Set(outcome.faults.map((record) => record.fault.kind))).toEqual(new Set(faultKinds));
    expect(outcome.faults.filter((record) => record.error !== undefined)).toEqual([]);
    expect(outcome.result.verdict, outcome.summary).toBe('ok');
    expect(outcome.lost, outcome.summary).toEqual([]);
    expect(outcome.settle.unreadable, outcome.summary).toEqual([]);
    // The run must have exercised the store: writes and reads acknowledged under the faults.
    const ok = outcome.operations.filter((op) => op.outcome === 'ok');
    expect(ok.filter((op) => op.kind !== 'get').length, outcome.summary).toBeGreaterThanOrEqual(8);
    expect(ok.filter((op) => op.kind === 'get').length, outcome.summary).toBeGreaterThanOrEqual(8);
  });

  it(`${meantToBeCaught} is caught: a named violation or acknowledged writes lost`, () => {
    const outcome = outcomes.get(meantToBeCaught)!;
    expect(new Set(outcome.faults.map((record) => record.fault.kind))).toEqual(new Set(faultKinds));
    const anomalies = anomaliesOf(outcome.result.keys, outcome.operations);
    const flagged = outcome.result.verdict === 'violation' || outcome.lost.length > 0;
    expect(flagged, outcome.summary).toBe(true);
    if (outcome.result.verdict === 'violation') {
      expect(anomalies.length, outcome.summary).toBeGreaterThan(0);
      for (const anomaly of anomalies) expect(anomaly.explanation.length).toBeGreaterThan(20);
    }
    expect(outcome.exitCode).toBe(1);
  });
});
