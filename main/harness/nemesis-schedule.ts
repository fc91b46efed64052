/**
 * The nemesis plan: a seeded, deterministic list of faults with start and end times, drawn on two
 * lanes that run side by side. The node lane (kill -9 + restart, wipe-and-restart, pause, SIGSTOP) touches one
 * node at a time, so at most one replica of any key is ever down or without its disk; after a wipe it
 * leaves `relearnMs` before the next node fault, and the runner also waits until the wiped node has
 * relearned. The network lane (datacenter partition, one-way cut, link delay) has one fault at a time,
 * because a heal clears every partition and link rule at once.
 */
import { createPrng, nextFloat, nextInt, type PrngState } from '../../app/util/prng';

import {
  faultKinds,
  networkFaultKinds,
  nodeFaultKinds,
  type FaultKind,
  type NodeFaultKind,
} from '../../app/contract/checker-vocabulary';

export { faultKinds, networkFaultKinds, nodeFaultKinds };
export type { FaultKind, NetworkFaultKind, NodeFaultKind } from '../../app/contract/checker-vocabulary';

/** One planned fault; times are ms from the start of the workload. */
export type PlannedFault = {
  /** "f1", "f2"… in start order. */
  id: string;
  startMs: number;
  endMs: number;
} & (
  | { kind: NodeFaultKind; node: string }
  | { kind: 'partition'; datacenter: string; sides: [string[], string[]] }
  | { kind: 'cut'; from: string; to: string }
  | { kind: 'delay'; node: string; delayMs: number; jitterMs: number; duplicateProbability: number }
);

export interface ScheduleNode {
  id: string;
  datacenterId: string;
}

export interface ScheduleOptions {
  seed: number;
  /** The workload's length; every fault ends `tailMs` before it. */
  durationMs: number;
  kinds: readonly FaultKind[];
  nodes: readonly ScheduleNode[];
  /** Healthy time at the start, so the workload writes before the first fault. */
  warmupMs?: number;
  /** Healthy time at the end, so the workload sees the healed cluster. */
  tailMs?: number;
  faultMsMin?: number;
  faultMsMax?: number;
  gapMsMin?: number;
  gapMsMax?: number;
  /** Healthy time left after a wipe before the next node fault, for the wiped node to relearn. */
  relearnMs?: number;
}

const defaults = {
  warmupMs: 2000,
  tailMs: 3000,
  faultMsMin: 2000,
  faultMsMax: 5000,
  gapMsMin: 1500,
  gapMsMax: 3500,
  relearnMs: 4000,
};

export function planNemesis(options: ScheduleOptions): PlannedFault[] {
  const settings = { ...defaults, ...options };
  if (settings.nodes.length < 2) throw new RangeError('nodes: a nemesis needs at least 2 nodes');
  const prng = createPrng(settings.seed);
  const nodeKinds = nodeFaultKinds.filter((kind) => settings.kinds.includes(kind));
  const networkKinds = networkFaultKinds.filter((kind) => settings.kinds.includes(kind));
  // The network lane starts half a fault later so the lanes' faults overlap in varied ways.
  const networkStartMs = settings.warmupMs + (settings.faultMsMin + settings.gapMsMin) / 2;
  const faults = [
    ...planLane(nodeKinds, settings.warmupMs, settings, prng),
    ...planLane(networkKinds, networkStartMs, settings, prng),
  ].sort((a, b) => a.startMs - b.startMs);
  return faults.map((fault, index) => ({ ...fault, id: `f${index + 1}` }));
}

type Settings = typeof defaults & ScheduleOptions;

/** Faults of one lane back to back: every kind once in a shuffled order first, then random kinds. */
function planLane(
  kinds: readonly FaultKind[],
  startMs: number,
  settings: Settings,
  prng: PrngState,
): PlannedFault[] {
  if (kinds.length === 0) return [];
  const order = shuffled(kinds, prng);
  const faults: PlannedFault[] = [];
  let atMs = startMs;
  const lastEndMs = settings.durationMs - settings.tailMs;
  while (true) {
    const kind = order[faults.length] ?? kinds[nextInt(prng, 0, kinds.length - 1)]!;
    const endMs = atMs + nextInt(prng, settings.faultMsMin, settings.faultMsMax);
    if (endMs > lastEndMs) return faults;
    faults.push({ ...faultTarget(kind, settings.nodes, prng), id: '', startMs: atMs, endMs });
    const gapMs = nextInt(prng, settings.gapMsMin, settings.gapMsMax);
    atMs = endMs + (kind === 'wipe' ? Math.max(gapMs, settings.relearnMs) : gapMs);
  }
}

type FaultTarget = PlannedFault extends infer Fault
  ? Fault extends PlannedFault
    ? Omit<Fault, 'id' | 'startMs' | 'endMs'>
    : never
  : never;

function faultTarget(kind: FaultKind, nodes: readonly ScheduleNode[], prng: PrngState): FaultTarget {
  const node = pick(nodes, prng).id;
  switch (kind) {
    case 'kill':
    case 'wipe':
    case 'pause':
    case 'sigstop':
      return { kind, node };
    case 'partition': {
      const datacenter = pick(nodes, prng).datacenterId;
      const inside = nodes.filter((n) => n.datacenterId === datacenter).map((n) => n.id);
      const outside = nodes.filter((n) => n.datacenterId !== datacenter).map((n) => n.id);
      return { kind, datacenter, sides: [inside, outside] };
    }
    case 'cut':
      return {
        kind,
        from: node,
        to: pick(
          nodes.filter((n) => n.id !== node),
          prng,
        ).id,
      };
    case 'delay':
      return {
        kind,
        node,
        delayMs: nextInt(prng, 50, 300),
        jitterMs: nextInt(prng, 0, 100),
        duplicateProbability: Math.round(nextFloat(prng) * 20) / 100,
      };
  }
}

function pick<T>(items: readonly T[], prng: PrngState): T {
  return items[nextInt(prng, 0, items.length - 1)]!;
}

function shuffled<T>(items: readonly T[], prng: PrngState): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i -= 1) {
    const j = nextInt(prng, 0, i);
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}

/** Parses "all", "none" or a comma list of fault kinds, naming the flag in its error. */
export function parseFaultKinds(text: string, flag = '--nemesis'): FaultKind[] {
  if (text === 'all') return [...faultKinds];
  if (text === 'none') return [];
  const kinds = text.split(',').map((part) => part.trim());
  for (const kind of kinds) {
    if (!(faultKinds as readonly string[]).includes(kind)) {
      throw new RangeError(
        `${flag}: unknown fault kind ${JSON.stringify(kind)}; use all, none or a comma list of ${faultKinds.join(', ')}`,
      );
    }
  }
  return [...new Set(kinds as FaultKind[])];
}
