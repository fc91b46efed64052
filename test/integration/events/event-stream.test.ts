/**
 * WatchEvents on real agents: per-agent order with no unexplained gap, sends paired with receives by
 * message id across agents, resuming from a seq, counted drops for a watcher that stops reading,
 * InspectKey, and the token on every call but Health.
 */
import { Metadata, status, type ServiceError } from '@grpc/grpc-js';
import { describe, expect, it } from 'vitest';
import type { ClusterEvent } from '../../../app/model/cluster-event';
import { controlTokenMetadataKey } from '../../../app/proto/control-metadata';
import { ControlClient } from '../../../node-agent/kit/client/control-client';
import { createControlClient, probeHealth } from '../../../node-agent/kit/launcher/health-probe';
import { callUnary } from '../../../node-agent/kit/grpc/unary-call';
import { openRawPeerStream } from '../../support/raw-peer-stream';
import { encodePeerFrame } from '../../../app/proto/codec';
import { useControlCluster } from './control-cluster';
import { EventRecorder, lostEvents } from './event-recorder';

// A small ring and watcher queue, so a watcher that stops reading overflows within a test.
const getCluster = useControlCluster('events', ['--events-ring', '512', '--events-queue', '256']);

type Transport = Extract<ClusterEvent, { messageId: string }>;

function transport(events: readonly ClusterEvent[], type: Transport['type']): Transport[] {
  return events.filter((event): event is Transport => event.type === type);
}

describe('WatchEvents', () => {
  it('streams each agent in order without gaps and pairs every send with its receive', async () => {
    const { control, putThrough, kv } = getCluster();
    const recorder = new EventRecorder(control);
    try {
      for (let i = 0; i < 12; i += 1) {
        const key = `events-${i}`;
        await putThrough(kv.replicasOf(key)[0]!, key, `v${i}`);
      }
      // Let the last messages land; only sends older than this settle time are checked.
      await new Promise((resolve) => setTimeout(resolve, 800));
      const settledMs = Date.now() - 500;
      for (const [node, events] of recorder.byAgent) {
        expect(events[0], node).toMatchObject({ type: 'nodeStarted', seq: 1, agent: node });
        expect(lostEvents(events), node).toBe(0);
      }
      const all = recorder.all();
      const received = new Map(transport(all, 'messageReceived').map((event) => [event.messageId, event]));
      const peerDown = new Set(
        transport(all, 'messageDropped')
          .filter((event) => event.type === 'messageDropped' && event.reason === 'peer-down')
          .map((event) => event.messageId),
      );
      const sends = transport(all, 'messageSent').filter((event) => event.timeMs < settledMs);
      expect(sends.length).toBeGreaterThan(12 * 4);
      for (const send of sends) {
        if (peerDown.has(send.messageId)) continue;
        const receive = received.get(send.messageId);
        expect(receive, `receive of ${send.messageId}`).toMatchObject({
          agent: send.peer,
          peer: send.agent,
          messageType: send.messageType,
          key: send.key,
          index: send.index,
        });
        expect(receive!.timeMs).toBeGreaterThanOrEqual(send.timeMs - 5);
      }
      const chosen = all.filter((event) => event.type === 'chosen' && event.key === 'events-11');
      expect(chosen.length).toBeGreaterThanOrEqual(1);
    } finally {
      recorder.stop();
    }
  });

  it('resumes after a seq, and a watcher that stops reading loses events into counted markers', async () => {
    const { control, putThrough, kv } = getCluster();
    const node = kv.replicasOf('stall-0')[0]!;
    const keys = Array.from({ length: 400 }, (_, i) => `stall-${i}`)
      .filter((key) => kv.replicasOf(key).includes(node))
      .slice(0, 20);
    const client = control.get(node)!;
    await putThrough(node, 'stall-0', 'first');
    const lastSeq = (await client.status()).lastEventSeq;
    const resumed: ClusterEvent[] = [];
    const resume = client.watch(lastSeq - 3, (event) => resumed.push(event));
    // A raw stream that is paused at once: the agent may buffer a little, then must drop and count.
    const stalled: ClusterEvent[] = [];
    const stall = client.watch(lastSeq, (event) => stalled.push(event));
    stall.pause();
    let status;
    try {
      // Enough events to fill HTTP/2's window and the agent's 256-event watcher queue several times.
      for (let round = 0; round < 16; round += 1) {
        await Promise.all(keys.map((key) => putThrough(node, key, `value-${round}`).catch(() => 0)));
      }
      status = await client.status();
      expect(status.eventsDropped).toBeGreaterThan(0);
      expect(status.watchers).toBeGreaterThanOrEqual(2);
      stall.resume();
      await putThrough(node, 'stall-0', 'last');
      await new Promise((resolve) => setTimeout(resolve, 500));
    } finally {
      resume.cancel();
      stall.cancel();
    }
    // The reading watcher starts right after the asked seq; under this load even it may lose events to
    // its 256-event queue, but never without a marker.
    expect(resumed[0]?.seq).toBe(lastSeq - 2);
    lostEvents(resumed, lastSeq - 3);
    const lost = lostEvents(stalled, lastSeq);
    expect(lost).toBeGreaterThan(0);
    expect(stalled.filter((event) => event.type === 'eventsDropped').length).toBeGreaterThan(0);
    expect(stalled.at(-1)!.seq).toBeGreaterThan(status.lastEventSeq);
  });

  it('InspectKey shows the replica’s PLog for a key', async () => {
    const { control, putThrough, kv } = getCluster();
    const [a, , c] = kv.replicasOf('inspect-me');
    const index = await putThrough(a!, 'inspect-me', 'hello');
    const onA = await control.get(a!)!.inspectKey('inspect-me');
    expect(onA.found).toBe(true);
    expect(onA.replica).toBe(true);
    expect(onA.header).toMatchObject({ chosenIndex: index, version: 1 });
    expect(onA.record?.instances.at(-1)).toMatchObject({ index, chosen: true });
    const notReplica = [...control.keys()].find((node) => !kv.replicasOf('inspect-me').includes(node))!;
    expect(await control.get(notReplica)!.inspectKey('inspect-me')).toMatchObject({
      found: false,
      replica: false,
    });
    await expect(control.get(c!)!.inspectKey('')).rejects.toMatchObject({
      code: status.INVALID_ARGUMENT,
      details: 'key: must not be empty',
    });
  });
});

describe('the cluster token', () => {
  it('is needed on peer streams too: a stream without it is refused before any frame counts', async () => {
    const stream = openRawPeerStream(getCluster().address('n1'));
    try {
      stream.write(
        encodePeerFrame('n0', [
          { type: 'getChosen', id: 'n0:intruder', from: 'n0', to: 'n1', key: 'k', index: 0 },
        ]),
      );
      expect(await stream.ended).toMatchObject({ code: status.UNAUTHENTICATED });
    } finally {
      stream.close();
    }
  });

  it('is needed on every ControlService call but Health: missing or wrong is UNAUTHENTICATED', async () => {
    const { address } = getCluster();
    for (const token of [null, 'not-the-cluster-token']) {
      const client = new ControlClient(address('n0'), token);
      try {
        await expect(client.status()).rejects.toMatchObject({ code: status.UNAUTHENTICATED });
        await expect(client.applyFault({ kind: 'heal' })).rejects.toMatchObject({
          code: status.UNAUTHENTICATED,
        });
        const refused = await client
          .watch(0, () => undefined)
          .ended.then(
            () => null,
            (error: ServiceError) => error.code,
          );
        expect(refused).toBe(status.UNAUTHENTICATED);
      } finally {
        client.close();
      }
    }
    const probe = createControlClient(address('n0'));
    try {
      expect((await probeHealth(probe, 5000)).serving).toBe(true);
      const metadata = new Metadata();
      metadata.set(controlTokenMetadataKey, getCluster().token);
      const answer = await callUnary(probe.getStatus.bind(probe), {}, { timeoutMs: 5000, metadata });
      expect(answer.nodeId).toBe('n0');
    } finally {
      probe.close();
    }
  });
});
