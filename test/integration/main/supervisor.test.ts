/**
 * The console service with six real agent processes: start, KV through a chosen node, kill, restart on
 * the same data, wipe and restart learner-only, pause and resume by signal, attach from a second console,
 * detach, and stop with nothing left running.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NodeView } from '../../../app/contract/console-state';
import type { Topology } from '../../../app/model/topology';
import { ConsoleService } from '../../../main/console/console-service';
import { runRecordFile } from '../../../main/supervisor/run-registry';
import { tempDir } from '../../support/temp-dir';
import { call, isGone, processState, refusal, waitUntil } from './console-support';

const runsRoot = tempDir('console-runs');
const service = new ConsoleService({ runsRoot, healthIntervalMs: 200, readyTimeoutMs: 30_000 });
let topology: Topology;
let dataDir: string;
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
    const put = await call(service, 'kvPut', { nodeId: 'n0', key: 'greeting', value: 'hello' });
    expect(put).toMatchObject({ ok: true, operation: 'put', version: 1 });
    const got = await call(service, 'kvGet', { nodeId: 'n3', key: 'greeting' });
    expect(got).toMatchObject({ ok: true, found: true, value: 'hello', valueEncoding: 'utf8', version: 1 });
    if (got.ok) expect(got.latencyMs).toBeGreaterThan(0);
    const conflict = await call(service, 'kvCompareAndSet', {
      nodeId: 'n1',
      key: 'greeting',
      value: 'x',
      expectedVersion: 7,
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
    const unreachable = await call(service, 'kvGet', { nodeId: 'n1', key: 'greeting' });
    expect(unreachable).toMatchObject({ ok: false, code: 'NODE_UNREACHABLE' });
    const log = await call(service, 'getNodeLog', { nodeId: 'n1', linesMax: 50 });
    expect(log.lines.map((line) => line.text).join('\n')).toContain('[console] exited (signal SIGKILL)');
    const restarted = await call(service, 'restartNode', { nodeId: 'n1' });
    expect(restarted).toMatchObject({ process: 'running', restarts: 1, learnerOnly: false });
    expect(restarted.pid).not.toBe(before.pid);
    const again = await call(service, 'kvGet', { nodeId: 'n1', key: 'greeting' });
    expect(again).toMatchObject({ ok: true, value: 'hello' });
  });

  it('wipes a node and brings it back learner-only', async () => {
    const wiped = await call(service, 'wipeAndRestartNode', { nodeId: 'n2' });
    expect(wiped).toMatchObject({ process: 'running', learnerOnly: true, restarts: 1 });
    expect(existsSync(join(dataDir, 'nodes', 'n2'))).toBe(true);
    const log = await call(service, 'getNodeLog', { nodeId: 'n2' });
    expect(log.lines.some((line) => line.text.includes('learner-only'))).toBe(true);
  });

  it('pauses a node with SIGSTOP and resumes it with SIGCONT', async () => {
    const paused = await call(service, 'pauseNode', { nodeId: 'n4' });
    expect(paused).toMatchObject({
      process: 'paused',
      pausedBy: 'sigstop',
      actions: ['kill', 'wipeAndRestart', 'resume'],
    });
    expect(processState(paused.pid!)).toBe('T');
    await waitUntil('the paused node is seen unreachable', async () => {
      await refresh();
      return node('n4').health === 'unreachable';
    });
    const resumed = await call(service, 'resumeNode', { nodeId: 'n4' });
    expect(resumed).toMatchObject({ process: 'running', pausedBy: null });
    expect(processState(resumed.pid!)).not.toBe('T');
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
      const attached = await call(other, 'attachCluster', { token: 'class-token', addresses });
      expect(attached.nodes.every((view) => view.process === 'external' && view.actions.length === 0)).toBe(
        true,
      );
      // n2 was wiped above: it answers, but as a learner it does not serve yet.
      expect(attached.nodes.filter((view) => view.health === 'unreachable')).toEqual([]);
      expect(attached.nodes.find((view) => view.id === 'n2')?.learnerOnly).toBe(true);
      const got = await call(other, 'kvGet', { nodeId: 'n5', key: 'greeting' });
      expect(got).toMatchObject({ ok: true, value: 'hello' });
      expect(await refusal(other, 'killNode', { nodeId: 'n5' })).toMatchObject({ code: 'NOT_SUPPORTED' });
      expect(await refusal(other, 'getNodeLog', { nodeId: 'n5' })).toMatchObject({ code: 'NOT_SUPPORTED' });
      expect(await refusal(other, 'stopCluster', {})).toMatchObject({ code: 'INVALID_STATE' });
      await call(other, 'detachCluster', {});
      expect((await call(other, 'getSnapshot', {})).nodes).toEqual([]);
      await refresh();
      expect(latestNodes.every((view) => view.pid !== null && processState(view.pid) !== null)).toBe(true);
    } finally {
      await other.shutdown();
    }
  });

  it('refuses to attach when no agent answers', async () => {
    const other = new ConsoleService({ runsRoot });
    const nowhere = Object.fromEntries(latestNodes.map((view, i) => [view.id, `127.0.0.1:${i + 1}`]));
    expect(await refusal(other, 'attachCluster', { token: 't', addresses: nowhere })).toMatchObject({
      code: 'AGENT_FAILED',
      field: 'addresses',
    });
    expect(
      await refusal(other, 'attachCluster', { token: 't', addresses: { n42: '127.0.0.1:1' } }),
    ).toMatchObject({
      code: 'UNKNOWN_NODE',
      field: 'addresses.n42',
    });
    const clash = { n0: '127.0.0.1:1', n1: '127.0.0.1:1' };
    expect(await refusal(other, 'attachCluster', { token: 't', addresses: clash })).toMatchObject({
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
