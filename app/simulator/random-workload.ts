/**
 * A seeded client workload: puts, deletes, compare-and-sets and gets over a few keys, sent at random
 * moments through random nodes (mostly one of the key's replicas, sometimes a node that is not).
 */
import type { PlacementGroup } from '../paxos/types';
import { placeKey } from '../paxos';
import { nextFloat, nextInt, type PrngState } from '../util/prng';
import type { ClientOp, SimInput } from './inputs';

/** An input to apply at a moment of simulated time. */
export interface TimedInput {
  atMs: number;
  input: SimInput;
}

export interface WorkloadShape {
  keys: string[];
  operationCount: number;
  /** Operations are sent uniformly in [0, durationMs). */
  durationMs: number;
  /** Chance that an operation goes to a node that does not hold the key. */
  strayProbability: number;
}

export function pick<T>(prng: PrngState, items: readonly T[]): T {
  return items[nextInt(prng, 0, items.length - 1)]!;
}

function drawOperation(prng: PrngState, key: string, writesSoFar: number, valueName: string): ClientOp {
  const roll = nextFloat(prng);
  if (roll < 0.35) return { kind: 'get', key };
  if (roll < 0.7) return { kind: 'put', key, value: valueName };
  if (roll < 0.85) return { kind: 'delete', key };
  // Aim near the versions the key may have reached, so some compare-and-sets win and some conflict.
  const expectedVersion = nextInt(prng, Math.max(0, writesSoFar - 2), writesSoFar);
  return { kind: 'cas', key, value: valueName, expectedVersion };
}

/** Client inputs in time order. */
export function randomWorkload(
  prng: PrngState,
  groups: PlacementGroup[],
  shape: WorkloadShape,
): TimedInput[] {
  const allNodes = groups.flatMap((group) => group.members);
  const times = Array.from({ length: shape.operationCount }, () => nextInt(prng, 0, shape.durationMs - 1));
  times.sort((a, b) => a - b);
  const writes = new Map<string, number>();
  return times.map((atMs, i) => {
    const key = pick(prng, shape.keys);
    const replicas = placeKey(groups, key).replicas;
    const node = nextFloat(prng) < shape.strayProbability ? pick(prng, allNodes) : pick(prng, replicas);
    const op = drawOperation(prng, key, writes.get(key) ?? 0, `${key}-v${i + 1}`);
    if (op.kind !== 'get') writes.set(key, (writes.get(key) ?? 0) + 1);
    return { atMs, input: { kind: 'client', node, op } };
  });
}
