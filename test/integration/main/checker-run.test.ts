/**
 * The console's checked run on six real agents: refusals name the field and limit, a run with a
 * nemesis streams its operations and faults as batched deltas, its faults go through the console's
 * own fault state and node actions, and main's final check finds it linearizable and saves it; a
 * SIGSTOPped agent is continued when a run stops early; a run whose reads skip Paxos is flagged.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { parseHistory } from '../../../app/checker/history';
import type { CheckerRun } from '../../../app/contract/checker-run';
import type { StateChange } from '../../../app/contract/console-state';
import { progressIntervalMs } from '../../../main/checker/progress-batches';
import { ConsoleService } from '../../../main/console/console-service';
import { isStopped } from '../../../main/harness/process-signals';
import { tempDir } from '../../support/temp-dir';
import { call, refusal, waitUntil } from './console-support';

const service = new ConsoleService({
  runsRoot: tempDir('checker-runs'),
  healthIntervalMs: 200,
  readyTimeoutMs: 30_000,
});
const changes: StateChange[] = [];
service.subscribe((message) => changes.push(message.payload.change));

afterAll(async () => {
  await service.shutdown();
});

const checker = async (): Promise<CheckerRun> => (await call(service, 'getSnapshot', {})).checker;

describe('checked runs in the console', () => {
  it('refuses to start without a cluster', async () => {
    const error = await refusal(service, 'startCheckerRun', {});
    expect(error).toMatchObject({ code: 'NO_CLUSTER', field: '(cluster)' });
  });

  it('refuses settings out of range, naming the field and the limit', async () => {
    expect(await refusal(service, 'startCheckerRun', { clients: 0 })).toMatchObject({
      code: 'INVALID_INPUT',
      field: 'clients',
      limit: 1,
    });
    expect(await refusal(service, 'startCheckerRun', { durationMs: 3_600_000 })).toMatchObject({
      code: 'INVALID_INPUT',
      field: 'durationMs',
      limit: 600_000,
    });
    expect(
      await refusal(service, 'startCheckerRun', { rateOpsPerSecond: 1000, durationMs: 120_000 }),
    ).toMatchObject({ code: 'INVALID_INPUT', field: 'durationMs', limit: 60_000 });
    const kinds = await refusal(service, 'startCheckerRun', { nemesis: ['flood' as 'kill'] });
    expect(kinds).toMatchObject({ code: 'INVALID_INPUT', field: 'nemesis[0]' });
  });

  it('runs a workload with a nemesis through the console and checks it linearizable', async () => {
    await call(service, 'startCluster', {});
    const startedAtMs = performance.now();
    const started = await call(service, 'startCheckerRun', {
      clients: 4,
      keys: 3,
      rateOpsPerSecond: 80,
      durationMs: 12_000,
      nemesis: ['kill', 'partition'],
      seed: 5,
    });
    expect(started.keys).toHaveLength(3);
    expect(await refusal(service, 'startCheckerRun', {})).toMatchObject({
      code: 'INVALID_STATE',
      field: '(checker)',
    });
    await waitUntil('the run has a verdict', async () => (await checker()).status === 'done', 120_000);
    const elapsedMs = performance.now() - startedAtMs;
    const run = await checker();
    const described = JSON.stringify({ outcome: run.outcome, faults: run.faults, error: run.error });
    expect(run.error).toBeNull();
    expect(run.outcome?.verdict, described).toBe('ok');
    expect(run.outcome?.lostWrites).toEqual([]);
    expect(run.outcome?.unreadable).toEqual([]);
    expect(run.outcome?.keys.map((key) => key.key).sort()).toEqual([...started.keys].sort());
    expect(new Set(run.faults.map((fault) => fault.kind))).toEqual(new Set(['kill', 'partition']));
    expect(
      run.faults.every((fault) => fault.healedMs !== null && fault.error === null),
      described,
    ).toBe(true);

    const progress = changes.filter((change) => change.kind === 'checkerProgress');
    const streamed = progress.flatMap((change) => change.operations);
    expect(streamed).toEqual(run.operations);
    expect(run.operations.length).toBeGreaterThan(100);
    // Batched: at most one delta per interval, however many operations returned in it.
    expect(progress.length).toBeLessThanOrEqual(Math.ceil(elapsedMs / progressIntervalMs) + 2);
    expect(progress.length).toBeLessThan(run.operations.length);
    // The nemesis went through the console's fault state and node actions.
    const faultStates = changes.flatMap((change) => (change.kind === 'faults' ? [change.faults] : []));
    expect(faultStates.some((faults) => Object.keys(faults.reachable).length > 0)).toBe(true);
    const killed = changes.some((change) => change.kind === 'node' && change.node.process === 'killed');
    expect(killed).toBe(true);
    const healed = (await call(service, 'getSnapshot', {})).faults;
    expect(healed.reachable).toEqual({});

    const saved = await call(service, 'exportCheckerRun', {});
    expect(parseHistory(saved.history)).toHaveLength(run.operations.length);
    expect(saved.html).toContain('<svg');
    expect(saved.historyFileName).toMatch(/\.history\.jsonl$/);
  }, 180_000);

  it('stops a run early, and still heals, settles and checks', async () => {
    await call(service, 'startCheckerRun', { durationMs: 60_000, nemesis: ['pause'], seed: 9 });
    await waitUntil('operations stream', async () => (await checker()).operations.length > 20, 30_000);
    expect(await call(service, 'stopCheckerRun', {})).toEqual({ status: 'stopping' });
    await waitUntil('the stopped run has a verdict', async () => (await checker()).status === 'done', 90_000);
    const run = await checker();
    expect(run.outcome?.verdict).toBe('ok');
    expect((await call(service, 'getSnapshot', {})).faults.paused).toEqual([]);
    expect(await refusal(service, 'stopCheckerRun', {})).toMatchObject({ code: 'INVALID_STATE' });
  }, 120_000);

  it('SIGSTOPs an agent the console started, and continues it when the run is stopped meanwhile', async () => {
    await call(service, 'startCheckerRun', { durationMs: 60_000, nemesis: ['sigstop'], seed: 4 });
    await waitUntil(
      'a SIGSTOP in force',
      async () =>
        (await checker()).faults.some((fault) => fault.kind === 'sigstop' && fault.healedMs === null),
      30_000,
    );
    const stoppedPids = (await call(service, 'getSnapshot', {})).nodes.flatMap((node) =>
      node.pid !== null && isStopped(node.pid) === true ? [node.pid] : [],
    );
    expect(stoppedPids, 'the nemesis stopped one agent process').toHaveLength(1);
    await call(service, 'stopCheckerRun', {});
    await waitUntil('the stopped run has a verdict', async () => (await checker()).status === 'done', 90_000);
    const run = await checker();
    expect(run.outcome?.verdict, JSON.stringify(run.outcome)).toBe('ok');
    expect(run.faults.filter((fault) => fault.error !== null)).toEqual([]);
    expect(isStopped(stoppedPids[0]!), 'continued by the heal').toBe(false);
  }, 120_000);

  it('flags a run whose reads skip Paxos, naming the reads it cannot place', async () => {
    await call(service, 'startCheckerRun', {
      clients: 4,
      keys: 1,
      rateOpsPerSecond: 60,
      durationMs: 12_000,
      nemesis: ['partition'],
      readMode: 'one-replica-read',
      seed: 3,
    });
    await waitUntil('the broken run has a verdict', async () => (await checker()).status === 'done', 120_000);
    const run = await checker();
    expect(run.settings?.readMode).toBe('one-replica-read');
    expect(run.outcome?.verdict, JSON.stringify(run.outcome)).toBe('violation');
    const blocked = run.outcome!.keys.flatMap((key) => key.blockedOperationId ?? []);
    expect(blocked).not.toHaveLength(0);
    const ids = new Set(parseHistory(run.operations.join('\n')).map((op) => op.id));
    expect(blocked.every((id) => ids.has(id))).toBe(true);
  }, 150_000);
});
