/**
 * Hold and release on real agents: the sender's gate holds the messages of a held link; the write
 * commits with the third replica, or waits when no quorum is reachable, exactly as Paxos says; a held
 * message released by id is delivered, and one dropped by id is lost alone.
 */
import { describe, expect, it } from 'vitest';
import type { ClusterEvent } from '../../../app/model/cluster-event';
import type { FaultChangeInput } from '../../../app/model/fault-model';
import { useControlCluster, type ControlCluster } from '../events/control-cluster';
import { EventRecorder } from '../events/event-recorder';

const getCluster = useControlCluster('hold');

async function applyAll(cluster: ControlCluster, change: FaultChangeInput): Promise<void> {
  await Promise.all([...cluster.control.values()].map((client) => client.applyFault(change)));
}

function receivedBy(recorder: EventRecorder, node: string, messageId: string): ClusterEvent | undefined {
  return recorder.of(node).find((event) => event.type === 'messageReceived' && event.messageId === messageId);
}

describe('hold and release', () => {
  it('holds A→B: the write commits with C; releasing the held accept delivers it, dropping one loses only it', async () => {
    const cluster = getCluster();
    const key = 'held-key';
    const [a, b, c] = cluster.kv.replicasOf(key) as [string, string, string];
    await cluster.putThrough(a, key, 'first');
    const recorder = new EventRecorder(cluster.control);
    try {
      await applyAll(cluster, { kind: 'hold', link: { from: a, to: b } });
      const index = await cluster.putThrough(a, key, 'second');
      const held = (await cluster.control.get(a)!.listHeld()).filter((message) => message.key === key);
      const accept = held.find((message) => message.type === 'fastAccept' || message.type === 'accept');
      expect(accept, `an accept to ${b} waits in ${a}'s gate`).toMatchObject({ from: a, to: b, index });
      expect(held.every((message) => message.to === b)).toBe(true);
      // C's accept made the quorum; B has not seen index `index` at all.
      await recorder.waitFor(
        `${c} receiving the accept`,
        (event) =>
          event.type === 'messageReceived' &&
          event.agent === c &&
          event.key === key &&
          event.index === index &&
          (event.messageType === 'fastAccept' || event.messageType === 'accept'),
      );
      const beforeOnB = await cluster.control.get(b)!.inspectKey(key);
      expect(beforeOnB.record?.instances.some((instance) => instance.index === index) ?? false).toBe(false);

      await cluster.control.get(a)!.releaseHeld(accept!.id, 'deliver');
      await recorder.waitFor(
        `receive of ${accept!.id} on ${b}`,
        (event) => event.type === 'messageReceived' && event.agent === b && event.messageId === accept!.id,
      );
      await recorder.waitFor(
        `${b} accepting index ${index}`,
        (event) => event.agent === b && event.type === 'plogWritten' && event.keys.includes(key),
      );
      const afterOnB = await cluster.control.get(b)!.inspectKey(key);
      const instance = afterOnB.record?.instances.find((candidate) => candidate.index === index);
      expect(instance?.accepted, `${b} accepted the released message`).toBeDefined();

      const others = (await cluster.control.get(a)!.listHeld()).filter((message) => message.key === key);
      expect(others.length).toBeGreaterThan(0);
      const dropped = others[0]!;
      const left = await cluster.control.get(a)!.releaseHeld(dropped.id, 'drop');
      const stillHeld = (await cluster.control.get(a)!.listHeld()).map((message) => message.id);
      expect(stillHeld).not.toContain(dropped.id);
      expect(stillHeld.length).toBe(left);
      for (const other of others.slice(1)) expect(stillHeld).toContain(other.id);
      await recorder.waitFor(
        `held-drop of ${dropped.id}`,
        (event) =>
          event.type === 'messageDropped' && event.messageId === dropped.id && event.reason === 'held-drop',
      );
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(receivedBy(recorder, b, dropped.id)).toBeUndefined();
    } finally {
      recorder.stop();
      await applyAll(cluster, { kind: 'unhold' });
      for (const message of await cluster.control.get(a)!.listHeld()) {
        await cluster.control.get(a)!.releaseHeld(message.id, 'drop');
      }
    }
  });

  it('holds everything A sends: the write waits without a quorum, and commits once the held messages are released', async () => {
    const cluster = getCluster();
    const key = 'waiting-key';
    const [a] = cluster.kv.replicasOf(key) as [string, string, string];
    await cluster.putThrough(a, key, 'first');
    const gate = cluster.control.get(a)!;
    await applyAll(cluster, { kind: 'hold', link: { from: a, to: '*' } });
    let settled = false;
    const write = cluster.putThrough(a, key, 'second').finally(() => (settled = true));
    try {
      const deadlineMs = Date.now() + 5000;
      while ((await gate.listHeld()).filter((message) => message.key === key).length < 2) {
        if (Date.now() > deadlineMs) throw new Error('no accepts held for the write');
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(settled, 'the write waits while no accept can reach a peer').toBe(false);
      await applyAll(cluster, { kind: 'unhold' });
      // Newest first, to show that any order works; replies are not held (only A's sends are).
      for (const message of (await gate.listHeld()).reverse()) await gate.releaseHeld(message.id, 'deliver');
      expect(await write).toBeGreaterThan(1);
    } finally {
      await applyAll(cluster, { kind: 'unhold' });
      await write.catch(() => 0);
    }
  });
});
