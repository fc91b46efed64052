/**
 * GetStatus's steps on real agents running QuorumKV: what the core did, counted in its own words
 * (replicaStored, quorumWrite, quorumRead), where PaxosKV's counters (fast path, rounds) stay zero
 * because QuorumKV has none of those. Before steps, the status of a QuorumKV agent showed only zeros.
 */
import { describe, expect, it } from 'vitest';
import { zeroNodeCounters } from '../../app/paxos';
import { getThrough, putThrough } from '../support/kv-expect';
import { useTestCluster } from '../support/test-cluster';

const testCluster = useTestCluster('status-steps', { protocol: 'quorumkv' });

describe('an agent status names its protocol steps', () => {
  it('counts a QuorumKV write and read on the agents that did them', async () => {
    const { kv, control } = testCluster();
    const key = 'counted';
    const [a, b] = kv.replicasOf(key) as [string, string, string];
    const before = await control.get(a)!.status();
    const written = await putThrough(kv, a, key, 'v1', 'steps-w1');
    expect(written.servedBy).toBe(a);
    await getThrough(kv, a, key);
    const after = await control.get(a)!.status();
    const grew = (step: string) => (after.steps[step] ?? 0) - (before.steps[step] ?? 0);
    expect(grew('replicaStored')).toBeGreaterThanOrEqual(1);
    expect(grew('quorumWrite')).toBe(1);
    expect(grew('quorumRead')).toBe(1);
    expect(grew('replied')).toBe(2);
    expect(after.counters).toEqual(zeroNodeCounters());
    // The replica that stored the coordinator's copy counts it too.
    const replica = await control.get(b)!.status();
    expect(replica.steps['replicaStored'] ?? 0).toBeGreaterThanOrEqual(1);
  });
});
