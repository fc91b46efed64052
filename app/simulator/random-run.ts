/**
 * A whole random run from one seed: cluster options (sometimes a small dedup window), a client
 * workload with retries and a nemesis over a chaos phase, then heal, settle, and read every key
 * through each of its replicas. The result is an ordinary exported run, so the seed alone replays it,
 * in a sweep, the CLI or the classroom's auto mode.
 */
import { defaultTopology, placementGroups } from '../model/topology';
import { placeKey } from '../paxos';
import type { ProtocolName } from '../protocol/protocol';
import { createPrng, nextFloat, nextInt } from '../util/prng';
import type { SimInput, SimOptionsInput } from './inputs';
import { randomFaults } from './random-faults';
import { randomRetries, retryInputs } from './random-retries';
import { randomWorkload, workloadInputs, type TimedInput } from './random-workload';
import type { RunExport } from './run-export';

/** Time after the chaos phase (and after the final reads) for timeouts, retries and catch-up, in ms. */
export const settleMs = 1200;
const keyPool = ['k1', 'k2', 'k3', 'k4', 'k5', 'k6', 'k7', 'k8', 'k9'];

export interface RandomRun extends RunExport {
  /** When the chaos phase ends and the network heals. */
  chaosEndMs: number;
  /** The final reads start here, one per replica of each key. */
  finalReadsAtMs: number;
  keys: string[];
  /** Request ids each chosen value remembers, as the run's topology sets it. */
  dedupWindow: number;
}

function drawKeys(prng: ReturnType<typeof createPrng>): string[] {
  const pool = [...keyPool];
  const count = nextInt(prng, 2, 4);
  return Array.from({ length: count }, () => pool.splice(nextInt(prng, 0, pool.length - 1), 1)[0]!);
}

/**
 * Inputs in time order (a stable sort keeps the order of inputs at the same moment), with an advance
 * before each new moment and a final advance to `endMs`. Retries name requests by the ids the
 * simulation will give them, so the numbering is checked here: a generator bug must not silently
 * retry the wrong request.
 */
function sequence(timed: TimedInput[], endMs: number): SimInput[] {
  const ordered = [...timed].sort((a, b) => a.atMs - b.atMs);
  const inputs: SimInput[] = [];
  let nowMs = 0;
  let requests = 0;
  for (const { atMs, input, requestId } of ordered) {
    if (atMs > nowMs) inputs.push({ kind: 'advance', toMs: atMs });
    nowMs = Math.max(nowMs, atMs);
    if (input.kind === 'client') requests += 1;
    if (requestId !== undefined && requestId !== `c${requests}`) {
      throw new Error(`random run: request ${requestId} would be numbered c${requests}`);
    }
    inputs.push(input);
  }
  inputs.push({ kind: 'advance', toMs: endMs });
  return inputs;
}

/** Mostly the default window; now and then a small one, so retries and waits reach its edge. */
function drawDedupWindow(prng: ReturnType<typeof createPrng>, defaultWindow: number): number {
  return nextFloat(prng) < 0.3 ? nextInt(prng, 1, 12) : defaultWindow;
}

/** The same seed draws the same workload and faults whatever the protocol, so protocols compare on one schedule. */
export function randomRun(seed: number, protocol: ProtocolName = 'paxoskv'): RandomRun {
  const prng = createPrng(seed ^ 0x2545f491);
  const latencyMinMs = nextInt(prng, 1, 3);
  const topology = defaultTopology();
  const dedupWindow = drawDedupWindow(prng, topology.limits.dedupWindow);
  const options: SimOptionsInput = {
    tickIntervalMs: nextFloat(prng) < 0.25 ? 5 : 10,
    latencyMinMs,
    latencyMaxMs: latencyMinMs + nextInt(prng, 0, 8),
    fastPath: nextFloat(prng) < 0.9,
    // Left out for PaxosKV, so its exported runs read as they did before there were other protocols.
    ...(protocol === 'paxoskv' ? {} : { protocol }),
    ...(dedupWindow === topology.limits.dedupWindow
      ? {}
      : { topology: { ...topology, limits: { ...topology.limits, dedupWindow } } }),
  };
  const groups = placementGroups(topology);
  const keys = drawKeys(prng);
  const chaosEndMs = nextInt(prng, 1500, 3000);
  const ops = randomWorkload(prng, groups, {
    keys,
    operationCount: nextInt(prng, 15, 50),
    durationMs: chaosEndMs,
    strayProbability: 0.05,
    hotWrites: nextFloat(prng) < 0.2 ? nextInt(prng, 20, 90) : 0,
  });
  const faults = randomFaults(prng, groups, {
    keys,
    durationMs: chaosEndMs,
    gapMsMin: 40,
    gapMsMax: 300,
    doubleDownProbability: 0.15,
  });
  const finalReadsAtMs = chaosEndMs + settleMs;
  const finalReads: TimedInput[] = keys.flatMap((key) =>
    placeKey(groups, key).replicas.map((node) => ({
      atMs: finalReadsAtMs,
      input: { kind: 'client', node, op: { kind: 'get', key } },
    })),
  );
  const retries = randomRetries({ prng, groups, ops }, faults, dedupWindow);
  const heal: TimedInput = { atMs: chaosEndMs, input: { kind: 'fault', change: { kind: 'heal' } } };
  const timed = [...workloadInputs(ops), ...retryInputs(retries), ...faults, heal, ...finalReads];
  const inputs = sequence(timed, finalReadsAtMs + settleMs);
  // WPaxos runs half its seeds with F = 1 (quorums across two zones); drawn last, so every other draw
  // of a seed stays as it was.
  if (protocol === 'wpaxos' && nextFloat(prng) < 0.5) {
    options.topology = { ...(options.topology ?? topology), zoneFailures: 1 };
  }
  return { seed, options, inputs, chaosEndMs, finalReadsAtMs, keys, dedupWindow };
}
