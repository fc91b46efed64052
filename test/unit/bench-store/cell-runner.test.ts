import { describe, expect, it } from 'vitest';
import { zeroNodeCounters } from '../../../app/paxos';
import type { NodeCounters } from '../../../app/paxos/types';
import type { CellPair } from '../../../bench/store/bench-results';
import { runAllCells, type CellRunnerContext } from '../../../bench/store/cell-runner';
import { preload } from '../../../bench/store/closed-loop';
import { MemoryStore } from './memory-store';

const keys = Array.from({ length: 50 }, (_, i) => `k${i}`);

function counters(proposals: number): NodeCounters {
  return { ...zeroNodeCounters(), proposals, fastPathHits: proposals, chosen: proposals };
}

async function context(agentCounters: () => Promise<NodeCounters>) {
  const paxos = new MemoryStore('paxos');
  const etcd = new MemoryStore('etcd');
  for (const store of [paxos, etcd]) await preload(store, keys, 120, 4);
  const failures: string[] = [];
  const cells: CellPair[] = [];
  /** Per cell (onCell has not yet counted it while it runs), the system that sent the first request. */
  const firstByCell: string[] = [];
  const wrap = (store: MemoryStore) => ({
    system: store.system,
    get: (key: string) => {
      firstByCell[cells.length] ??= store.system;
      return store.get(key);
    },
    put: (key: string, value: Uint8Array) => {
      firstByCell[cells.length] ??= store.system;
      return store.put(key, value);
    },
    close: () => undefined,
  });
  const runnerContext: CellRunnerContext = {
    paxos: wrap(paxos),
    etcd: wrap(etcd),
    agentCounters,
    groups: () => ({ client: [process.pid] }),
    settings: { warmupMs: 5, measureMs: 40, keys, valueBytes: 120 },
    onCell: (pair) => cells.push(pair),
    onCountersFailed: (error) => failures.push(error.message),
  };
  return { runnerContext, firstByCell, failures, cells };
}

describe('cell runner', () => {
  it('runs every workload at 1, 16 and 64 in flight on both systems, alternating which goes first', async () => {
    let proposals = 0;
    const { runnerContext, firstByCell, cells } = await context(async () => counters((proposals += 7)));
    const pairs = await runAllCells(runnerContext);
    expect(pairs.map((pair) => `${pair.workload.name}@${pair.concurrency}`)).toEqual([
      'write@1',
      'write@16',
      'write@64',
      'read@1',
      'read@16',
      'read@64',
      'mix@1',
      'mix@16',
      'mix@64',
    ]);
    expect(cells).toEqual(pairs);
    expect(firstByCell).toEqual([
      'paxos',
      'etcd',
      'paxos',
      'etcd',
      'paxos',
      'etcd',
      'paxos',
      'etcd',
      'paxos',
    ]);
    for (const pair of pairs) {
      expect(pair.paxos.counters?.proposals).toBe(7);
      expect(pair.etcd.counters).toBeNull();
      expect(pair.paxos.result.opsPerSecond).toBeGreaterThan(0);
      expect(pair.paxos.cpu.seconds).toBeGreaterThan(0);
    }
  });

  it('measures the pipelined client right after each unary pair, sharing its etcd cell', async () => {
    const { runnerContext } = await context(async () => counters(1));
    const pipelined = new MemoryStore('paxos pipelined');
    await preload(pipelined, keys, 120, 4);
    const pairs = await runAllCells({ ...runnerContext, pipelined });
    expect(pairs).toHaveLength(18);
    expect(
      pairs.slice(0, 2).map((pair) => `${pair.workload.name}@${pair.concurrency} ${pair.client}`),
    ).toEqual(['write@1 unary', 'write@1 pipelined']);
    expect(pairs[1]!.etcd).toBe(pairs[0]!.etcd);
    expect(pairs[1]!.paxos.counters?.proposals).toBe(0);
  });

  it('goes on without counters when GetStatus fails, and says so', async () => {
    const { runnerContext, failures } = await context(() => Promise.reject(new Error('13 INTERNAL: boom')));
    const pairs = await runAllCells(runnerContext);
    expect(pairs).toHaveLength(9);
    expect(pairs.every((pair) => pair.paxos.counters === null)).toBe(true);
    expect(failures[0]).toBe('13 INTERNAL: boom');
  });
});
