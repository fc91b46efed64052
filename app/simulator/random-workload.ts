/**
 * A seeded client workload: puts, deletes, compare-and-sets and gets over a few keys, sent at random
 * moments through random nodes (mostly one of the key's replicas, sometimes a node that is not), each
 * with a deadline after which its caller has given up: some short (the request outlives its caller),
 * some long enough for a retry much later. Some runs add a burst of writes to one hot key, so that a
 * retry can come after many newer writes. A workload may also mix in queue and set operations
 * (randomStructureWorkload), which structure clients carry out while the run goes.
 */
import type { StructureOp } from '../kv/structures/structure-client';
import type { PlacementGroup } from '../paxos/types';
import { placeKey } from '../paxos';
import { nextFloat, nextInt, type PrngState } from '../util/prng';
import type { ClientOp, SimInput } from './inputs';

/** An input to apply at a moment of simulated time. */
export interface TimedInput {
  atMs: number;
  input: SimInput;
  /** For a new request: the id the simulation will give it (checked when the run is sequenced). */
  requestId?: string;
}

/** One request of the workload, before it becomes an input. */
export interface WorkloadOp {
  /** c1, c2, ...: the id the simulation gives it, since requests are numbered in time order. */
  requestId: string;
  atMs: number;
  node: string;
  op: ClientOp;
  deadlineMs: number;
}

export interface WorkloadShape {
  keys: string[];
  operationCount: number;
  /** Operations are sent uniformly in [0, durationMs). */
  durationMs: number;
  /** Chance that an operation goes to a node that does not hold the key. */
  strayProbability: number;
  /** Extra puts to the first key (0 for none), spread over the run. */
  hotWrites: number;
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

/**
 * How long the caller waits: a quarter give up within 100 ms (the request outlives its caller), a
 * quarter wait seconds (a retry long after still counts), the rest wait up to 1.5 s.
 */
function drawPatienceMs(prng: PrngState): number {
  const roll = nextFloat(prng);
  if (roll < 0.25) return nextInt(prng, 10, 100);
  if (roll < 0.75) return nextInt(prng, 100, 1500);
  return nextInt(prng, 1500, 4000);
}

/** The workload's requests in time order, named as the simulation will name them. */
export function randomWorkload(
  prng: PrngState,
  groups: PlacementGroup[],
  shape: WorkloadShape,
): WorkloadOp[] {
  const allNodes = groups.flatMap((group) => group.members);
  const drawTime = () => nextInt(prng, 0, shape.durationMs - 1);
  const moments = [
    ...Array.from({ length: shape.operationCount }, () => ({ atMs: drawTime(), hot: false })),
    ...Array.from({ length: shape.hotWrites }, () => ({ atMs: drawTime(), hot: true })),
  ].sort((a, b) => a.atMs - b.atMs);
  const writes = new Map<string, number>();
  return moments.map(({ atMs, hot }, i) => {
    const key = hot ? shape.keys[0]! : pick(prng, shape.keys);
    const replicas = placeKey(groups, key).replicas;
    const node = nextFloat(prng) < shape.strayProbability ? pick(prng, allNodes) : pick(prng, replicas);
    const valueName = `${key}-v${i + 1}`;
    const op: ClientOp = hot
      ? { kind: 'put', key, value: valueName }
      : drawOperation(prng, key, writes.get(key) ?? 0, valueName);
    if (op.kind !== 'get') writes.set(key, (writes.get(key) ?? 0) + 1);
    return { requestId: `c${i + 1}`, atMs, node, op, deadlineMs: atMs + drawPatienceMs(prng) };
  });
}

/** The requests as client inputs. */
export function workloadInputs(ops: readonly WorkloadOp[]): TimedInput[] {
  return ops.map(({ requestId, atMs, node, op, deadlineMs }) => ({
    atMs,
    requestId,
    input: { kind: 'client', node, op, deadlineMs },
  }));
}

/**
 * A queue or set operation of the workload. It is not one request: at run time a structure client
 * (app/kv/structures/structure-client.ts) carries it out as reads and compare-and-sets of the
 * structure's keys, so it needs the replies and cannot be drawn as inputs in advance.
 */
export interface StructureWorkloadOp {
  /** s1, s2, ...: the operation's name in the structure history (its tag derives from it). */
  id: string;
  atMs: number;
  op: StructureOp;
}

export interface StructureWorkloadShape {
  queue: string;
  set: string;
  operationCount: number;
  /** Operations start uniformly in [0, durationMs). */
  durationMs: number;
  /** Set members are drawn from m1..mN, so adds and removes of one member meet. */
  memberCount: number;
}

/** Queue pushes and pops (about half) and set adds, removes and contains, in time order. */
export function randomStructureWorkload(
  prng: PrngState,
  shape: StructureWorkloadShape,
): StructureWorkloadOp[] {
  const moments = Array.from({ length: shape.operationCount }, () =>
    nextInt(prng, 0, shape.durationMs - 1),
  ).sort((a, b) => a - b);
  return moments.map((atMs, i) => {
    const id = `s${i + 1}`;
    const roll = nextFloat(prng);
    const member = `m${nextInt(prng, 1, shape.memberCount)}`;
    const { queue, set } = shape;
    const op: StructureOp =
      roll < 0.3
        ? { kind: 'push', queue, element: `e${i + 1}` }
        : roll < 0.55
          ? { kind: 'pop', queue }
          : roll < 0.75
            ? { kind: 'add', set, member }
            : roll < 0.9
              ? { kind: 'remove', set, member }
              : { kind: 'contains', set, member };
    return { id, atMs, op };
  });
}
