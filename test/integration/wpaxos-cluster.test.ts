/**
 * Six real agents running WPaxos (protocol: wpaxos in the topology; zones are the three datacenters):
 * writes and reads through every agent, compare-and-set, delete and a retried request id as the client
 * API promises, and the locality policy moving an object: once one zone has sent most of an object's
 * requests, a node of that zone steals it (phase 1 over Q1) and leads it from there.
 */
import { describe, expect, it } from 'vitest';
import type { ClusterEvent } from '../../app/model/cluster-event';
import { bytes, expectCasDeleteAndDedup, getThrough, putThrough, textOf } from '../support/kv-expect';
import { useTestCluster } from '../support/test-cluster';
import { EventRecorder } from './events/event-recorder';

const testCluster = useTestCluster('wpaxos', {
  protocol: 'wpaxos',
  extend: ({ control }) => ({ recorder: new EventRecorder(control) }),
  beforeStop: ({ recorder }) => recorder.stop(),
});

function wpaxosStep(
  event: ClusterEvent,
  step: string,
  key: string,
): (ClusterEvent & { type: 'protocolStep' }) | null {
  const found = event.type === 'protocolStep' && event.protocol === 'wpaxos' && event.step === step;
  return found && event.key === key ? event : null;
}

describe('a six-agent WPaxos cluster', () => {
  it('serves a key through every agent, each read seeing the write before it', async () => {
    const { kv, nodeIds } = testCluster();
    const key = 'greeting';
    for (let i = 0; i < nodeIds.length; i += 1) {
      const written = await putThrough(kv, nodeIds[i]!, key, `hello ${i}`, `wp-greeting-${i}`);
      expect(written.version).toBe(i + 1);
      const read = await getThrough(kv, nodeIds[(i + 1) % nodeIds.length]!, key);
      expect({ value: textOf(read.value), version: read.version }).toEqual({
        value: `hello ${i}`,
        version: i + 1,
      });
    }
  }, 60_000);

  it('answers compare-and-set, delete and a retried request id as the client API says', async () => {
    await expectCasDeleteAndDedup(testCluster().kv, 'counter', 'wp-c');
  }, 60_000);

  it('moves an object to the zone that asks for it most: a steal for locality, then led from there', async () => {
    const { kv, recorder, topology } = testCluster();
    const key = 'moving';
    // n0 (dc1) writes first and so leads the object; then dc2's n1 sends every request.
    await putThrough(kv, 'n0', key, 'start', 'wp-move-0');
    const first = await recorder.waitFor('n0 leads it', (event) => wpaxosStep(event, 'stole', key) !== null);
    expect(first.agent).toBe('n0');
    for (let i = 1; i <= 8; i += 1) await putThrough(kv, 'n1', key, `from dc2 ${i}`, `wp-move-${i}`);
    const steal = wpaxosStep(
      await recorder.waitFor('a steal for locality', (event) =>
        /locality/.test(wpaxosStep(event, 'steal', key)?.text ?? ''),
      ),
      'steal',
      key,
    )!;
    const dc2 = topology.datacenters[1]!.miniClusters.flatMap((mc) => mc.nodes.map((node) => node.id));
    expect(dc2).toContain(steal.agent);
    expect(steal.caption).toMatch(/has had \d+ of moving's last \d+ requests/);
    const led = await recorder.waitFor(
      'led from dc2',
      (event) => wpaxosStep(event, 'stole', key)?.agent === steal.agent,
    );
    expect(wpaxosStep(led, 'stole', key)!.text).toMatch(/from zone 2/);
    const read = await getThrough(kv, 'n2', key);
    expect({ value: textOf(read.value), version: read.version }).toEqual({ value: 'from dc2 8', version: 9 });
    await kv.run({ kind: 'put', key, value: bytes('after') }, { requestId: 'wp-move-after' });
  }, 60_000);
});
