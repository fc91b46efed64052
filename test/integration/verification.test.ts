/**
 * Full-data verification on six real agents (docs/data-verification.md): over a clean run no agent
 * reports anything but quiet passes; a byte flipped on one replica's disk (the --corrupt fault) is
 * found by that replica's verifier within the bound its status states, and rewritten with the
 * majority's value, after which the three stored copies agree again.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { ClusterEvent } from '../../app/model/cluster-event';
import { PeerChecksums } from '../../node-agent/process/verification/peer-checksums';
import { EventRecorder } from './events/event-recorder';
import { useControlCluster } from './events/control-cluster';

const testCluster = useControlCluster('verification');
let recorder: EventRecorder | null = null;
afterAll(() => recorder?.stop());

/** How long the clean run lasts at least; PAXOSCOPE_VERIFY_CLEAN_MS=60000 for the minute. */
const cleanRunMs = Number(process.env.PAXOSCOPE_VERIFY_CLEAN_MS ?? 0);

const keys = Array.from({ length: 12 }, (_, i) => `verify-${i}`);
const findings = (events: readonly ClusterEvent[]) =>
  events.filter((event) => event.type === 'verification' && event.outcome !== 'pass');

async function passesOf(node: string): Promise<number> {
  return (await testCluster().control.get(node)!.status()).verification?.passes ?? 0;
}

/** Waits until every agent has completed `more` passes beyond where it stands now. */
async function everyAgentPasses(more: number, timeoutMs: number): Promise<void> {
  const { nodeIds } = testCluster();
  const start = await Promise.all(nodeIds.map(passesOf));
  const deadlineMs = Date.now() + timeoutMs;
  while (Date.now() < deadlineMs) {
    const now = await Promise.all(nodeIds.map(passesOf));
    if (now.every((passes, i) => passes >= start[i]! + more)) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`not every agent made ${more} passes within ${timeoutMs} ms`);
}

async function putPersistently(put: () => Promise<number>, attempts = 4): Promise<number> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await put();
    } catch (error) {
      if (attempt >= attempts) throw error;
    }
  }
}

describe('full-data verification', () => {
  it(
    'reports nothing on a clean cluster under writes, and compares every key',
    async () => {
      const { control, nodeIds, putThrough, kv } = testCluster();
      recorder = new EventRecorder(control);
      const startedMs = Date.now();
      // A write right after the agents start may outlive its deadline on a loaded machine (peer links
      // still coming up): the first value of every key must land, so each is tried again, as a client would.
      for (const key of keys)
        await putPersistently(() => putThrough(kv.replicasOf(key)[0]!, key, `hello ${key}`));
      // Writes go on while the verifiers compare, so copies move between a disk read and a peer's answer.
      let writing = true;
      let writes = 0;
      const writer = (async () => {
        while (writing) {
          const key = keys[writes % keys.length]!;
          if (key !== keys[3])
            await putThrough(kv.replicasOf(key)[writes % 3]!, key, `v${writes}`).catch(() => 0);
          writes += 1;
        }
      })();
      await everyAgentPasses(3, 20_000);
      while (Date.now() - startedMs < cleanRunMs) await everyAgentPasses(1, 20_000);
      writing = false;
      await writer;
      console.log(`clean run: ${Date.now() - startedMs} ms, ${writes} writes during it`);
      expect(writes).toBeGreaterThan(0);
      expect(findings(recorder.all())).toEqual([]);
      // Each agent's pass reports how many key ranges agreed at once, with no key sent one by one.
      const agreed = recorder
        .all()
        .filter((event) => event.type === 'verification' && event.outcome === 'pass')
        .map((event) =>
          Number(
            /(\d+) of \d+ key ranges agreed/.exec(event.type === 'verification' ? event.detail : '')?.[1] ??
              0,
          ),
        );
      expect(agreed.reduce((total, count) => total + count, 0)).toBeGreaterThan(0);
      const statuses = await Promise.all(nodeIds.map((node) => control.get(node)!.status()));
      for (const status of statuses) {
        expect(status.verification).toMatchObject({ divergences: 0, repairs: 0, keysPerSecond: 20 });
        expect(status.verification!.keysVerified).toBeGreaterThan(0);
        expect(status.verification!.lastVerifiedUnixMs).toBeGreaterThan(Date.now() - 10_000);
      }
    },
    30_000 + cleanRunMs,
  );

  it('finds a corrupted copy within its bound and relearns it from a quorum', async () => {
    const { control, kv, token, cluster } = testCluster();
    const key = keys[3]!;
    const replicas = kv.replicasOf(key);
    const victim = replicas[2]!;
    const bound = (await control.get(victim)!.status()).verification!.detectionBoundMs;
    const startedMs = Date.now();
    const corrupted = await control.get(victim)!.corruptKey(key);
    expect(corrupted.after).toBe(corrupted.before ^ 0x20);
    const repaired = await recorder!.waitFor(
      `verification repaired ${key} on ${victim}`,
      (event) => event.type === 'verification' && event.outcome === 'repaired' && event.key === key,
      bound + 5_000,
    );
    const elapsedMs = repaired.timeMs - startedMs;
    console.log(`corrupt copy of ${key} on ${victim} repaired after ${elapsedMs} ms (bound ${bound} ms)`);
    expect(repaired.agent).toBe(victim);
    expect(repaired).toMatchObject({ wrong: [victim] });
    expect(elapsedMs).toBeLessThanOrEqual(bound);
    const applied = recorder!.of(victim).find((event) => event.type === 'faultApplied' && event.key === key);
    expect(applied).toBeDefined();
    // The three stored copies agree again, as the replicas' own disks say.
    const checksums = await Promise.all(
      replicas.map(async (node) => {
        const client = new PeerChecksums(node, cluster.address(node), token, 2000);
        try {
          return (await client.compare('test', [key])).get(key);
        } finally {
          client.close();
        }
      }),
    );
    expect(checksums.every((copy) => copy?.kind === 'checksum')).toBe(true);
    expect(new Set(checksums.map((copy) => (copy?.kind === 'checksum' ? copy.digest : '')))).toHaveLength(1);
    expect((await control.get(victim)!.status()).verification!.repairs).toBe(1);
    // Nothing else was found wrong: only this key's copy on this replica.
    for (const finding of findings(recorder!.all())) {
      expect(finding).toMatchObject({ key, wrong: [victim] });
    }
  }, 30_000);

  it('relearns a wrong value the running core loaded from its corrupt disk, so reads through it are right', async () => {
    const { control, kv, cluster } = testCluster();
    const key = keys[5]!;
    const [other, victim] = kv.replicasOf(key) as [string, string, string];
    const get = { kind: 'get', key } as const;
    const value = (await kv.callNode(other, get, { requestId: 'verify-read-1' })).value;
    await control.get(victim)!.corruptKey(key);
    // Restarted on the corrupt disk, its core holds "Hello …" as the chosen value: a rewrite of the
    // disk from the core would write the damage back, and a local read would serve it.
    await cluster.restart(victim);
    const client = control.get(victim)!;
    const bound = (await client.status()).verification!.detectionBoundMs;
    const startedMs = Date.now();
    let repairs = 0;
    while (repairs === 0 && Date.now() - startedMs < bound + 5_000) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      repairs = (await client.status()).verification!.repairs;
    }
    console.log(
      `core-held wrong copy of ${key} on ${victim} relearned after ${Date.now() - startedMs} ms (bound ${bound} ms)`,
    );
    // The agent's counters start again with the process.
    expect(repairs).toBe(1);
    expect(Date.now() - startedMs).toBeLessThanOrEqual(bound + 1_000);
    const read = await kv.callNode(victim, get, { requestId: 'verify-read-2' });
    expect(read.value).not.toBeNull();
    expect(new TextDecoder().decode(read.value!)).toBe(new TextDecoder().decode(value!));
  }, 40_000);

  it('refuses to corrupt a key the agent holds no record of, naming the field', async () => {
    const { control, nodeIds } = testCluster();
    await expect(control.get(nodeIds[0]!)!.corruptKey('never-written')).rejects.toThrow(/key: has no record/);
  });
});
