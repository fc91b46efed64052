import { describe, expect, it } from 'vitest';
import type { HistoryOperation } from '../../../app/checker/history';
import { checkHistory } from '../../../app/checker/linearizability';
import { protocolNames } from '../../../app/protocol/protocol';
import { parseClusterCheckArguments } from '../../../main/harness/cluster-check-options';
import type { ClusterCheckOutcome } from '../../../main/harness/cluster-check';
import type { FaultRecord } from '../../../main/harness/history-recorder';
import {
  clusterCompareRow,
  formatClusterComparison,
  runClusterComparison,
  type ComparedRun,
} from '../../../main/harness/protocol-compare';

const bytes = (text: string) => new TextEncoder().encode(text);

function put(
  id: string,
  key: string,
  callMs: number,
  returnMs: number | null,
  version?: number,
): HistoryOperation {
  const outcome = returnMs === null ? 'unknown' : version === undefined ? 'fail' : 'ok';
  return {
    id,
    client: `c-${id}`,
    kind: 'put',
    key,
    value: bytes(id),
    callMs,
    returnMs,
    outcome,
    ...(version === undefined ? {} : { result: { version } }),
  };
}

const partition: FaultRecord = {
  fault: { id: 'f1', kind: 'partition', atMs: 100, durationMs: 100 } as unknown as FaultRecord['fault'],
  appliedMs: 100,
  healedMs: 200,
};

function run(operations: HistoryOperation[], firstAttemptFailed: string[] = []): ComparedRun {
  return {
    durationMs: 2000,
    operations,
    faults: [partition],
    firstAttemptFailed: new Set(firstAttemptFailed),
    result: checkHistory(operations),
    lostWrites: 0,
    settled: true,
  };
}

describe('--compare', () => {
  const base = ['--duration', '5s', '--seed', '3'];

  it('reads a list of protocols, each once', () => {
    const options = parseClusterCheckArguments([...base, '--compare', 'paxoskv,QuorumKV,paxoskv'], 0);
    expect(options).toMatchObject({ compare: ['paxoskv', 'quorumkv'], seed: 3 });
    expect(parseClusterCheckArguments(base, 0)).not.toHaveProperty('compare');
  });

  it('refuses unknown names, a single protocol, --protocol and --attach, naming the flag', () => {
    // The registry's list, whichever protocols it holds today.
    expect(() => parseClusterCheckArguments([...base, '--compare', 'paxoskv,raft'], 0)).toThrow(
      `--compare: "raft" is not a protocol; name two or more of ${protocolNames.join(', ')}`,
    );
    expect(() => parseClusterCheckArguments([...base, '--compare', 'paxoskv'], 0)).toThrow(
      /^--compare: name two or more/,
    );
    expect(() =>
      parseClusterCheckArguments([...base, '--compare', 'paxoskv,quorumkv', '--protocol', 'quorumkv'], 0),
    ).toThrow(/^--compare: .*--protocol/);
    expect(() =>
      parseClusterCheckArguments(
        [...base, '--compare', 'paxoskv,quorumkv', '--attach', 'n0=h:1', '--nemesis', 'partition'],
        0,
      ),
    ).toThrow(/^--compare: .*--attach/);
  });

  it('splits availability at the fault windows and counts failed first attempts', () => {
    const operations = [
      put('a', 'k', 0, 10, 1), // outside, ok in 10 ms
      put('b', 'k', 20, 50, 2), // outside, ok in 30 ms after a failed first attempt
      put('c', 'k', 120, 130, 3), // during, ok
      put('d', 'k', 150, 160), // during, fail
      put('e', 'k2', 170, null), // during, unknown
      put('f', 'k2', 250, 270, 1), // outside again, ok in 20 ms
      // outside: a compare-and-set refused with the current version is an answer, not an outage
      {
        ...put('g', 'k2', 280, 281),
        kind: 'cas' as const,
        expectedVersion: 0,
        result: { currentVersion: 1 },
      },
    ];
    const row = clusterCompareRow('quorumkv', run(operations, ['b']));
    expect(row).toMatchObject({
      protocol: 'quorumkv',
      operations: 7,
      okPerSecond: 2,
      p50Ms: 20,
      p99Ms: 30,
      verdict: 'ok',
      anomalies: [],
      lostWrites: 0,
    });
    if ('error' in row) throw new Error('expected a run row');
    expect(row.availabilityDuringFaults).toBeCloseTo(1 / 3);
    expect(row.availabilityOutsideFaults).toBe(1);
    expect(row.firstAccessFailureRate).toBeCloseTo(3 / 7);
  });

  it('names the anomaly of a violation and prints one line per protocol', () => {
    // Two writes acknowledged at the same version: one of them is gone.
    const lost = clusterCompareRow('quorumkv', {
      ...run([put('a', 'k', 0, 10, 1), put('b', 'k', 20, 30, 1)]),
      lostWrites: 1,
    });
    expect(lost).toMatchObject({ verdict: 'violation', anomalies: ['lost-update 1'], lostWrites: 1 });
    const clean = clusterCompareRow('paxoskv', run([put('a', 'k', 0, 10, 1), put('b', 'k', 20, 30, 2)]));
    const table = formatClusterComparison([
      clean,
      lost,
      { protocol: 'multipaxos', error: 'could not start: no wire' },
    ]);
    const lines = table.split('\n');
    expect(lines).toHaveLength(5);
    expect(lines[0]).toMatch(
      /^protocol\s+ops\s+ok ops\/s\s+p50 ms\s+p99 ms\s+answered in faults\s+answered outside/,
    );
    expect(lines[2]).toMatch(/^paxoskv\s+2\s+1\.0\s+10\.0\s+10\.0\s+-\s+100\.0%\s+0\.0%\s+ok\s+0$/);
    expect(lines[3]).toContain('violation (lost-update 1)');
    expect(lines[4]).toMatch(/^multipaxos\s+could not start: no wire$/);
  });

  it('runs each protocol in turn on the same seed; one that cannot start gets a row, the rest still run', async () => {
    const options = parseClusterCheckArguments(
      [...base, '--compare', 'multipaxos,paxoskv', '--nemesis', 'partition', '--out', '/tmp/x'],
      0,
    );
    if (options === 'help') throw new Error('not help');
    const seen: Array<{ protocol?: string; seed: number; outDir: string; compare?: unknown }> = [];
    const comparison = await runClusterComparison(options, async (single) => {
      seen.push(single);
      if (single.protocol === 'multipaxos') throw new Error('agent n0: unknown protocol multipaxos');
      const operations = [put('a', 'k', 0, 10, 1)];
      return {
        operations,
        faults: [partition],
        firstAttemptFailed: new Set<string>(),
        result: checkHistory(operations),
        lost: [],
        settle: { unreadable: [], tookMs: 5 },
        files: { history: 'h', faults: 'f', html: 'x' },
        exitCode: 0,
      } as unknown as ClusterCheckOutcome;
    });
    expect(seen.map((single) => [single.protocol, single.seed, single.outDir, single.compare])).toEqual([
      ['multipaxos', 3, '/tmp/x/multipaxos', undefined],
      ['paxoskv', 3, '/tmp/x/paxoskv', undefined],
    ]);
    expect(comparison.rows[0]).toEqual({
      protocol: 'multipaxos',
      error: 'could not start: agent n0: unknown protocol multipaxos',
    });
    expect(comparison.rows[1]).toMatchObject({ protocol: 'paxoskv', verdict: 'ok' });
    expect(comparison.exitCode).toBe(3);
    expect(comparison.summary).toContain('multipaxos  could not start');
  });
});
