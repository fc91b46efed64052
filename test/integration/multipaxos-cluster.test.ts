/**
 * Six real agents running leader multi-Paxos (protocol: multipaxos in the topology): writes and reads
 * through several agents, its messages in the generic envelope and its steps in the event stream, a
 * killed leader replaced by a view change after which writes succeed again, and the killed agent,
 * restarted, catching up on the slots chosen while it was down.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClusterEvent } from '../../app/model/cluster-event';
import { ControlClient } from '../../node-agent/kit/client/control-client';
import type { ClusterKvClient } from '../../node-agent/kit/client/kv-client';
import { bytes, expectCasDeleteAndDedup, getThrough, putThrough, textOf } from '../support/kv-expect';
import { waitUntil } from '../support/wait';
import { useTestCluster } from '../support/test-cluster';
import { EventRecorder } from './events/event-recorder';

const testCluster = useTestCluster('multipaxos', {
  protocol: 'multipaxos',
  extend: ({ control }) => ({ recorder: new EventRecorder(control) }),
  beforeStop: ({ recorder }) => recorder.stop(),
});

/** A write retried under one request id until some replica answers it (the log applies it once). */
async function writeEventually(
  kv: ClusterKvClient,
  key: string,
  value: string,
  requestId: string,
  timeoutMs: number,
) {
  let version = 0;
  await waitUntil(
    `put ${key} ${value} answered`,
    async () => {
      const outcome = await kv
        .run({ kind: 'put', key, value: bytes(value) }, { requestId })
        .catch(() => null);
      version = outcome?.reply.version ?? 0;
      return outcome !== null;
    },
    timeoutMs,
    200,
  );
  return version;
}

/** Before anything: the group elects its first leader, which on two busy cores can take a while. */
beforeAll(async () => {
  const { kv } = testCluster();
  await writeEventually(kv, 'warm-up', 'w', 'mp-warm-up', 60_000);
}, 90_000);

function protocolStep(event: ClusterEvent): (ClusterEvent & { type: 'protocolStep' }) | null {
  return event.type === 'protocolStep' && event.protocol === 'multipaxos' ? event : null;
}

/** The group a key's writes were applied in, from a slotApplied step ("applied g1 #3 written k v1"). */
function groupOfApplied(event: ClusterEvent, key: string): string | null {
  const step = protocolStep(event);
  if (step?.step !== 'slotApplied' || step.key !== key) return null;
  return /^applied (\S+) /.exec(step.text)?.[1] ?? null;
}

/** The latest leader of `group` the events name: the agent of the leaderElected step of the highest view. */
function leaderOf(events: readonly ClusterEvent[], group: string): { leader: string; view: number } | null {
  let found: { leader: string; view: number } | null = null;
  for (const event of events) {
    const step = protocolStep(event);
    if (step?.step !== 'leaderElected') continue;
    const match = /^leads (\S+) v(\d+),/.exec(step.text);
    if (!match || match[1] !== group) continue;
    const view = Number(match[2]);
    if (!found || view > found.view) found = { leader: step.agent, view };
  }
  return found;
}

describe('a six-agent multi-Paxos cluster', () => {
  it('serves a key through each of its replicas, each read seeing the write before it', async () => {
    const { kv } = testCluster();
    const key = 'greeting';
    const replicas = kv.replicasOf(key);
    for (let i = 0; i < replicas.length; i += 1) {
      const written = await putThrough(kv, replicas[i]!, key, `hello ${i}`, `mp-greeting-${i}`);
      expect(written.version).toBe(i + 1);
      const read = await getThrough(kv, replicas[(i + 1) % replicas.length]!, key);
      expect({ value: textOf(read.value), version: read.version }).toEqual({
        value: `hello ${i}`,
        version: i + 1,
      });
    }
  });

  it('answers compare-and-set, delete and a retried request id as the client API says', async () => {
    await expectCasDeleteAndDedup(testCluster().kv, 'counter', 'mp-c');
  });

  it('shows its envelope messages and its steps in the event stream, and writes its slots to its PLog', async () => {
    const { kv, recorder } = testCluster();
    await kv.run({ kind: 'put', key: 'watched', value: bytes('v') }, { requestId: 'mp-w1' });
    const sent = await recorder.waitFor('an accept sent', (event) =>
      isMessage(event, 'messageSent', 'accept'),
    );
    await recorder.waitFor('its receive', (event) => {
      return (
        event.type === 'messageReceived' && event.messageId === (sent as { messageId: string }).messageId
      );
    });
    const applied = await recorder.waitFor(
      'the write applied',
      (event) => groupOfApplied(event, 'watched') !== null,
    );
    expect(applied).toMatchObject({
      protocol: 'multipaxos',
      text: expect.stringContaining('written watched v1'),
    });
    const group = groupOfApplied(applied, 'watched')!;
    await recorder.waitFor(`a slot of ${group} written to a PLog`, (event) => {
      return event.type === 'plogWritten' && event.keys.some((key) => key.startsWith(`${group}/slot/`));
    });
  });
});

describe("a killed leader of the key's group", () => {
  afterAll(async () => {
    const { cluster } = testCluster();
    for (const node of cluster.nodes) if (!cluster.agent(node.id).running) await cluster.start(node.id);
  });

  const key = 'survivor';
  let victim = '';
  let group = '';

  it('is replaced by a view change, after which writes succeed again', async () => {
    const { cluster, kv, recorder } = testCluster();
    await kv.run({ kind: 'put', key, value: bytes('before') }, { requestId: 'mp-s1' });
    const applied = await recorder.waitFor(
      'survivor applied',
      (event) => groupOfApplied(event, key) !== null,
    );
    group = groupOfApplied(applied, key)!;
    const before = leaderOf(recorder.all(), group);
    expect(before).not.toBeNull();
    victim = before!.leader;
    await cluster.agent(victim).kill();

    const version = await writeEventually(kv, key, 'after', 'mp-s2', 90_000);
    expect(version).toBe(2);
    await recorder.waitFor(`a leader of ${group} elected after v${before!.view}`, () => {
      return (leaderOf(recorder.all(), group)?.view ?? 0) > before!.view;
    });
    const after = leaderOf(recorder.all(), group)!;
    expect(after.leader).not.toBe(victim);
    const read = await kv.run({ kind: 'get', key });
    expect({ value: textOf(read.reply.value), version: read.reply.version }).toEqual({
      value: 'after',
      version: 2,
    });
    // One more write in the new view, while the victim is still down.
    expect(await writeEventually(kv, key, 'later', 'mp-s3', 30_000)).toBe(3);
  }, 150_000);

  it('catches up once restarted: it applies the writes chosen while it was down', async () => {
    const { cluster, kv, token } = testCluster();
    expect(victim).not.toBe('');
    await cluster.start(victim);
    // A fresh client and watch on the new process: the recorder's stream to the killed one ended with it.
    const client = new ControlClient(cluster.address(victim), token);
    const restarted = new EventRecorder(new Map([[victim, client]]));
    try {
      await restarted.waitFor(
        `${victim} applying survivor v3`,
        (event) =>
          groupOfApplied(event, key) === group &&
          (event as { text: string }).text.includes(`written ${key} v3`),
        90_000,
      );
    } finally {
      restarted.stop();
      client.close();
    }
    // And it serves again: a write after its return is applied everywhere, reads through it included.
    expect(await writeEventually(kv, key, 'back', 'mp-s4', 60_000)).toBe(4);
    if (kv.replicasOf(key).includes(victim)) {
      const read = await getThrough(kv, victim, key);
      expect({ value: textOf(read.value), version: read.version }).toEqual({ value: 'back', version: 4 });
    }
  }, 150_000);
});

function isMessage(event: ClusterEvent, type: ClusterEvent['type'], messageType: string) {
  return event.type === type && 'messageType' in event && event.messageType === messageType;
}
