/**
 * Network faults on real agents: a datacenter partition isolates exactly that datacenter and healing
 * restores traffic; delay rules delay; pause stops progress and resume restores it; crash exits the
 * process; bad fault parameters get INVALID_ARGUMENT naming the field.
 */
import { status, type ServiceError } from '@grpc/grpc-js';
import { describe, expect, it } from 'vitest';
import type { ClusterEvent } from '../../../app/model/cluster-event';
import type { FaultChangeInput } from '../../../app/model/fault-model';
import { controlFieldMetadataKey } from '../../../app/proto/control-metadata';
import { useControlCluster, type ControlCluster } from '../events/control-cluster';
import { EventRecorder } from '../events/event-recorder';

const getCluster = useControlCluster('faults');

const dc1 = ['n0', 'n3'];

async function applyAll(cluster: ControlCluster, change: FaultChangeInput): Promise<void> {
  await Promise.all([...cluster.control.values()].map((client) => client.applyFault(change)));
}

/** A key whose role-A replica is `node`, so a write through `node` is proposed there. */
function keyLedBy(cluster: ControlCluster, node: string, prefix: string): string {
  for (let i = 0; i < 10_000; i += 1) {
    if (cluster.kv.replicasOf(`${prefix}-${i}`)[0] === node) return `${prefix}-${i}`;
  }
  throw new Error(`no key led by ${node}`);
}

type Received = Extract<ClusterEvent, { type: 'messageReceived' }>;

function receivesAfter(recorder: EventRecorder, sinceMs: number): Received[] {
  return recorder
    .all()
    .filter((event): event is Received => event.type === 'messageReceived' && event.timeMs > sinceMs);
}

const crossesDc1 = (event: Received) => dc1.includes(event.agent) !== dc1.includes(event.peer);

describe('partition', () => {
  it('a datacenter partition isolates exactly that datacenter, and healing restores its traffic', async () => {
    const cluster = getCluster();
    const recorder = new EventRecorder(cluster.control);
    try {
      await applyAll(cluster, { kind: 'partition', split: { sides: [dc1, ['n1', 'n4', 'n2', 'n5']] } });
      // Frames already on the wire when the partition arrived may still land; look after they have.
      await new Promise((resolve) => setTimeout(resolve, 200));
      const partitionedMs = Date.now();
      for (const node of ['n1', 'n4', 'n2', 'n5']) {
        await cluster.putThrough(node, keyLedBy(cluster, node, `split-${node}`), 'outside dc1');
      }
      await recorder.waitFor(
        'a partition drop',
        (event) => event.type === 'messageDropped' && event.reason === 'partition',
      );
      const drops = recorder
        .all()
        .filter((event) => event.type === 'messageDropped' && event.reason === 'partition')
        .map((event) => event as Extract<ClusterEvent, { type: 'messageDropped' }>);
      expect(drops.every((event) => dc1.includes(event.agent) !== dc1.includes(event.peer))).toBe(true);
      const during = receivesAfter(recorder, partitionedMs);
      expect(during.filter(crossesDc1)).toEqual([]);
      expect(during.some((event) => !dc1.includes(event.agent) && !dc1.includes(event.peer))).toBe(true);
      const status = await cluster.control.get('n0')!.status();
      expect(JSON.parse(status.faults!.stateJson).reachable.n0).toEqual(['n0', 'n3']);

      await applyAll(cluster, { kind: 'heal' });
      const healedMs = Date.now();
      await cluster.putThrough('n0', keyLedBy(cluster, 'n0', 'healed'), 'after heal');
      await recorder.waitFor(
        'traffic across dc1 after heal',
        (event) => event.type === 'messageReceived' && event.timeMs > healedMs && crossesDc1(event),
      );
    } finally {
      recorder.stop();
      await applyAll(cluster, { kind: 'heal' });
    }
  });
});

describe('link rules', () => {
  it('delay rules hold each message back by the delay plus jitter', async () => {
    const cluster = getCluster();
    const node = 'n1';
    const recorder = new EventRecorder(cluster.control);
    try {
      // Below the agents' 200 ms round, so the write still completes on time.
      await applyAll(cluster, { kind: 'link', rule: { from: node, to: '*', delayMs: 100, jitterMs: 20 } });
      await cluster.putThrough(node, keyLedBy(cluster, node, 'slow'), 'late');
      const delayed = recorder
        .of(node)
        .filter((event) => event.type === 'messageDelayed')
        .map((event) => event as Extract<ClusterEvent, { type: 'messageDelayed' }>);
      expect(delayed.length).toBeGreaterThanOrEqual(2);
      for (const event of delayed) {
        expect(event.delayMs).toBeGreaterThanOrEqual(100);
        expect(event.delayMs).toBeLessThanOrEqual(120);
        const receive = await recorder.waitFor(
          `receive of ${event.messageId}`,
          (candidate) => candidate.type === 'messageReceived' && candidate.messageId === event.messageId,
        );
        expect(receive.timeMs - event.timeMs).toBeGreaterThanOrEqual(event.delayMs - 5);
      }
    } finally {
      recorder.stop();
      await applyAll(cluster, { kind: 'heal' });
    }
  });
});

describe('pause and resume', () => {
  it('pause stops progress and resume restores it', async () => {
    const cluster = getCluster();
    const node = 'n2';
    const key = keyLedBy(cluster, node, 'paused');
    const client = cluster.control.get(node)!;
    const recorder = new EventRecorder(cluster.control);
    try {
      expect((await client.applyFault({ kind: 'pause', node })).paused).toBe(true);
      const pausedMs = Date.now();
      let settled = false;
      const write = cluster.putThrough(node, key, 'while paused').finally(() => (settled = true));
      await new Promise((resolve) => setTimeout(resolve, 600));
      expect(settled, 'no progress while paused').toBe(false);
      const faults = await client.faults();
      expect(faults).toMatchObject({ paused: true });
      expect(faults.pausedInputs).toBeGreaterThanOrEqual(1);
      const stepped = recorder
        .of(node)
        .filter(
          (event) =>
            event.timeMs > pausedMs &&
            !['messageReceived', 'faultApplied', 'nodePaused'].includes(event.type),
        );
      expect(stepped.map((event) => event.type)).toEqual([]);
      await client.applyFault({ kind: 'resume', node });
      expect(await write).toBeGreaterThanOrEqual(1);
      expect(recorder.of(node).some((event) => event.type === 'nodeResumed')).toBe(true);
    } finally {
      recorder.stop();
      await client.applyFault({ kind: 'resume', node });
    }
  });
});

describe('bad fault parameters', () => {
  it('get INVALID_ARGUMENT naming the field and the limit', async () => {
    const client = getCluster().control.get('n0')!;
    const refusal = async (change: unknown) => {
      const error = (await client.applyFault(change as FaultChangeInput).then(
        () => null,
        (failure: ServiceError) => failure,
      ))!;
      expect(error?.code).toBe(status.INVALID_ARGUMENT);
      return { details: error.details, field: error.metadata.get(controlFieldMetadataKey)[0] };
    };
    expect(await refusal({ kind: 'link', rule: { from: 'n0', to: 'n1', delayMs: -1 } })).toEqual({
      details: 'rule.delayMs: must be at least 0',
      field: 'rule.delayMs',
    });
    expect(
      await refusal({ kind: 'link', rule: { from: 'n0', to: 'n1', duplicateProbability: 1.01 } }),
    ).toEqual({
      details: 'rule.duplicateProbability: must be at most 1',
      field: 'rule.duplicateProbability',
    });
    expect(await refusal({ kind: 'cut', from: 'n0', to: 'n42' })).toEqual({
      details: 'to: no node "n42"',
      field: 'to',
    });
    expect(
      (await refusal({ kind: 'link', rule: { from: 'n0', to: 'n1', delayMs: 50_000, jitterMs: 20_000 } }))
        .field,
    ).toBe('rule.jitterMs');
    await expect(client.releaseHeld('n0:999999', 'deliver')).rejects.toMatchObject({
      code: status.NOT_FOUND,
    });
  });
});

describe('crash', () => {
  it('exits the agent process at once', async () => {
    const cluster = getCluster();
    const agent = cluster.cluster.agent('n5');
    await cluster.control
      .get('n5')!
      .crash()
      .catch(() => undefined);
    const exit = await agent.exited;
    expect(exit.signal).toBe('SIGKILL');
    await cluster.cluster.start('n5');
    expect((await cluster.control.get('n5')!.status()).nodeId).toBe('n5');
  });
});
