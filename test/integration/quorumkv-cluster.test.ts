/**
 * Six real agents running QuorumKV (protocol: quorumkv in the topology): reads and writes through the
 * cluster client and through every agent, its messages in the generic envelope passing the fault gate
 * and its steps reaching the event stream, W=R=2 surviving a killed replica, and a data directory that
 * only the protocol which wrote it may open.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClusterEvent } from '../../app/model/cluster-event';
import type { FaultChangeInput } from '../../app/model/fault-model';
import { decodeBody } from '../../app/proto/protocol-body';
import type { ControlClient } from '../../node-agent/kit/client/control-client';
import type { ServedReply } from '../../node-agent/kit/grpc/kv-wire';
import { bytes, expectCasDeleteAndDedup, getThrough, putThrough, textOf } from '../support/kv-expect';
import { keyWhere } from '../support/key-placement';
import { runAgent } from '../support/run-agent';
import { waitUntil } from '../support/wait';
import { useTestCluster, type TestCluster } from '../support/test-cluster';
import { EventRecorder } from './events/event-recorder';

const testCluster = useTestCluster('quorumkv', {
  protocol: 'quorumkv',
  extend: ({ control }) => ({ recorder: new EventRecorder(control) }),
  beforeStop: ({ recorder }) => recorder.stop(),
});

/**
 * A message a just-started agent sends before its peer stream is up is lost, and the coordinator only
 * asks again a round timeout later. So every agent first coordinates one read that succeeds, and the
 * tests' own requests do not pay for that wait.
 */
beforeAll(async () => {
  const { kv, nodeIds } = testCluster();
  for (const nodeId of nodeIds) {
    const key = keyWhere(kv, 'warm-up', (replicas) => replicas[0] === nodeId);
    await waitUntil(`a read coordinated by ${nodeId}`, async () => {
      const attempt = { timeoutMs: 1000, waitForReady: true };
      return (await kv.callNode(nodeId, { kind: 'get', key }, attempt).catch(() => null)) !== null;
    });
  }
}, 60_000);

async function applyAll(cluster: TestCluster, change: FaultChangeInput): Promise<void> {
  await Promise.all([...cluster.control.values()].map((client) => client.applyFault(change)));
}

describe('a six-agent QuorumKV cluster', () => {
  it('serves a key through every agent, each read seeing the write before it', async () => {
    const { kv, nodeIds } = testCluster();
    const key = 'greeting';
    for (let i = 0; i < nodeIds.length; i += 1) {
      const written = await putThrough(kv, nodeIds[i]!, key, `hello ${i}`, `greeting-${i}`);
      expect({ version: written.version, path: written.path }).toEqual({ version: i + 1, path: 'quorum' });
      expect(kv.replicasOf(key)).toContain(written.servedBy);
      const read = await getThrough(kv, nodeIds[(i + 1) % nodeIds.length]!, key);
      expect({ value: textOf(read.value), version: read.version }).toEqual({
        value: `hello ${i}`,
        version: i + 1,
      });
    }
  });

  it('answers compare-and-set, delete and a retried request id as the client API says', async () => {
    await expectCasDeleteAndDedup(testCluster().kv, 'counter', 'q-c');
  });

  it('shows its messages and steps in the event stream, in the console schema', async () => {
    const { kv, recorder } = testCluster();
    const { reply } = await kv.run({ kind: 'put', key: 'watched', value: bytes('v') }, { requestId: 'q-w1' });
    const coordinator = reply.servedBy;
    const sent = await recorder.waitFor('a replicaWrite sent', (event) =>
      isMessage(event, 'messageSent', 'replicaWrite', coordinator),
    );
    await recorder.waitFor('its receive', (event) => {
      return (
        event.type === 'messageReceived' && event.messageId === (sent as { messageId: string }).messageId
      );
    });
    const step = await recorder.waitFor(
      'the quorum write step',
      (event) => event.type === 'protocolStep' && event.agent === coordinator && event.key === 'watched',
    );
    expect(step).toMatchObject({
      protocol: 'quorumkv',
      step: expect.stringMatching(/replicaStored|quorumWrite/),
    });
    const written = await recorder.waitFor(
      'the quorumWrite step',
      (event) => event.type === 'protocolStep' && event.step === 'quorumWrite' && event.key === 'watched',
    );
    expect(written).toMatchObject({ text: expect.stringContaining('quorum write watched v1 q-w1') });
  });

  it('drops and holds its envelope messages in the fault gate like PaxosKV messages', async () => {
    const cluster = testCluster();
    const { kv, recorder, control } = cluster;
    const key = 'gated';
    const [a, b, c] = kv.replicasOf(key) as [string, string, string];
    try {
      await applyAll(cluster, { kind: 'cut', from: a, to: b });
      await applyAll(cluster, { kind: 'hold', link: { from: a, to: c } });
      const write = putThrough(kv, a, key, 'through the gate', 'q-g1');
      await recorder.waitFor(`a replicaWrite ${a} → ${b} dropped by the partition`, (event) =>
        isMessage(event, 'messageDropped', 'replicaWrite', a, b),
      );
      const held = await waitForHeld(control.get(a)!, key);
      expect(held).toMatchObject({ from: a, to: c, type: 'replicaWrite', index: 0 });
      await control.get(a)!.releaseHeld(held.id, 'deliver');
      const written = await write;
      expect(written.version).toBe(1);
      await recorder.waitFor(`the released write received by ${c}`, (event) => {
        return event.type === 'messageReceived' && event.agent === c && event.messageId === held.id;
      });
    } finally {
      await applyAll(cluster, { kind: 'unhold' });
      await applyAll(cluster, { kind: 'heal' });
    }
  });
});

describe('a killed QuorumKV replica', () => {
  afterAll(async () => {
    const { cluster } = testCluster();
    for (const node of cluster.nodes) if (!cluster.agent(node.id).running) await cluster.start(node.id);
  });

  it('leaves W=R=2: writes and reads of its keys go on with the other two replicas', async () => {
    const { cluster, kv } = testCluster();
    const key = 'survivor';
    await kv.run({ kind: 'put', key, value: bytes('before') }, { requestId: 'q-s1' });
    const victim = kv.replicasOf(key)[0]!;
    await cluster.agent(victim).kill();
    const written = await kv.run({ kind: 'put', key, value: bytes('after') }, { requestId: 'q-s2' });
    expect(written.reply.servedBy).not.toBe(victim);
    expect(written.reply.version).toBe(2);
    const read = await kv.run({ kind: 'get', key });
    expect({ value: textOf(read.reply.value), version: read.reply.version }).toEqual({
      value: 'after',
      version: 2,
    });
  });

  it('refuses to open its data directory under PaxosKV, naming both protocols, and reopens under QuorumKV', async () => {
    const { cluster, kv, topology, control } = testCluster();
    const victim = cluster.nodes.find((node) => !cluster.agent(node.id).running)!.id;
    const dataDir = cluster.dataDir(victim);
    const paxosTopology = join(dataDir, '..', 'paxoskv-topology.json');
    writeFileSync(paxosTopology, JSON.stringify({ ...topology, protocol: 'paxoskv' }));
    const refused = await runAgent(['--topology', paxosTopology, '--node', victim, '--data-dir', dataDir]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('--data-dir: holds quorumkv records');
    expect(refused.stderr).toContain("the topology's protocol is paxoskv");
    // Untouched by the refusal: the QuorumKV agent recovers its copy and serves it.
    await cluster.start(victim);
    const inspected = await inspectOnceUp(control.get(victim)!, 'survivor');
    expect(inspected.found).toBe(true);
    const record = inspected.protocolRecord!;
    expect(record).toMatchObject({ protocol: 'quorumkv', key: 'survivor' });
    // Its own copy, from before it was killed; a read through it finds the newer one and repairs it.
    expect(decodeBody(record.body, 'body')).toMatchObject({ key: 'survivor', version: 1 });
    // What the restarted agent sends before its peer streams are up is lost until its coordinator asks
    // again, so an early read may time out. A later one finds the newer copy and repairs its own.
    let read: ServedReply | null = null;
    await waitUntil(`a read of survivor through ${victim}`, async () => {
      const attempt = { timeoutMs: 1000, waitForReady: true };
      read = await kv.callNode(victim, { kind: 'get', key: 'survivor' }, attempt).catch(() => null);
      return read !== null;
    });
    expect(textOf(read!.value)).toBe('after');
    const repaired = (await control.get(victim)!.inspectKey('survivor')).protocolRecord!;
    expect(decodeBody(repaired.body, 'body')).toMatchObject({ version: 2 });
  });
});

function isMessage(
  event: ClusterEvent,
  type: ClusterEvent['type'],
  messageType: string,
  from: string,
  to?: string,
) {
  if (event.type !== type || !('messageType' in event) || event.messageType !== messageType) return false;
  return event.agent === from && (to === undefined || event.peer === to);
}

/** InspectKey on an agent just restarted: its channel may still back off from the killed process. */
async function inspectOnceUp(control: ControlClient, key: string) {
  let answer: Awaited<ReturnType<ControlClient['inspectKey']>> | undefined;
  await waitUntil(`InspectKey ${key} answered`, async () => {
    answer = await control.inspectKey(key).catch(() => undefined);
    return answer !== undefined;
  });
  return answer!;
}

async function waitForHeld(control: ControlClient, key: string) {
  const deadlineMs = Date.now() + 10_000;
  for (;;) {
    const held = (await control.listHeld()).find((message) => message.key === key);
    if (held) return held;
    if (Date.now() > deadlineMs) throw new Error(`no message of ${key} held`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
