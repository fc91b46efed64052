import { describe, expect, it } from 'vitest';
import { defaultTopology, placementGroups } from '../../app/model/topology';
import { placeKey } from '../../app/paxos';
import type { SimInput } from '../../app/simulator/inputs';
import { randomRun, type RandomRun } from '../../app/simulator/random-run';

const groups = placementGroups(defaultTopology());

interface Sent {
  node: string;
  key: string;
  write: boolean;
  atMs: number;
}

/** The run's inputs with the simulated time each is applied at. */
function timed(run: RandomRun): { atMs: number; input: SimInput }[] {
  let atMs = 0;
  return run.inputs.map((input) => {
    if (input.kind === 'advance') atMs = input.toMs;
    return { atMs, input };
  });
}

/** What kinds of retry and fault the first seeds produce, counted over all of them. */
function survey(seeds: number) {
  const seen = { otherReplica: 0, sameNode: 0, afterCrash: 0, afterManyWrites: 0, deadlines: 0 };
  const faults = { smallWindow: 0, crashWhileRelearning: 0 };
  for (let seed = 1; seed <= seeds; seed += 1) {
    const run = randomRun(seed);
    if (run.dedupWindow < 64) faults.smallWindow += 1;
    const requests = new Map<string, Sent>();
    const crashedAt = new Map<string, number>();
    const wipedAt = new Map<string, number>();
    for (const { atMs, input } of timed(run)) {
      if (input.kind === 'client') {
        const key = input.op.key;
        requests.set(`c${requests.size + 1}`, {
          node: input.node,
          key,
          write: input.op.kind !== 'get',
          atMs,
        });
        if (input.deadlineMs !== undefined) seen.deadlines += 1;
      }
      if (input.kind === 'crash') {
        crashedAt.set(input.node, atMs);
        if (atMs - (wipedAt.get(input.node) ?? -Infinity) < 200) faults.crashWhileRelearning += 1;
      }
      if (input.kind === 'wipe') wipedAt.set(input.node, atMs);
      if (input.kind !== 'retry') continue;
      const original = requests.get(input.of)!;
      if (input.node === original.node) seen.sameNode += 1;
      else if (placeKey(groups, original.key).replicas.includes(input.node)) seen.otherReplica += 1;
      if ((crashedAt.get(original.node) ?? -1) >= original.atMs) seen.afterCrash += 1;
      const newer = [...requests.values()].filter(
        (other) => other.key === original.key && other.write && other.atMs > original.atMs,
      );
      if (newer.length >= 20) seen.afterManyWrites += 1;
    }
  }
  return { seen, faults };
}

describe('random runs', () => {
  it('retry like real clients: other replicas, the same node, after a crash, after many newer writes', () => {
    const { seen, faults } = survey(60);
    for (const [kind, count] of Object.entries({ ...seen, ...faults })) {
      expect(count, kind).toBeGreaterThan(0);
    }
  });

  it('name every retried request as the simulation will, so a replay retries the intended request', () => {
    for (let seed = 1; seed <= 20; seed += 1) {
      const run = randomRun(seed);
      const ops = new Map<string, unknown>();
      for (const input of run.inputs) {
        if (input.kind === 'client') ops.set(`c${ops.size + 1}`, input.op);
        if (input.kind === 'retry') expect(ops.has(input.of), `seed ${seed} ${input.of}`).toBe(true);
      }
    }
  });
});
