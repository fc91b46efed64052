/**
 * Issue 11 (a): a write R sent to an agent that is not one of the key's replicas while that agent is
 * SIGSTOPped waits in the kernel's buffers. The client gives up at R's deadline and retries R on a
 * replica, which applies it; 20 more writes follow. When the stopped agent resumes it must not
 * forward its stale copy of R: R stays applied once, at one entry, and the key ends at version
 * 1 + 1 + 20.
 */
import { describe, expect, it } from 'vitest';
import { useAgentCluster } from '../../support/agent-cluster';
import { bytes } from '../../support/kv-expect';
import { putMany, versionThrough, writeAt } from '../../support/kv-attempt';
import { waitUntilPast } from '../../support/wait';

const getCluster = useAgentCluster('eo-stopped-forwarder');

/** R's only deadline: short, so the attempt through the stopped agent ends well inside the test. */
const attemptMs = 1500;

describe('a write queued in a SIGSTOPped forwarding agent', () => {
  it('is not applied a second time when that agent resumes after the retry and 20 newer writes', async () => {
    const { kv, nodeIds, events, stop, cont } = getCluster();
    const key = 'eo-a-key';
    const [roleA] = kv.replicasOf(key) as [string, string, string];
    const forwarder = nodeIds.find((id) => !kv.replicasOf(key).includes(id))!;
    // Through the forwarder, so the client's channel to it and its channel to the replicas are up.
    expect((await putMany(kv, forwarder, key, 1, 'eo-a-first')) > 0).toBe(true);

    const r = { requestId: 'eo-a-R', operation: { kind: 'put', key, value: bytes('R') } } as const;
    await stop(forwarder);
    const stale = await writeAt(kv, forwarder, r, attemptMs);
    expect(stale.ok ? 'answered' : stale.failure.grpcCode, 'the stopped agent cannot answer').toBe(4);
    const retry = await writeAt(kv, roleA, r, 10_000);
    expect(retry.ok && retry.reply.version, JSON.stringify(retry)).toBe(2);
    expect(await putMany(kv, roleA, key, 20, 'eo-a-after')).toBe(22);

    await cont(forwarder);
    // Even an agent that ignored the request's own deadline would restart gRPC's relative one when it
    // reads the call, so the stale copy could act until attemptMs after the resume, no later.
    await waitUntilPast(Date.now() + attemptMs + 1000);
    const applied = () => JSON.stringify(events.chosen(key, r.requestId));
    // A Paxos read finishes any entry still pending, so a late second apply would show in the version.
    expect(await versionThrough(kv, roleA, key), applied()).toBe(22);
    expect(await versionThrough(kv, forwarder, key), applied()).toBe(22);
    expect(events.chosen(key, r.requestId).map((at) => at.version)).toEqual([2]);
  }, 60_000);
});
