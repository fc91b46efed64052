/**
 * Issue 11 (e): a replica restarted on a wiped disk relearns before it may vote or serve. Killed with
 * kill -9 in the middle of relearning and started again on what it had written (without
 * --learner-only), it must still be learner-only: no votes, reads refused with LEARNER_ONLY, until it
 * has relearned; then it serves the newest value. A bystander outside the key's replicas is kept
 * down so the relearning cannot finish before the test has looked.
 *
 * Then the instant it leaves learner-only, the test kills it (SIGKILL from the watcher of that very
 * event): it must come back either learner-only again or with every record it relearned on its disk,
 * never cleared of the flag without the records (the flag and the records go in one batch).
 */
import { status } from '@grpc/grpc-js';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { localState } from '../../../main/harness/read-paths';
import { healthOf } from '../../support/control';
import { useAgentCluster, type AgentCluster } from '../../support/agent-cluster';
import { keyWhere } from '../../support/key-placement';
import { waitUntil } from '../../support/wait';
import { failureOf, getThrough, textOf } from '../../support/kv-expect';
import { putMany } from '../../support/kv-attempt';

const getCluster = useAgentCluster('eo-relearn-crash');

afterEach(() => getCluster().restartKilled());

function datacenterOf(cluster: AgentCluster, nodeId: string): string {
  return cluster.cluster.nodes.find((node) => node.id === nodeId)!.datacenterId;
}

describe('a wiped replica killed while it relearns', () => {
  it('comes back still learner-only: no votes, no reads until relearned, then the newest value', async () => {
    const cluster = getCluster();
    const { kv, events } = cluster;
    const key = 'eo-e-key';
    const replicas = kv.replicasOf(key);
    const [roleA, wiped] = replicas as [string, string, string];
    // Shares keys with the wiped node (its relearning scan must reach it) but not this key.
    const bystander = cluster.nodeIds.find(
      (id) => !replicas.includes(id) && datacenterOf(cluster, id) !== datacenterOf(cluster, wiped),
    )!;
    expect(await putMany(kv, roleA, key, 5, 'eo-e-before')).toBe(5);
    await cluster.kill(bystander);
    await cluster.kill(wiped);
    await cluster.start(wiped, { wipe: true });
    await events.waitFor(
      `${wiped} relearning (a key scan answered)`,
      (event) =>
        event.agent === wiped && event.type === 'messageReceived' && event.messageType === 'keyScanReply',
    );
    await cluster.kill(wiped);

    await cluster.start(wiped);
    const address = cluster.cluster.address(wiped);
    expect(await healthOf(address)).toMatchObject({
      serving: false,
      reason: expect.stringContaining('learner-only'),
    });
    expect(await cluster.control.get(wiped)!.status()).toMatchObject({ learnerOnly: true });
    expect(await failureOf(kv, wiped, { kind: 'get', key })).toMatchObject({
      grpcCode: status.FAILED_PRECONDITION,
      coreCode: 'LEARNER_ONLY',
    });
    // Writes go on with the other two replicas; the restarted one refuses to vote on them. Keep
    // writing, paced, until the refusal shows: a peer's link to the restarted agent may still be coming up.
    const refusal = cluster.cluster
      .agent(wiped)
      .waitForLine(/refused input from \w+: type: learner-only/, 15_000);
    let refused = false;
    void refusal.then(
      () => (refused = true),
      () => undefined,
    );
    let version = 5;
    while (!refused) {
      version = await putMany(kv, roleA, key, 1, `eo-e-relearning-${version}`);
      await sleep(100);
    }
    await refusal;

    await cluster.start(bystander, { serving: true });
    await cluster.cluster.agent(wiped).waitUntilReady(30_000, true);
    expect(await cluster.control.get(wiped)!.status()).toMatchObject({ learnerOnly: false });
    const read = await getThrough(kv, wiped, key);
    expect({ value: textOf(read.value), version: read.version }).toEqual({
      value: `eo-e-relearning-${version - 1}-1`,
      version,
    });
  }, 60_000);
});

describe('a wiped replica killed the moment it leaves learner-only', () => {
  it('comes back either still learner-only or holding every record it relearned', async () => {
    const cluster = getCluster();
    const { kv, control } = cluster;
    const wiped = 'n1';
    const keys = Array.from({ length: 20 }, (_, i) =>
      keyWhere(kv, `eo-e2-${i}`, (replicas) => replicas.includes(wiped)),
    );
    for (const key of keys) expect(await putMany(kv, kv.replicasOf(key)[0]!, key, 1, key)).toBe(1);
    // A stopped bystander keeps the relearning from finishing until the kill is armed.
    const bystander = cluster.nodeIds.find(
      (id) => datacenterOf(cluster, id) !== datacenterOf(cluster, wiped),
    )!;
    await cluster.stop(bystander);
    await cluster.kill(wiped);
    await cluster.start(wiped, { wipe: true });
    const pid = cluster.cluster.agent(wiped).pid!;
    let killedMs = 0;
    const watch = control.get(wiped)!.watch(0, (event) => {
      if (event.type !== 'learnerOnly' || event.on || killedMs > 0) return;
      process.kill(pid, 'SIGKILL');
      killedMs = Date.now();
    });
    try {
      await cluster.cont(bystander);
      await waitUntil('the relearned agent killed', () => killedMs > 0, 30_000);
    } finally {
      watch.cancel();
    }
    await cluster.cluster.agent(wiped).exited;

    await cluster.start(wiped);
    const learnerOnly = (await control.get(wiped)!.status()).learnerOnly;
    if (!learnerOnly) {
      // Not relearning again: then everything it relearned must be on its disk already.
      for (const key of keys) {
        expect(localState(await control.get(wiped)!.inspectKey(key)).version, `${key} on ${wiped}`).toBe(1);
      }
    }
    await cluster.cluster.agent(wiped).waitUntilReady(30_000, true);
    for (const key of keys) expect((await getThrough(kv, wiped, key)).version, key).toBe(1);
  }, 60_000);
});
