/**
 * The console service with six real agent processes: start, live events, KV through a chosen node, the
 * PLog lens, kill, restart on the same data, wipe and restart learner-only, pause and resume, faults
 * and held messages, attach from a second console (and crash through it), detach, and stop with
 * nothing left running.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NodeView } from '../../../app/contract/console-state';
import type { Topology } from '../../../app/model/topology';
import { parseTrace } from '../../../app/model/trace-format';
import { ConsoleService } from '../../../main/console/console-service';
import { ControlClient } from '../../../node-agent/kit/client/control-client';
import { runRecordFile } from '../../../main/supervisor/run-registry';
import { tempDir } from '../../support/temp-dir';
import { call, isGone, processState, recordedEvents, refusal, waitUntil } from './console-support';

const runsRoot = tempDir('console-runs');
const service = new ConsoleService({ runsRoot, healthIntervalMs: 200, readyTimeoutMs: 30_000 });
let topology: Topology;
let dataDir: string;
let token: string;
let firstPids: number[];

/** The nodes as of the last refresh(). */
let latestNodes: NodeView[] = [];
const refresh = async () => {
  latestNodes = (await call(service, 'getSnapshot', {})).nodes;
};
const node = (id: string): NodeView => {
  const found = latestNodes.find((candidate) => candidate.id === id);
  if (!found) throw new Error(`no node ${id}`);
  return found;
};

beforeAll(async () => {
  const started = await call(service, 'startCluster', {});
  topology = started.topology;
  dataDir = started.dataDir;
  token = started.token;
  firstPids = started.nodes.map((view) => view.pid!);
  await refresh();
}, 60_000);

afterAll(async () => {
  await service.shutdown();
});

describe('console supervisor with real agents', () => {
  it('starts six agents on free ports, records their pids and probes them serving', async () => {
    expect(latestNodes).toHaveLength(6);
    expect(latestNodes.every((view) => view.process === 'running')).toBe(true);
    expect(new Set(latestNodes.map((view) => view.address)).size).toBe(6);
    expect(firstPids.every((pid) => processState(pid) !== null)).toBe(true);
    const record = JSON.parse(readFileSync(join(dataDir, runRecordFile), 'utf8')) as {
      agents: Record<string, number>;
    };
    expect(Object.values(record.agents).sort()).toEqual([...firstPids].sort());
    await waitUntil('every node serves', async () => {
      await refresh();
      return latestNodes.every((view) => view.health === 'serving');
    });
    const snapshot = await call(service, 'getSnapshot', {});
    expect(snapshot.cluster).toMatchObject({ mode: 'spawned', phase: 'running', progress: null });
  });

  it('writes through one node and reads through another, with version, index, path and timing', async () => {
    const put = await call(service, 'kv', {
      nodeId: 'n0',
      operation: { kind: 'put', key: 'greeting', value: 'hello' },
    });
    expect(put).toMatchObject({ ok: true, operation: 'put', version: 1 });
    const got = await call(service, 'kv', { nodeId: 'n3', operation: { kind: 'get', key: 'greeting' } });
    expect(got).toMatchObject({ ok: true, found: true, value: 'hello', valueEncoding: 'utf8', version: 1 });
    if (got.ok) expect(got.latencyMs).toBeGreaterThan(0);
    const conflict = await call(service, 'kv', {
      nodeId: 'n1',
      operation: { kind: 'cas', key: 'greeting', value: 'x', expectedVersion: 7 },
    });
    expect(conflict).toMatchObject({ ok: false, code: 'VERSION_CONFLICT', currentVersion: 1 });
    if (!conflict.ok) expect(conflict.explanation).toMatch(/version/i);
  });

  it('kills a node with SIGKILL and restarts it on the same data directory', async () => {
    const before = node('n1');
    const killed = await call(service, 'killNode', { nodeId: 'n1' });
    expect(killed).toMatchObject({ process: 'killed', pid: null, exit: { signal: 'SIGKILL' } });
    expect(killed.actions).toEqual(['restart', 'wipeAndRestart']);
    await waitUntil('the killed agent is gone', () => isGone(before.pid!));
    const unreachable = await call(service, 'kv', {
      nodeId: 'n1',
      operation: { kind: 'get', key: 'greeting' },
    });
    expect(unreachable).toMatchObject({ ok: false, code: 'NODE_UNREACHABLE' });
    const log = await call(service, 'getNodeLog', { nodeId: 'n1', linesMax: 50 });
    expect(log.lines.map((line) => line.text).join('\n')).toContain('[console] exited (signal SIGKILL)');
    const restarted = await call(service, 'restartNode', { nodeId: 'n1' });
    expect(restarted).toMatchObject({ process: 'running', restarts: 1, learnerOnly: false });
    expect(restarted.pid).not.toBe(before.pid);
    // The restarted agent serves once its peer links are back up; until then a read may be refused.
    await waitUntil('a read through the restarted node succeeds', async () => {
      const again = await call(service, 'kv', { nodeId: 'n1', operation: { kind: 'get', key: 'greeting' } });
      return again.ok && again.value === 'hello';
    });
  });

  it('wipes a node and brings it back learner-only', async () => {
    const wiped = await call(service, 'wipeAndRestartNode', { nodeId: 'n2' });
    expect(wiped).toMatchObject({ process: 'running', learnerOnly: true, restarts: 1 });
    expect(existsSync(join(dataDir, 'nodes', 'n2'))).toBe(true);
    const log = await call(service, 'getNodeLog', { nodeId: 'n2' });
    expect(log.lines.some((line) => line.text.includes('learner-only'))).toBe(true);
  });

  it('pauses a node through its ControlService and resumes it', async () => {
    const paused = await call(service, 'pauseNode', { nodeId: 'n4' });
    expect(paused).toMatchObject({
      process: 'paused',
      pausedBy: 'control-rpc',
      actions: ['kill', 'wipeAndRestart', 'resume'],
    });
    expect((await call(service, 'getSnapshot', {})).faults.paused).toEqual(['n4']);
    expect(await refusal(service, 'pauseNode', { nodeId: 'n4' })).toMatchObject({ code: 'INVALID_STATE' });
    const resumed = await call(service, 'resumeNode', { nodeId: 'n4' });
    expect(resumed).toMatchObject({ process: 'running', pausedBy: null });
    expect(resumed.actions).toContain('pause');
  });

  it('gives a restarted agent the cluster’s faults again (an agent keeps them in memory only)', async () => {
    await call(service, 'pauseNode', { nodeId: 'n3' });
    await call(service, 'killNode', { nodeId: 'n3' });
    const restarted = await call(service, 'restartNode', { nodeId: 'n3' });
    expect(restarted).toMatchObject({ process: 'paused', pausedBy: 'control-rpc' });
    const control = new ControlClient(restarted.address, token);
    try {
      // A just-restarted agent may refuse the first calls while its channel reconnects.
      await waitUntil('the restarted agent is paused again', async () =>
        control.faults().then(
          (faults) => faults.paused,
          () => false,
        ),
      );
    } finally {
      control.close();
    }
    expect(await call(service, 'resumeNode', { nodeId: 'n3' })).toMatchObject({ process: 'running' });
  });

  it('records the agents’ live events, merged, and exports them as a trace', async () => {
    await call(service, 'kv', { nodeId: 'n0', operation: { kind: 'put', key: 'watched', value: 'v' } });
    await waitUntil('the write is seen chosen', async () => {
      const snapshot = await call(service, 'getSnapshot', {});
      return snapshot.recentEvents.some((event) => event.type === 'chosen' && event.key === 'watched');
    });
    const snapshot = await call(service, 'getSnapshot', {});
    expect(new Set(snapshot.recentEvents.map((event) => event.agent)).size).toBeGreaterThan(1);
    expect(snapshot.recorder.total).toBeGreaterThan(0);
    const exported = await call(service, 'exportTrace', {});
    expect(exported.eventCount).toBe(snapshot.recorder.held);
    const trace = parseTrace(exported.text);
    expect(trace.events).toHaveLength(exported.eventCount);
    expect(trace.topology?.datacenters.map((dc) => dc.id)).toEqual(
      snapshot.cluster.topology?.datacenters.map((dc) => dc.id),
    );
  });

  it('shows one replica’s PLog for a key', async () => {
    const replicas = await Promise.all(
      latestNodes.map((view) => call(service, 'inspectKey', { nodeId: view.id, key: 'greeting' })),
    );
    const holders = replicas.filter((view) => view.replica);
    expect(holders).toHaveLength(3);
    const chosen = holders.flatMap((view) => view.instances).filter((instance) => instance.chosen);
    expect(chosen.some((instance) => instance.value?.value === 'hello')).toBe(true);
  });

  it('partitions and heals the cluster through every agent', async () => {
    const sides = [
      ['n0', 'n3'],
      ['n1', 'n2', 'n4', 'n5'],
    ];
    const partitioned = await call(service, 'applyFault', {
      change: { kind: 'partition', split: { sides } },
    });
    expect(partitioned.unreached).toEqual([]);
    expect(partitioned.faults.reachable.n0).toEqual(['n0', 'n3']);
    expect(await refusal(service, 'applyFault', { change: { kind: 'pause', node: 'n9' } })).toMatchObject({
      code: 'INVALID_INPUT',
      field: 'change.node',
    });
    const healed = await call(service, 'applyFault', { change: { kind: 'heal' } });
    expect(healed.faults.reachable).toEqual({});
    expect((await call(service, 'getSnapshot', {})).faults.reachable).toEqual({});
  });

  it('holds messages for step-through and releases them one by one', async () => {
    await call(service, 'applyFault', { change: { kind: 'hold' } });
    const write = call(service, 'kv', {
      nodeId: 'n0',
      operation: { kind: 'put', key: 'stepped', value: 'slowly' },
    });
    let settled = false;
    void write.finally(() => (settled = true));
    const released: string[] = [];
    await waitUntil(
      'the write settles while its held messages are delivered',
      async () => {
        for (const message of (await call(service, 'listHeld', {})).messages) {
          await call(service, 'releaseHeld', {
            nodeId: message.from,
            messageId: message.id,
            action: 'deliver',
          });
          released.push(message.id);
        }
        return settled;
      },
      30_000,
    );
    await call(service, 'applyFault', { change: { kind: 'unhold' } });
    expect(released.length).toBeGreaterThan(0);
    // Stepping by hand may outlast the agent's request deadline, so the write may succeed or time out;
    // what must hold is that every message was held, then released by id, as the events show.
    const result = await write;
    if (!result.ok) expect(['UNAVAILABLE', 'DEADLINE_EXCEEDED', 'PREEMPTED']).toContain(result.code);
    await waitUntil('the release events are recorded', async () => {
      const events = await recordedEvents(service);
      const releasedIds = new Set(events.filter((e) => e.type === 'messageReleased').map((e) => e.messageId));
      const heldIds = new Set(events.filter((e) => e.type === 'messageHeld').map((e) => e.messageId));
      return released.every((id) => releasedIds.has(id) && heldIds.has(id));
    });
  });

  it('refuses actions that do not fit, naming the field', async () => {
    expect(await refusal(service, 'restartNode', { nodeId: 'n0' })).toMatchObject({
      code: 'INVALID_STATE',
      field: 'nodeId',
    });
    expect(await refusal(service, 'resumeNode', { nodeId: 'n0' })).toMatchObject({ code: 'INVALID_STATE' });
    expect(await refusal(service, 'killNode', { nodeId: 'n9' })).toMatchObject({
      code: 'UNKNOWN_NODE',
      field: 'nodeId',
    });
    expect(await refusal(service, 'startCluster', {})).toMatchObject({ code: 'CLUSTER_RUNNING' });
    expect(await refusal(service, 'detachCluster', {})).toMatchObject({ code: 'INVALID_STATE' });
    expect(await refusal(service, 'importTrace', { text: '' })).toMatchObject({ code: 'CLUSTER_RUNNING' });
  });

  it('lets a second console attach by address and token, then detach leaving the agents running', async () => {
    const other = new ConsoleService({ runsRoot, healthIntervalMs: 200 });
    try {
      const addresses = Object.fromEntries(latestNodes.map((view) => [view.id, view.address]));
      expect(await refusal(other, 'attachCluster', { token: 'short', addresses })).toMatchObject({
        field: 'token',
      });
      expect(await refusal(other, 'attachCluster', { token: 'x'.repeat(32), addresses })).toMatchObject({
        code: 'UNAUTHORIZED',
        field: 'token',
      });
      const attached = await call(other, 'attachCluster', { token, addresses });
      expect(attached.nodes.every((view) => view.process === 'external')).toBe(true);
      expect(attached.nodes.find((view) => view.id === 'n5')?.actions).toEqual(['kill', 'pause']);
      const got = await call(other, 'kv', { nodeId: 'n5', operation: { kind: 'get', key: 'greeting' } });
      expect(got).toMatchObject({ ok: true, value: 'hello' });
      expect(await refusal(other, 'restartNode', { nodeId: 'n5' })).toMatchObject({ code: 'NOT_SUPPORTED' });
      expect(await refusal(other, 'getNodeLog', { nodeId: 'n5' })).toMatchObject({ code: 'NOT_SUPPORTED' });
      expect(await refusal(other, 'stopCluster', {})).toMatchObject({ code: 'INVALID_STATE' });
      await call(other, 'killNode', { nodeId: 'n5' });
      await waitUntil('the crashed agent is seen exited by the console that started it', async () => {
        await refresh();
        return node('n5').process === 'exited';
      });
      await call(other, 'detachCluster', {});
      expect((await call(other, 'getSnapshot', {})).nodes).toEqual([]);
      await call(service, 'restartNode', { nodeId: 'n5' });
      await refresh();
      expect(latestNodes.every((view) => view.pid !== null && processState(view.pid) !== null)).toBe(true);
    } finally {
      await other.shutdown();
    }
  });

  it('refuses to attach when no agent answers', async () => {
    const other = new ConsoleService({ runsRoot });
    const nowhere = Object.fromEntries(latestNodes.map((view, i) => [view.id, `127.0.0.1:${i + 1}`]));
    const token = 'sixteen-chars-at-least';
    expect(await refusal(other, 'attachCluster', { token, addresses: nowhere })).toMatchObject({
      code: 'AGENT_FAILED',
      field: 'addresses',
    });
    expect(await refusal(other, 'attachCluster', { token, addresses: { n42: '127.0.0.1:1' } })).toMatchObject(
      {
        code: 'UNKNOWN_NODE',
        field: 'addresses.n42',
      },
    );
    const clash = { n0: '127.0.0.1:1', n1: '127.0.0.1:1' };
    expect(await refusal(other, 'attachCluster', { token, addresses: clash })).toMatchObject({
      code: 'INVALID_INPUT',
      field: 'addresses',
    });
    await other.shutdown();
  });

  it('stops every agent it started and removes the run', async () => {
    await refresh();
    const pids = latestNodes.map((view) => view.pid!);
    const stopped = await call(service, 'stopCluster', {});
    expect(stopped.stopped).toBe(6);
    await waitUntil('every agent is gone', () => pids.every(isGone));
    expect(existsSync(dataDir)).toBe(false);
    const snapshot = await call(service, 'getSnapshot', {});
    expect(snapshot.cluster).toMatchObject({ mode: 'none', phase: 'stopped' });
    expect(snapshot.nodes).toEqual([]);
    expect(topology.datacenters).toHaveLength(3);
  });
});
