/**
 * Issue 11 (b): a write R sent to one of the key's replicas while that replica is SIGSTOPped waits in
 * the kernel's buffers. The client gives up at R's deadline and retries R on another replica, which
 * applies it, and the key moves 30 entries on without the stopped replica. When it resumes, far
 * behind and holding a stale copy of R, R must not be applied again: it stays at one entry and the
 * key ends at 1 + 1 + 30. Both orders: the retry before the 30 writes (R's entry is buried when the
 * replica catches up) and after them (R's entry is the newest it learns).
 */
import { describe, expect, it } from 'vitest';
import { useAgentCluster } from '../../support/agent-cluster';
import { bytes } from '../../support/kv-expect';
import { putMany, versionThrough, writeAt } from '../../support/kv-attempt';
import { waitUntilPast } from '../../support/wait';

const getCluster = useAgentCluster('eo-stopped-replica');

/** R's only deadline: short, so the attempt at the stopped replica ends well inside the test. */
const attemptMs = 1500;
/** How far the key moves while the replica stands still. */
const writesWhileStopped = 30;

async function staleCopyAfter(key: string, retryFirst: boolean): Promise<void> {
  const { kv, events, stop, cont } = getCluster();
  const [stopped, other] = kv.replicasOf(key) as [string, string, string];
  // Through the replica to be stopped, so the client's channel to it is up before it stops.
  expect(await putMany(kv, stopped, key, 1, `${key}-first`)).toBe(1);

  const r = { requestId: `${key}-R`, operation: { kind: 'put', key, value: bytes('R') } } as const;
  await stop(stopped);
  const stale = await writeAt(kv, stopped, r, attemptMs);
  expect(stale.ok ? 'answered' : stale.failure.grpcCode, 'the stopped replica cannot answer').toBe(4);
  const retry = async (expected: number) => {
    const answer = await writeAt(kv, other, r, 10_000);
    expect(answer.ok && answer.reply.version, JSON.stringify(answer)).toBe(expected);
  };
  if (retryFirst) await retry(2);
  await putMany(kv, other, key, writesWhileStopped, `${key}-while-stopped`);
  if (!retryFirst) await retry(writesWhileStopped + 2);

  await cont(stopped);
  // Even an agent that ignored the request's own deadline would restart gRPC's relative one when it
  // reads the call, so the stale copy could act until attemptMs after the resume, no later.
  await waitUntilPast(Date.now() + attemptMs + 1000);
  const finalVersion = writesWhileStopped + 2;
  const applied = () => JSON.stringify(events.chosen(key, r.requestId));
  // A Paxos read finishes any entry still pending, so a late second apply would show in the version.
  expect(await versionThrough(kv, other, key), applied()).toBe(finalVersion);
  expect(await versionThrough(kv, stopped, key), applied()).toBe(finalVersion);
  expect(events.chosen(key, r.requestId)).toHaveLength(1);
}

describe('a write queued in a SIGSTOPped replica', () => {
  it('is not applied again when the replica resumes after the retry and 30 newer writes', async () => {
    await staleCopyAfter('eo-b-buried', true);
  }, 60_000);

  it('is not applied again when the replica resumes after 30 writes and then the retry', async () => {
    await staleCopyAfter('eo-b-newest', false);
  }, 60_000);
});
