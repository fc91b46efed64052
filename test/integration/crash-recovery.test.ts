/**
 * Crash safety with real processes: SIGKILL the agent holding each role of a key while writes and
 * reads run, restart it on the same disk, and check that no acknowledged write is lost, no read is
 * stale and the restarted agent catches up. Then wipe a replica's disk: it must come back
 * learner-only, refusing to vote and to serve until it has relearned, then serve the latest value.
 */
import { status } from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createControlClient, probeHealth } from '../../node-agent/launcher/health-probe';
import { callUnary } from '../../node-agent/transport/unary-call';
import { failureOf, getThrough, putThrough, textOf } from '../support/kv-expect';
import { startTestCluster, type TestCluster } from '../support/test-cluster';
import { valueNumber, WriteLoad } from '../support/write-load';

let test: TestCluster;

beforeAll(async () => {
  test = await startTestCluster('crash');
}, 60_000);

const running = () => [...test.cluster.agents.values()].filter((agent) => agent.running).map((a) => a.nodeId);

describe('kill -9 during a write load', () => {
  let load: WriteLoad;
  const key = 'balance';

  afterAll(() => load?.stop());

  it('loses no acknowledged write and serves no stale read while each role is killed and restarted', async () => {
    load = new WriteLoad(test.kv, [key, 'audit', 'ledger'], running);
    await load.moreAcks(10, 10_000);
    for (const victim of test.kv.replicasOf(key)) {
      await test.cluster.agent(victim).kill();
      await load.moreAcks(10, 10_000);
      await test.cluster.start(victim);
      await load.moreAcks(10, 10_000);
      // The restarted replica catches up: a read through it sees at least the last acknowledged write.
      const history = load.histories[0]!;
      const ackedN = history.lastAcked!.n;
      const read = await getThrough(test.kv, victim, key);
      expect(valueNumber(read.value)).toBeGreaterThanOrEqual(ackedN);
    }
    await load.stop();
    for (const history of load.histories) {
      expect(history.violations, history.key).toEqual([]);
      expect(history.acked).toBeGreaterThan(0);
      for (const nodeId of test.cluster.nodes.map((node) => node.id)) {
        const read = await getThrough(test.kv, nodeId, history.key);
        expect(valueNumber(read.value), `${history.key} through ${nodeId}`).toBeGreaterThanOrEqual(
          history.lastAcked!.n,
        );
        expect(read.version).toBeGreaterThanOrEqual(history.lastAcked!.version);
      }
    }
  }, 60_000);
});

describe('a wiped disk', () => {
  it('comes back learner-only: no votes, no service until relearned, then the latest value', async () => {
    const key = 'wiped-key';
    const [roleA, wiped] = test.kv.replicasOf(key) as [string, string, string];
    // A group member outside the key's replicas, stopped so the relearning scan cannot finish yet.
    const bystander = test.cluster.nodes
      .map((node) => node.id)
      .find((id) => !test.kv.replicasOf(key).includes(id))!;
    await putThrough(test.kv, roleA, key, 'before the wipe', 'wipe-1');
    await test.cluster.agent(bystander).stop();
    await test.cluster.restart(wiped, { wipe: true });

    const control = createControlClient(test.cluster.address(wiped));
    try {
      expect(await probeHealth(control, 2000)).toMatchObject({
        serving: false,
        reason: expect.stringContaining('learner-only'),
      });
      expect(await callUnary(control.getStatus.bind(control), {}, { timeoutMs: 2000 })).toMatchObject({
        learnerOnly: true,
      });
      const refused = await failureOf(test.kv, wiped, { kind: 'get', key });
      expect(refused).toMatchObject({ grpcCode: status.FAILED_PRECONDITION, coreCode: 'LEARNER_ONLY' });
      // Writes go on with the other two replicas; the wiped one refuses to vote on them. A vote request
      // sent while a peer's link to the restarted node is still coming up is lost, so write a few times.
      const refusal = test.cluster
        .agent(wiped)
        .waitForLine(/refused input from \w+: type: learner-only/, 10_000);
      let voteRefused = false;
      void refusal.then(() => (voteRefused = true));
      for (let i = 0; i < 10 && !voteRefused; i += 1) {
        await putThrough(test.kv, roleA, key, 'while relearning', `wipe-2-${i}`);
      }
      await refusal;

      await test.cluster.start(bystander);
      await test.cluster.agent(wiped).waitUntilReady(15_000, true);
      expect(await callUnary(control.getStatus.bind(control), {}, { timeoutMs: 2000 })).toMatchObject({
        learnerOnly: false,
      });
    } finally {
      control.close();
    }
    expect(textOf((await getThrough(test.kv, wiped, key)).value)).toBe('while relearning');
    // Relearning is durable: a plain restart does not go back to learner-only.
    await test.cluster.restart(wiped);
    await test.cluster.agent(wiped).waitUntilReady(5000, true);
  }, 60_000);
});
