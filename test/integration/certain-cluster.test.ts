/**
 * Six real agents running PaxosCertain (protocol: certain in the topology): writes and reads through
 * every agent (each on a key it replicates, each read through another replica), compare-and-set,
 * delete and a retried request id as the client API says, its one message kind in the generic
 * envelope with its steps in the event stream and its PLog and DB rows on disk, and a killed replica,
 * restarted, catching up on the entries chosen while it was down.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { ClusterEvent } from '../../app/model/cluster-event';
import { ControlClient } from '../../node-agent/kit/client/control-client';
import type { ClusterKvClient } from '../../node-agent/kit/client/kv-client';
import { expectCasDeleteAndDedup, getThrough, putThrough, textOf } from '../support/kv-expect';
import { useTestCluster } from '../support/test-cluster';
import { EventRecorder } from './events/event-recorder';

const testCluster = useTestCluster('certain', {
  protocol: 'certain',
  extend: ({ control }) => ({ recorder: new EventRecorder(control) }),
  beforeStop: ({ recorder }) => recorder.stop(),
});

/** A key `node` replicates, from a few candidates named after it. */
function keyHeldBy(kv: ClusterKvClient, node: string): string {
  for (let i = 0; i < 100; i += 1) {
    const key = `${node}-key-${i}`;
    if (kv.replicasOf(key).includes(node)) return key;
  }
  throw new Error(`no key of 100 candidates is held by ${node}`);
}

function appliedStep(event: ClusterEvent, key: string, text: string): boolean {
  return (
    event.type === 'protocolStep' &&
    event.protocol === 'certain' &&
    event.step === 'applied' &&
    event.key === key &&
    event.text.includes(text)
  );
}

describe('a six-agent PaxosCertain cluster', () => {
  it('takes a write through every agent, and the next replica reads it', async () => {
    const { kv, cluster } = testCluster();
    for (const { id } of cluster.nodes) {
      const key = keyHeldBy(kv, id);
      const written = await putThrough(kv, id, key, `from ${id}`, `ct-${id}`);
      expect(written.version).toBe(1);
      const replicas = kv.replicasOf(key);
      const reader = replicas[(replicas.indexOf(id) + 1) % replicas.length]!;
      const read = await getThrough(kv, reader, key);
      expect({ value: textOf(read.value), version: read.version }).toEqual({
        value: `from ${id}`,
        version: 1,
      });
    }
  });

  it('answers compare-and-set, delete and a retried request id as the client API says', async () => {
    await expectCasDeleteAndDedup(testCluster().kv, 'counter', 'ct-c');
  });

  it('sends entryState messages, applies entries in its steps and writes PLog and DB rows', async () => {
    const { kv, recorder } = testCluster();
    const key = 'watched';
    const writer = kv.replicasOf(key)[0]!;
    await putThrough(kv, writer, key, 'one', 'ct-w1');
    // The second write from the same replica holds the pre-authorised ballot: one round trip.
    const second = await putThrough(kv, writer, key, 'two', 'ct-w2');
    expect(second).toMatchObject({ version: 2, index: 2, path: 'fast' });
    const sent = await recorder.waitFor(
      'an entryState sent',
      (event) => event.type === 'messageSent' && event.messageType === 'entryState',
    );
    await recorder.waitFor('its receive', (event) => {
      return (
        event.type === 'messageReceived' && event.messageId === (sent as { messageId: string }).messageId
      );
    });
    await recorder.waitFor('watched#2 applied', (event) => appliedStep(event, key, 'written v2'));
    await recorder.waitFor('a PLog row and a DB row written', (event) => {
      if (event.type !== 'plogWritten') return false;
      return event.keys.includes(`plog/2/${key}`) || event.keys.includes(`db/${key}`);
    });
  });
});

describe('a killed replica', () => {
  afterAll(async () => {
    const { cluster } = testCluster();
    for (const node of cluster.nodes) if (!cluster.agent(node.id).running) await cluster.start(node.id);
  });

  it('misses nothing: the other two go on, and once restarted it applies what they chose', async () => {
    const { cluster, kv, token } = testCluster();
    const key = 'survivor';
    const [victim, first, second] = kv.replicasOf(key) as [string, string, string];
    await putThrough(kv, first, key, 'before', 'ct-s1');
    await cluster.agent(victim).kill();
    expect((await putThrough(kv, second, key, 'while down', 'ct-s2')).version).toBe(2);
    expect((await putThrough(kv, first, key, 'still down', 'ct-s3')).version).toBe(3);
    await cluster.start(victim);
    const client = new ControlClient(cluster.address(victim), token);
    const restarted = new EventRecorder(new Map([[victim, client]]));
    try {
      const read = await getThrough(kv, victim, key);
      expect({ value: textOf(read.value), version: read.version }).toEqual({
        value: 'still down',
        version: 3,
      });
      await restarted.waitFor(
        `${victim} applying survivor#3`,
        (event) => appliedStep(event, key, 'v3'),
        30_000,
      );
    } finally {
      restarted.stop();
      client.close();
    }
  }, 90_000);
});
