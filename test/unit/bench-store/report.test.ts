import { describe, expect, it } from 'vitest';
import { zeroNodeCounters } from '../../../app/paxos';
import type { CellPair, SystemCell } from '../../../bench/store/bench-results';
import type { CellResult } from '../../../bench/store/closed-loop';
import { workloads } from '../../../bench/store/closed-loop';
import type { FsyncFloor } from '../../../bench/store/fsync-floor';
import { summarizeLatencies } from '../../../bench/store/latency';
import { detailRow, errorLines, throughputRow } from '../../../bench/store/report-table';
import { checkTargets, formatTargetCheck } from '../../../bench/store/report-targets';
import { protocolComparisonTable } from '../../../bench/store/protocol-table';

function cell(opsPerSecond: number, writeMs: number[], readMs: number[], fast = 0, prepare = 0): SystemCell {
  const result: CellResult = {
    measuredSeconds: 10,
    opsPerSecond,
    all: summarizeLatencies([...readMs, ...writeMs]),
    reads: summarizeLatencies(readMs),
    writes: summarizeLatencies(writeMs),
    writePaths: { fast, prepare, dedup: 0, 'n/a': 0 },
    errors: new Map(),
  };
  const cpu = { seconds: 10, machineCores: 1, groupCores: {}, foreignCores: 0, machineCoresMax: 2 };
  return { result, cpu, counters: null };
}

function pair(
  name: 'write' | 'read' | 'mix',
  concurrency: number,
  paxos: SystemCell,
  etcd: SystemCell,
  client: CellPair['client'] = 'unary',
): CellPair {
  return { workload: workloads.find((w) => w.name === name)!, concurrency, client, paxos, etcd };
}

const floor: FsyncFloor = {
  count: 10,
  p50Ms: 0.2,
  p99Ms: 0.4,
  meanMs: 0.25,
  opsPerSecond: 5000,
  directory: '/tmp',
};

describe('bench:store report', () => {
  it('prints ops/s, the ratio, percentiles and the fast-path share of a cell', () => {
    const row = throughputRow(
      pair('write', 1, cell(900, [0.8, 0.9, 1.0], [], 3, 1), cell(300, [2, 3, 4], [])),
    );
    expect(row).toBe('| write | 1 | 900 | 300 | 3.00× | 0.90 / 1.00 | 3.00 / 4.00 | 75.0 % | 0 / 0 |');
  });

  it('shows CPU per system, per request, idle and foreign in the detail row', () => {
    const paxos = cell(500, [1], [2], 1, 0);
    paxos.cpu = { ...paxos.cpu, groupCores: { client: 0.2, agents: 0.5, etcd: 0.02 }, foreignCores: 0.3 };
    paxos.counters = { ...zeroNodeCounters(), fastPathHits: 4, proposals: 5 };
    paxos.agentCores = { n0: 0.1, n2: 0.3, n4: 0.1 };
    const etcd = cell(1000, [1], [1]);
    etcd.cpu = { ...etcd.cpu, groupCores: { client: 0.4, agents: 0.05, etcd: 0.8 }, foreignCores: 0.1 };
    expect(detailRow(pair('mix', 16, paxos, etcd))).toBe(
      '| mix | 16 | 2.00 / 1.00 | 1.00 / 1.00 | 4 / 5 | 0.20 + 0.50 | 0.40 + 0.80 | 1.00 / 0.80 | n2 0.30 (60.0 %) | 0.05 / 0.02 | 0.30 / 0.10 |',
    );
    paxos.agentCores = null;
    expect(detailRow(pair('mix', 16, paxos, etcd))).toContain('| 1.00 / 0.80 | — |');
  });

  it('says a target is met only when the figure reaches it', () => {
    const etcdMix = cell(2000, [9], [9]);
    etcdMix.cpu = { ...etcdMix.cpu, groupCores: { etcd: 0.4 } };
    const unaryMix = cell(3000, [5], [5]);
    unaryMix.cpu = { ...unaryMix.cpu, groupCores: { agents: 0.9 } };
    const pipedMix = cell(3500, [5], [5]);
    pipedMix.cpu = { ...pipedMix.cpu, groupCores: { agents: 0.6 } };
    const pairs = [
      pair('write', 1, cell(900, [0.8, 0.9, 1.2], [], 19, 1), cell(300, [2, 3, 4], [])),
      pair('write', 1, cell(900, [1.4, 1.5, 1.6], [], 9, 1), cell(300, [2, 3, 4], []), 'pipelined'),
      pair('mix', 64, unaryMix, etcdMix),
      pair('mix', 64, pipedMix, etcdMix, 'pipelined'),
    ];
    const preload = { paxosSeconds: 8, etcdSeconds: 9, paxosClient: 'paxos pipelined' };
    const lines = checkTargets(pairs, floor, preload).map(formatTargetCheck);
    expect(lines[0]).toContain(
      '3.3:1 mix at 64 in flight, unary client for both: ≥ 1× etcd: MET (paxos 3000 ops/s vs etcd 2000 ops/s = 1.50×)',
    );
    expect(lines[1]).toContain(
      'our pipelined client: ≥ 2× etcd: MISSED (paxos 3500 ops/s vs etcd 2000 ops/s = 1.75×)',
    );
    expect(lines[2]).toContain("unary: agents ≤ etcd's members: MISSED (agents 0.30 ms vs members 0.20 ms");
    expect(lines[3]).toContain("pipelined: agents ≤ etcd's members: MET (agents 0.17 ms vs members 0.20 ms");
    expect(lines[4]).toContain('write p50, unary');
    expect(lines[4]).toContain(': MET (paxos 0.90 ms (within 1 ms), etcd 3.00 ms');
    expect(lines[4]).toContain('p50 0.20 ms here');
    // 1.5 ms is over 1 ms but within half of etcd's 3 ms: met by the relative bar.
    expect(lines[5]).toContain(': MET (paxos 1.50 ms (over 1 ms), etcd 3.00 ms (paxos/etcd 0.50×)');
    expect(lines[6]).toContain('unary) ≥ 95 %: MET (95.0 %)');
    expect(lines[7]).toContain('pipelined) ≥ 95 %: MISSED (90.0 %)');
    expect(lines[8]).toBe(
      "- preload no slower than etcd's: MET (paxos 8.0 s (paxos pipelined) vs etcd 9.0 s)",
    );
  });

  it('says NOT MEASURED rather than guessing when a cell has no writes', () => {
    const checks = checkTargets([pair('write', 1, cell(0, [], []), cell(300, [2], []))], floor, null);
    expect(formatTargetCheck(checks[0]!)).toContain('NOT MEASURED');
  });

  it('lists every error message per system and cell', () => {
    const failing = cell(10, [1], []);
    failing.result.errors.set('14 UNAVAILABLE: no quorum', 3);
    const etcd = cell(10, [1], []);
    etcd.result.errors.set('etcd down', 1);
    expect(
      errorLines([pair('write', 64, failing, etcd), pair('write', 64, failing, etcd, 'pipelined')]),
    ).toEqual([
      'paxos write @64: 3× 14 UNAVAILABLE: no quorum',
      'etcd write @64: 1× etcd down',
      'paxos write, pipelined @64: 3× 14 UNAVAILABLE: no quorum',
    ]);
  });

  it('puts the protocols side by side, each against the etcd cell measured beside it', () => {
    const quorum = cell(600, [1], [], 0, 0);
    quorum.agentCores = { n0: 0.2, n2: 0.2, n4: 0.2 };
    quorum.cpu = { ...quorum.cpu, groupCores: { agents: 0.6 } };
    const leader = cell(200, [5], [], 0, 0);
    leader.agentCores = { n0: 0.6, n1: 0.1, n2: 0.1, n3: 0.1, n4: 0.05, n5: 0.05 };
    leader.cpu = { ...leader.cpu, groupCores: { agents: 1 } };
    const table = protocolComparisonTable([
      { protocol: 'quorumkv', pairs: [pair('write', 1, quorum, cell(300, [2], []))] },
      { protocol: 'multipaxos', pairs: [pair('write', 1, leader, cell(400, [2], []))] },
      { protocol: 'certain', error: 'did not run: no wire format' },
    ]);
    expect(table.split('\n')).toEqual([
      '| workload | in flight | quorumkv | multipaxos | etcd ops/s beside them |',
      '|---|--:|--:|--:|--:|',
      '| write | 1 | 600 (2.00×) · p50 1.00 · 1.00 ms CPU/op · busiest 33.3 % | 200 (0.50×) · p50 5.00 · 5.00 ms CPU/op · busiest 60.0 % | 300–400 |',
      'certain: did not run: no wire format',
    ]);
  });
});
