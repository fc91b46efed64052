/**
 * A seeded nemesis: lossy, slow and duplicating links, partitions (by datacenter or at random, two-way
 * or one-way), one-way cuts, pauses, crashes (some right after or just before a persist) with restarts,
 * and the odd wiped disk, sometimes crashed again while it relearns. It keeps at most one replica of
 * any key down at a time, except that now and then it allows two, and it brings every node back before
 * the run settles.
 */
import type { PlacementGroup } from '../paxos/types';
import { placeKey } from '../paxos';
import { nextFloat, nextInt, type PrngState } from '../util/prng';
import { pick, type TimedInput } from './random-workload';

export interface NemesisShape {
  keys: string[];
  /** Faults start in [0, durationMs); every node is back up and resumed by durationMs. */
  durationMs: number;
  /** Time between two fault actions, uniform in [gapMsMin, gapMsMax]. */
  gapMsMin: number;
  gapMsMax: number;
  /** Chance that a crash may take down a second replica of some key. */
  doubleDownProbability: number;
}

interface Outage {
  node: string;
  fromMs: number;
  toMs: number;
}

interface Context {
  prng: PrngState;
  shape: NemesisShape;
  nodes: string[];
  /** Nodes by datacenter position: member m of a group sits in datacenter m mod 3. */
  datacenters: string[][];
  replicaSets: string[][];
  outages: Outage[];
}

type Action = (ctx: Context, atMs: number) => TimedInput[];

function downDuring(ctx: Context, node: string, fromMs: number, toMs: number): boolean {
  return ctx.outages.some((outage) => outage.node === node && outage.fromMs < toMs && fromMs < outage.toMs);
}

/** Whether taking `node` down over [fromMs, toMs) keeps the outage limit for every key. */
function mayTakeDown(ctx: Context, node: string, fromMs: number, toMs: number): boolean {
  if (downDuring(ctx, node, fromMs, toMs)) return false;
  const limit = nextFloat(ctx.prng) < ctx.shape.doubleDownProbability ? 2 : 1;
  return ctx.replicaSets.every(
    (replicas) =>
      !replicas.includes(node) ||
      replicas.filter((peer) => downDuring(ctx, peer, fromMs, toMs)).length < limit,
  );
}

function outageEnd(ctx: Context, atMs: number, msMin: number, msMax: number): number {
  return Math.min(ctx.shape.durationMs, atMs + nextInt(ctx.prng, msMin, msMax));
}

const linkRule: Action = (ctx, atMs) => {
  const everywhere = nextFloat(ctx.prng) < 0.3;
  const from = everywhere ? '*' : pick(ctx.prng, ctx.nodes);
  const to = everywhere
    ? '*'
    : pick(
        ctx.prng,
        ctx.nodes.filter((node) => node !== from),
      );
  const rule = {
    from,
    to,
    dropProbability: Math.round(nextFloat(ctx.prng) * 40) / 100,
    delayMs: nextInt(ctx.prng, 0, 40),
    jitterMs: nextInt(ctx.prng, 0, 40),
    duplicateProbability: Math.round(nextFloat(ctx.prng) * 30) / 100,
  };
  return [{ atMs, input: { kind: 'fault', change: { kind: 'link', rule } } }];
};

const partition: Action = (ctx, atMs) => {
  const oneWay = nextFloat(ctx.prng) < 0.3;
  if (nextFloat(ctx.prng) < 0.5) {
    const lonely = nextInt(ctx.prng, 0, ctx.datacenters.length - 1);
    const rest = ctx.datacenters.filter((_, d) => d !== lonely).flat();
    return [
      {
        atMs,
        input: {
          kind: 'fault',
          change: { kind: 'partition', split: { sides: [ctx.datacenters[lonely]!, rest], oneWay } },
        },
      },
    ];
  }
  const sideOf = ctx.nodes.map(() => nextInt(ctx.prng, 0, 1));
  const sides = [0, 1].map((side) => ctx.nodes.filter((_, n) => sideOf[n] === side));
  if (sides.some((side) => side.length === 0)) return [];
  return [{ atMs, input: { kind: 'fault', change: { kind: 'partition', split: { sides, oneWay } } } }];
};

const cut: Action = (ctx, atMs) => {
  const from = pick(ctx.prng, ctx.nodes);
  const to = pick(
    ctx.prng,
    ctx.nodes.filter((node) => node !== from),
  );
  return [{ atMs, input: { kind: 'fault', change: { kind: 'cut', from, to } } }];
};

const heal: Action = (_ctx, atMs) => [{ atMs, input: { kind: 'fault', change: { kind: 'heal' } } }];

/**
 * Where a crash strikes: now, or with chance `atWrite` at the node's next write, half of those right
 * after it (before the sends) and half just before it (after the messages that may leave first).
 */
function crashPoint(ctx: Context, atWrite: number): 'now' | 'afterPersist' | 'beforePersist' {
  const roll = nextFloat(ctx.prng);
  if (roll >= atWrite) return 'now';
  return roll < atWrite / 2 ? 'afterPersist' : 'beforePersist';
}

const crash: Action = (ctx, atMs) => {
  const node = pick(ctx.prng, ctx.nodes);
  const untilMs = outageEnd(ctx, atMs, 20, 800);
  if (!mayTakeDown(ctx, node, atMs, untilMs + 1)) return [];
  ctx.outages.push({ node, fromMs: atMs, toMs: untilMs + 1 });
  const point = crashPoint(ctx, 0.4);
  return [
    { atMs, input: { kind: 'crash', node, point } },
    { atMs: untilMs, input: { kind: 'restart', node } },
  ];
};

const pause: Action = (ctx, atMs) => {
  const node = pick(ctx.prng, ctx.nodes);
  const untilMs = outageEnd(ctx, atMs, 10, 400);
  if (downDuring(ctx, node, atMs, untilMs + 1)) return [];
  ctx.outages.push({ node, fromMs: atMs, toMs: untilMs + 1 });
  return [
    { atMs, input: { kind: 'fault', change: { kind: 'pause', node } } },
    { atMs: untilMs, input: { kind: 'fault', change: { kind: 'resume', node } } },
  ];
};

/**
 * A wiped node relearns before it votes; count it as down for a while so outages stay bounded. Half
 * the time it also crashes while relearning (now, or right after its next write, which may be the
 * relearned records or the write that ends learner-only) and restarts, once or twice.
 */
const wipe: Action = (ctx, atMs) => {
  const node = pick(ctx.prng, ctx.nodes);
  const relearnMs = outageEnd(ctx, atMs, 300, 600);
  if (!mayTakeDown(ctx, node, atMs, relearnMs + 1)) return [];
  ctx.outages.push({ node, fromMs: atMs, toMs: relearnMs + 1 });
  const inputs: TimedInput[] = [{ atMs, input: { kind: 'wipe', node } }];
  let upAtMs = atMs;
  for (let crashes = 0; crashes < 2 && nextFloat(ctx.prng) < 0.5; crashes += 1) {
    const crashAtMs = upAtMs + nextInt(ctx.prng, 1, 40);
    const restartAtMs = crashAtMs + nextInt(ctx.prng, 5, 150);
    if (restartAtMs >= relearnMs) break;
    const point = crashPoint(ctx, 0.4);
    inputs.push(
      { atMs: crashAtMs, input: { kind: 'crash', node, point } },
      { atMs: restartAtMs, input: { kind: 'restart', node } },
    );
    upAtMs = restartAtMs;
  }
  return inputs;
};

const weightedActions: [number, Action][] = [
  [20, linkRule],
  [10, partition],
  [8, cut],
  [15, heal],
  [22, crash],
  [8, pause],
  [3, wipe],
];
const calmWeight = 14;

function drawAction(prng: PrngState): Action | null {
  const total = weightedActions.reduce((sum, [weight]) => sum + weight, calmWeight);
  let roll = nextFloat(prng) * total;
  for (const [weight, action] of weightedActions) {
    if (roll < weight) return action;
    roll -= weight;
  }
  return null;
}

/** Fault inputs (not necessarily in time order; the caller sorts). */
export function randomFaults(prng: PrngState, groups: PlacementGroup[], shape: NemesisShape): TimedInput[] {
  const nodes = groups.flatMap((group) => group.members);
  const ctx: Context = {
    prng,
    shape,
    nodes,
    datacenters: [0, 1, 2].map((d) => groups.flatMap((group) => group.members.filter((_, m) => m % 3 === d))),
    replicaSets: shape.keys.map((key) => placeKey(groups, key).replicas),
    outages: [],
  };
  const inputs: TimedInput[] = [];
  for (let atMs = nextInt(prng, shape.gapMsMin, shape.gapMsMax); atMs < shape.durationMs;) {
    inputs.push(...(drawAction(prng)?.(ctx, atMs) ?? []));
    atMs += nextInt(prng, shape.gapMsMin, shape.gapMsMax);
  }
  return inputs;
}
