/**
 * Hold mode stops protocol time on real agents: a write through a holding agent waits for the person
 * (no round timeout, no retry, no request deadline) and completes when its held accept is released
 * seconds later; without hold, a cut-off minority still answers "no quorum" before a client's normal
 * deadline; and SetProtocolPace sets the rate, reported by GetStatus, or refuses a bad one by field.
 */
import { status, type ServiceError } from '@grpc/grpc-js';
import { describe, expect, it } from 'vitest';
import type { FaultChangeInput } from '../../../app/model/fault-model';
import { controlFieldMetadataKey } from '../../../app/proto/control-metadata';
import type { KvPut } from '../../../app/kv/operations';
import { kvAttemptTimeoutMs, newRequestId } from '../../../node-agent/kit/client/kv-client';
import { isServiceError, kvFailureOf } from '../../../node-agent/kit/grpc/kv-failure';
import { useControlCluster, type ControlCluster } from '../events/control-cluster';

const getCluster = useControlCluster('hold-time');

/** Longer than the agents' 2 s request deadline: what a person takes to read the tray and click. */
const personDelayMs = 3_000;

async function applyAll(cluster: ControlCluster, change: FaultChangeInput): Promise<void> {
  await Promise.all([...cluster.control.values()].map((client) => client.applyFault(change)));
}

async function ratesOf(cluster: ControlCluster): Promise<number[]> {
  const statuses = await Promise.all([...cluster.control.values()].map((client) => client.status()));
  return statuses.map((status) => status.pace?.rate ?? -1);
}

function put(key: string, value: string): KvPut {
  return { kind: 'put', key, value: new TextEncoder().encode(value) };
}

describe('protocol time in hold mode', () => {
  it('a write through a holding agent completes when its held accept is released 3 s later', async () => {
    const cluster = getCluster();
    const key = 'stepped-key';
    const [a] = cluster.kv.replicasOf(key) as [string, string, string];
    const gate = cluster.control.get(a)!;
    await cluster.putThrough(a, key, 'first');
    await applyAll(cluster, { kind: 'hold', link: { from: a, to: '*' } });
    try {
      expect(await ratesOf(cluster), 'every agent stops its protocol clock').toEqual([0, 0, 0, 0, 0, 0]);
      let settled = false;
      const write = cluster.kv
        .callNode(a, put(key, 'second'), { requestId: newRequestId('test'), timeoutMs: personDelayMs * 5 })
        .finally(() => (settled = true));
      await new Promise((resolve) => setTimeout(resolve, personDelayMs));
      expect(settled, 'the write waits for the person instead of timing out').toBe(false);
      const held = (await gate.listHeld()).filter((message) => message.key === key);
      const accept = held.find((message) => message.type === 'fastAccept' || message.type === 'accept');
      expect(accept, `an accept waits in ${a}'s gate`).toBeDefined();
      expect(
        held.filter((message) => message.type === 'prepare'),
        'no retry round was started',
      ).toEqual([]);
      await gate.releaseHeld(accept!.id, 'deliver');
      expect((await write).index).toBeGreaterThan(1);
    } finally {
      await applyAll(cluster, { kind: 'unhold' });
      for (const message of await gate.listHeld()) await gate.releaseHeld(message.id, 'drop');
    }
    expect(await ratesOf(cluster), 'time runs again once nothing is held').toEqual([1, 1, 1, 1, 1, 1]);
  });

  it('without hold, a cut-off minority answers "no quorum" before a client gives up', async () => {
    const cluster = getCluster();
    const key = 'minority-key';
    const [a] = cluster.kv.replicasOf(key) as [string, string, string];
    const others = [...cluster.control.keys()].filter((node) => node !== a);
    await applyAll(cluster, { kind: 'partition', split: { sides: [[a], others] } });
    try {
      const attempt = { requestId: newRequestId('test'), timeoutMs: kvAttemptTimeoutMs };
      const failure = await cluster.kv.callNode(a, put(key, 'alone'), attempt).then(
        () => null,
        (error: unknown) => error,
      );
      expect(isServiceError(failure), `a gRPC error, got ${String(failure)}`).toBe(true);
      const { coreCode, message } = kvFailureOf(failure as ServiceError);
      expect(coreCode, message).toBe('UNAVAILABLE');
      expect(message).toMatch(/no quorum|no replica answered/);
    } finally {
      await applyAll(cluster, { kind: 'heal' });
    }
  });

  it('SetProtocolPace sets the rate GetStatus reports, and refuses a rate outside 0 to 1 by name', async () => {
    const client = getCluster().control.get('n0')!;
    try {
      expect(await client.setProtocolPace(0.25)).toEqual({ rate: 0.25, requestedRate: 0.25, holding: false });
      expect((await client.status()).pace).toEqual({ rate: 0.25, requestedRate: 0.25, holding: false });
      const refused = await client.setProtocolPace(1.5).then(
        () => null,
        (error: ServiceError) => error,
      );
      expect(refused?.code).toBe(status.INVALID_ARGUMENT);
      expect(refused?.details).toMatch(/^rate: must be a number from 0 \(stopped\) to 1/);
      expect(refused?.metadata.get(controlFieldMetadataKey)).toEqual(['rate']);
    } finally {
      await client.setProtocolPace(1);
    }
  });
});
