/**
 * Issue 11 (d): the agent that got a write R (A, the key's role A) is killed with kill -9 once R is
 * chosen, before any other replica learns that: its accept to B is dropped at its fault gate, and so
 * is the CHOSEN it would send B. The key moves 20 entries on through C; then the client retries R on
 * B and then on C. Each retry must be answered as the original (path DEDUP, version 2) and add
 * nothing: the key stays at version 1 + 1 + 20, and R is chosen at one entry only.
 *
 * Two ways A dies: before it hears C's vote (R is chosen, A and C accepted it, nobody knows, no
 * client ever hears back), and after, with its CHOSEN to B dropped at the gate.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { FaultChangeInput } from '../../../app/model/fault-model';
import type { HeldMessage } from '../../../app/proto/generated/control';
import { useAgentCluster, type AgentCluster } from '../../support/agent-cluster';
import { bytes } from '../../support/kv-expect';
import { putMany, versionThrough, writeAt } from '../../support/kv-attempt';
import { waitUntil } from '../../support/wait';

const getCluster = useAgentCluster('eo-crashed-proposer');

const writesAfter = 20;

afterEach(() => getCluster().restartKilled());

async function applyAt(cluster: AgentCluster, nodeIds: readonly string[], change: FaultChangeInput) {
  await Promise.all(nodeIds.map((nodeId) => cluster.control.get(nodeId)!.applyFault(change)));
}

/** Waits until `nodeId`'s gate holds a message matching `fits`, and returns it. */
async function heldAt(
  cluster: AgentCluster,
  nodeId: string,
  what: string,
  fits: (message: HeldMessage) => boolean,
): Promise<HeldMessage> {
  let found: HeldMessage | undefined;
  await waitUntil(`${nodeId} holding ${what}`, async () => {
    found = (await cluster.control.get(nodeId)!.listHeld()).find(fits);
    return found !== undefined;
  });
  return found!;
}

async function crashAfterChosen(key: string, aHearsTheVote: boolean): Promise<void> {
  const cluster = getCluster();
  const { kv, events } = cluster;
  const [a, b, c] = kv.replicasOf(key) as [string, string, string];
  const live = cluster.nodeIds.filter((id) => id !== a);
  // A owns entry 1, so R goes out as a fast accept at entry 2: A's own vote plus C's choose it.
  expect(await putMany(kv, a, key, 1, `${key}-first`)).toBe(1);
  const r = { requestId: `${key}-R`, operation: { kind: 'put', key, value: bytes('R') } } as const;
  await applyAt(cluster, cluster.nodeIds, { kind: 'hold', link: { from: a, to: b } });
  await applyAt(cluster, cluster.nodeIds, { kind: 'hold', link: { from: c, to: a } });
  try {
    const original = writeAt(kv, a, r, 20_000);
    const accept = await heldAt(
      cluster,
      a,
      `its accept of ${key} to ${b}`,
      (m) => m.key === key && m.to === b,
    );
    expect(accept).toMatchObject({ type: 'fastAccept', index: 2 });
    const vote = await heldAt(cluster, c, `its vote on ${key} to ${a}`, (m) => m.key === key && m.to === a);
    expect(vote).toMatchObject({ type: 'fastAccepted', index: 2 });
    await cluster.control.get(a)!.releaseHeld(accept.id, 'drop');
    if (aHearsTheVote) {
      await cluster.control.get(c)!.releaseHeld(vote.id, 'deliver');
      const chosen = await heldAt(
        cluster,
        a,
        `its CHOSEN of ${key} to ${b}`,
        (m) => m.key === key && m.type === 'chosen',
      );
      await cluster.control.get(a)!.releaseHeld(chosen.id, 'drop');
    }
    await cluster.kill(a);
    const answer = await original;
    if (!aHearsTheVote) expect(answer.ok, 'A died before it could know R was chosen').toBe(false);
  } finally {
    await applyAt(cluster, live, { kind: 'unhold' });
    for (const message of await cluster.control.get(c)!.listHeld()) {
      await cluster.control.get(c)!.releaseHeld(message.id, 'drop');
    }
  }

  expect(await putMany(kv, c, key, writesAfter, `${key}-after`)).toBe(2 + writesAfter);
  for (const retryAt of [b, c]) {
    const retry = await writeAt(kv, retryAt, r, 10_000);
    const applied = JSON.stringify(events.chosen(key, r.requestId));
    expect(
      retry.ok && retry.reply,
      `retry at ${retryAt}: ${JSON.stringify(retry)}; R chosen at ${applied}`,
    ).toMatchObject({
      version: 2,
      index: 2,
      path: 'dedup',
    });
    expect(await versionThrough(kv, retryAt, key), applied).toBe(2 + writesAfter);
  }
  await cluster.start(a, { serving: true });
  expect(await versionThrough(kv, a, key)).toBe(2 + writesAfter);
  expect(events.chosen(key, r.requestId).map((at) => at.index)).toEqual([2]);
}

describe('a write chosen just before its proposer is killed', () => {
  it('is answered as the original by B and then C, never applied again (A never heard it was chosen)', async () => {
    await crashAfterChosen('eo-d-unheard', false);
  }, 60_000);

  it('is answered as the original by B and then C, never applied again (A’s CHOSEN to B dropped)', async () => {
    await crashAfterChosen('eo-d-dropped', true);
  }, 60_000);
});
