/** The comparison command's input and refusals, without agents. */
import { describe, expect, it } from 'vitest';
import { checkHistory } from '../../../app/checker/linearizability';
import { idleComparisonRun } from '../../../app/contract/comparison-run';
import { parseCommandInput } from '../../../app/contract/console-contract';
import { ContractFailure } from '../../../app/contract/errors';
import { ComparisonRuns } from '../../../main/checker/comparison-runs';
import { ConsoleContext } from '../../../main/console/console-context';
import type { ClusterCheckHooks, ClusterCheckOutcome } from '../../../main/harness/cluster-check';
import type { ClusterCheckOptions } from '../../../main/harness/cluster-check-options';
import type { PlannedFault } from '../../../main/harness/nemesis-schedule';
import { get, put } from '../checker/history-builders';

const input = (raw: object) => parseCommandInput('startComparison', raw);

function refusal(run: () => unknown) {
  try {
    run();
  } catch (error) {
    if (error instanceof ContractFailure) return error.error;
    throw error;
  }
  throw new Error('no refusal');
}

describe('startComparison input', () => {
  it('fills the CLI’s defaults and keeps the protocols in the order given', () => {
    expect(input({ protocols: ['quorumkv', 'paxoskv'] })).toEqual({
      protocols: ['quorumkv', 'paxoskv'],
      nemesis: ['partition'],
      durationMs: 20_000,
      clients: 8,
      keys: 10,
      rateOpsPerSecond: 100,
    });
  });

  it('refuses fewer than two protocols, an unknown one and one named twice, naming the field', () => {
    expect(refusal(() => input({ protocols: ['paxoskv'] }))).toMatchObject({
      code: 'INVALID_INPUT',
      field: 'protocols',
      limit: 2,
    });
    expect(refusal(() => input({ protocols: ['paxoskv', 'raft'] }))).toMatchObject({
      field: 'protocols[1]',
    });
    const twice = refusal(() => input({ protocols: ['paxoskv', 'paxoskv'] }));
    expect(twice).toMatchObject({ field: 'protocols' });
    expect(twice.message).toContain('once');
  });

  it('names the duration’s and the rate’s limits', () => {
    expect(refusal(() => input({ protocols: ['paxoskv', 'quorumkv'], durationMs: 2000 }))).toMatchObject({
      field: 'durationMs',
      limit: 12_000,
    });
    expect(
      refusal(() => input({ protocols: ['paxoskv', 'quorumkv'], rateOpsPerSecond: 5000 })),
    ).toMatchObject({ field: 'rateOpsPerSecond', limit: 1000 });
    expect(refusal(() => input({ protocols: ['paxoskv', 'quorumkv'], nemesis: ['flood'] }))).toMatchObject({
      field: 'nemesis[0]',
    });
  });
});

describe('comparison runs', () => {
  const context = () => new ConsoleContext({ recorderCapacity: 16, healthIntervalMs: 1000 });

  it('refuses a second comparison while one runs, and a comparison beside a checked run', () => {
    const busy = context();
    busy.publisher.publish({
      kind: 'comparisonStarted',
      run: { ...idleComparisonRun, status: 'running', runId: 'c1' },
    });
    const runs = new ComparisonRuns(busy);
    expect(refusal(() => runs.start(input({ protocols: ['paxoskv', 'quorumkv'] })))).toMatchObject({
      code: 'INVALID_STATE',
      field: '(comparison)',
    });
    const checking = context();
    checking.publisher.publish({ kind: 'checkerStatus', status: 'running', outcome: null, error: null });
    expect(
      refusal(() => new ComparisonRuns(checking).start(input({ protocols: ['paxoskv', 'quorumkv'] }))),
    ).toMatchObject({ code: 'INVALID_STATE', field: '(checker)' });
  });

  it('refuses to stop when nothing runs', () => {
    expect(refusal(() => new ComparisonRuns(context()).stop())).toMatchObject({
      code: 'INVALID_STATE',
      field: '(comparison)',
    });
  });
});

describe('a comparison played through the CLI’s check (here without agents)', () => {
  const partition: PlannedFault = {
    id: 'f1',
    kind: 'partition',
    datacenter: 'dc1',
    sides: [
      ['n0', 'n3'],
      ['n1', 'n4', 'n2', 'n5'],
    ],
    startMs: 4000,
    endMs: 7000,
  };

  /** Plays one protocol's run through the hooks as runClusterCheck does: ready, operations, fault, phases. */
  async function fakeCheck(options: ClusterCheckOptions, hooks: ClusterCheckHooks = {}) {
    if (options.protocol === 'multipaxos') throw new Error('agent n0: cannot start');
    hooks.onClusterReady?.();
    const lost = options.protocol === 'quorumkv';
    const operations = [
      put({ id: 'a', client: 'c1', key: 'k', at: [100, 120] }, 'a', 1),
      put({ id: 'b', client: 'c2', key: 'k', at: [4100, 4200] }, 'b', lost ? 1 : 2),
      put({ id: 'c', client: 'c1', key: 'k', at: [4300, null] }, 'c'),
      get({ id: 's', client: 'settle', key: 'k', at: [12_500, 12_510] }, 'b', lost ? 1 : 2),
    ];
    hooks.listener?.fault?.({ fault: partition, appliedMs: 4000, healedMs: null });
    for (const operation of operations) hooks.listener?.operation?.(operation);
    hooks.listener?.fault?.({ fault: partition, appliedMs: 4000, healedMs: 7010 });
    hooks.onPhase?.('settling');
    hooks.onPhase?.('checking');
    return {
      operations,
      faults: [{ fault: partition, appliedMs: 4000, healedMs: 7010 }],
      firstAttemptFailed: new Set<string>(),
      result: checkHistory(operations),
      lost: [],
      settle: { unreadable: [], tookMs: 5 },
      retries: { roaming: 0, retried: 0, attempts: 0 },
      summary: '',
      files: { history: 'h', faults: 'f', html: 'x' },
      exitCode: 0,
    } as ClusterCheckOutcome;
  }

  async function settled(context: ConsoleContext) {
    for (let wait = 0; wait < 100; wait += 1) {
      if (context.publisher.snapshot().comparison.status !== 'running') break;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    return context.publisher.snapshot().comparison;
  }

  it('publishes each protocol’s series, row and the shared faults; one that cannot start says why', async () => {
    const context = new ConsoleContext({ recorderCapacity: 16, healthIntervalMs: 1000 });
    const runs = new ComparisonRuns(context, fakeCheck);
    const started = runs.start(
      input({ protocols: ['quorumkv', 'multipaxos', 'paxoskv'], durationMs: 12_000, seed: 7 }),
    );
    expect(started.settings).toMatchObject({ seed: 7, protocols: ['quorumkv', 'multipaxos', 'paxoskv'] });
    const run = await settled(context);
    expect(run.status).toBe('done');
    expect(run.faults).toEqual([
      {
        id: 'f1',
        kind: 'partition',
        label: expect.stringContaining('partition dc1'),
        startMs: 4000,
        endMs: 7000,
      },
    ]);
    const [quorum, multi, paxos] = run.protocols;
    expect(paxos).toMatchObject({ status: 'done', row: { verdict: 'ok', operations: 3 } });
    expect(quorum).toMatchObject({
      status: 'done',
      row: { verdict: 'violation', anomalies: ['lost-update 1'] },
    });
    expect(multi).toMatchObject({
      status: 'failed',
      row: { error: 'could not start: agent n0: cannot start' },
    });
    // 12 s in 250 ms buckets; the settle read is not the workload's.
    expect(paxos!.series.bucketMs).toBe(250);
    expect(paxos!.series.called.reduce((sum, count) => sum + count, 0)).toBe(3);
    expect(paxos!.series.called[16]).toBe(1);
    expect(paxos!.series.answered[17]).toBe(0);
  });

  it('stop ends the protocol running and skips the rest', async () => {
    const context = new ConsoleContext({ recorderCapacity: 16, healthIntervalMs: 1000 });
    let release = () => undefined as void;
    const slowCheck = async (options: ClusterCheckOptions, hooks: ClusterCheckHooks = {}) => {
      await new Promise<void>((resolve) => {
        release = resolve;
      });
      expect(hooks.signal?.aborted).toBe(true);
      return fakeCheck(options, hooks);
    };
    const runs = new ComparisonRuns(context, slowCheck);
    runs.start(input({ protocols: ['paxoskv', 'quorumkv'], durationMs: 12_000 }));
    expect(runs.stop()).toEqual({ status: 'stopping' });
    expect(context.publisher.snapshot().comparison.status).toBe('stopping');
    release();
    await runs.abortAndWait();
    const run = context.publisher.snapshot().comparison;
    expect(run.status).toBe('done');
    expect(run.protocols[0]).toMatchObject({ status: 'done' });
    expect(run.protocols[1]).toMatchObject({
      status: 'failed',
      row: { error: 'could not start: the comparison was stopped before its turn' },
    });
  });
});
