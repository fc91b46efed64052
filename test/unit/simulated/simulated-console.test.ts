/**
 * The console service on a simulated cluster, through its own command dispatch (as both bridges call
 * it): every node serves KvService and ControlService on 127.0.0.1, so kv, the lens, faults and node
 * actions work as on agents; simulationAct steps, goes back, branches and switches branch.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SimulationView } from '../../../app/contract/simulation-commands';
import { ConsoleService } from '../../../main/console/console-service';
import { dispatchCommand } from '../../../main/console/dispatch';

let service: ConsoleService;

async function call<T = unknown>(name: string, input: unknown = {}): Promise<T> {
  const reply = await dispatchCommand(service.handlers, name, input);
  if (!reply.ok) throw new Error(`${name}: ${reply.error.field}: ${reply.error.message}`);
  return reply.output as T;
}

async function refused(name: string, input: unknown): Promise<{ code: string; field: string }> {
  const reply = await dispatchCommand(service.handlers, name, input);
  if (reply.ok) throw new Error(`${name} was not refused`);
  return reply.error;
}

const act = (action: unknown) => call<SimulationView>('simulationAct', action);

beforeAll(() => {
  service = new ConsoleService({ healthIntervalMs: 200 });
});

afterAll(async () => {
  await service.shutdown();
});

describe('a simulated cluster in the console', () => {
  it('starts in well under a second, serves reads and writes, and says it is simulated', async () => {
    const started = await call<{ seed: number; nodes: unknown[]; readyMs: number }>('startSimulatedCluster', {
      seed: 11,
    });
    expect(started.seed).toBe(11);
    expect(started.nodes).toHaveLength(6);
    expect(started.readyMs).toBeLessThan(1000);
    const snapshot = await call<{ cluster: { mode: string; runId: string } }>('getSnapshot');
    expect(snapshot.cluster).toMatchObject({ mode: 'simulated', runId: 'sim-11' });
    const put = await call<{ ok: boolean; version: number }>('kv', {
      nodeId: 'n1',
      operation: { kind: 'put', key: 'k1', value: 'v1' },
    });
    expect(put).toMatchObject({ ok: true, version: 1 });
    const get = await call<{ ok: boolean; value: string }>('kv', {
      nodeId: 'n5',
      operation: { kind: 'get', key: 'k1' },
    });
    expect(get).toMatchObject({ ok: true, value: 'v1' });
    expect(await refused('startCluster', {})).toMatchObject({ code: 'CLUSTER_RUNNING' });
  });

  it('steps, goes back and forward, and a write in the past starts a branch; switching comes back', async () => {
    let view = await act({ action: 'pause' });
    expect(view.running).toBe(false);
    expect(view.invariants.every((invariant) => invariant.ok)).toBe(true);
    const start = view.stepCount;
    view = await act({ action: 'step' });
    expect(view.stepCount).toBe(start + 1);
    view = await act({ action: 'back', steps: 3 });
    expect(view).toMatchObject({ stepCount: start - 2, stepsAhead: 3 });
    view = await act({ action: 'forward', steps: 1 });
    expect(view).toMatchObject({ stepCount: start - 1, stepsAhead: 2 });
    view = await act({ action: 'branch' });
    expect(view.branches.map((branch) => branch.id)).toEqual([1, 2]);
    expect(view).toMatchObject({ currentBranchId: 2, stepsAhead: 0 });
    view = await act({ action: 'runUntil', condition: 't = ' + (view.nowMs + 50) });
    expect(view.lastRun?.met).toBe(true);
    const firesAt = view.nowMs + 13;
    view = await act({ action: 'fireTimer', atMs: firesAt });
    expect(view.nowMs).toBe(Math.ceil(firesAt / 5) * 5);
    view = await act({ action: 'switchBranch', branchId: 1 });
    expect(view).toMatchObject({ currentBranchId: 1, stepCount: start + 1 });
    expect(await refused('simulationAct', { action: 'runUntil', condition: 'n9 times out' })).toMatchObject({
      code: 'INVALID_INPUT',
      field: 'condition',
    });
  });

  it('takes faults, holds, the lens and kill/restart through the ordinary commands', async () => {
    await act({ action: 'run' });
    await call('applyFault', { change: { kind: 'hold' } });
    let view = await call<SimulationView>('simulationView');
    expect(view.holding).toBe(true);
    const write = call<{ ok: boolean }>('kv', {
      nodeId: 'n2',
      operation: { kind: 'put', key: 'k1', value: 'v2' },
    });
    await expect
      .poll(async () => (await call<{ messages: unknown[] }>('listHeld')).messages.length)
      .toBeGreaterThan(0);
    await call('applyFault', { change: { kind: 'unhold' } });
    view = await call<SimulationView>('simulationView');
    expect(view.messages.some((message) => message.held)).toBe(true);
    for (let i = 0; i < 50; i += 1) {
      const held = (await call<{ messages: { id: string; from: string }[] }>('listHeld')).messages;
      if (held.length === 0) break;
      await call('releaseHeld', { nodeId: held[0]!.from, messageId: held[0]!.id, action: 'deliver' });
    }
    expect(await write).toMatchObject({ ok: true });
    // Hold mode ended with the tray: new messages fly again.
    const free = await call<{ ok: boolean }>('kv', {
      nodeId: 'n2',
      operation: { kind: 'put', key: 'k1', value: 'v3' },
    });
    expect(free).toMatchObject({ ok: true });
    expect((await call<SimulationView>('simulationView')).holding).toBe(false);
    const lens = await call<{ found: boolean; instances: unknown[] }>('inspectKey', {
      nodeId: 'n2',
      key: 'k1',
    });
    expect(lens.found).toBe(true);
    const killed = await call<{ process: string; actions: string[] }>('killNode', { nodeId: 'n3' });
    expect(killed).toMatchObject({ process: 'killed' });
    expect(killed.actions).toContain('restart');
    const restarted = await call<{ process: string }>('restartNode', { nodeId: 'n3' });
    expect(restarted.process).toBe('running');
    view = await call<SimulationView>('simulationView');
    expect(view.invariants.every((invariant) => invariant.ok)).toBe(true);
    await call('stopCluster');
    const snapshot = await call<{ cluster: { mode: string } }>('getSnapshot');
    expect(snapshot.cluster.mode).toBe('none');
  });

  it('opens a shared scenario and refuses a bad one naming the field', async () => {
    expect(await refused('startSimulatedCluster', { scenario: '#sim=!!' })).toMatchObject({
      code: 'INVALID_INPUT',
      field: 'scenario.fragment',
    });
    expect(await refused('startSimulatedCluster', { groups: 5 })).toMatchObject({ field: 'groups' });
  });
});
