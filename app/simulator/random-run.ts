/**
 * A whole random run from one seed: cluster options, a client workload and a nemesis over a chaos
 * phase, then heal, settle, and read every key through each of its replicas. The result is an ordinary
 * exported run, so the seed alone replays it, in a sweep, the CLI or the classroom's auto mode.
 */
import { defaultTopology, placementGroups } from '../model/topology';
import { placeKey } from '../paxos';
import { createPrng, nextFloat, nextInt } from '../util/prng';
import type { SimInput, SimOptionsInput } from './inputs';
import { randomFaults } from './random-faults';
import { randomWorkload, type TimedInput } from './random-workload';
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
}

function drawKeys(prng: ReturnType<typeof createPrng>): string[] {
  const pool = [...keyPool];
  const count = nextInt(prng, 2, 4);
  return Array.from({ length: count }, () => pool.splice(nextInt(prng, 0, pool.length - 1), 1)[0]!);
}

/** Inputs in time order, with an advance before each new moment and a final advance to `endMs`. */
function sequence(timed: TimedInput[], endMs: number): SimInput[] {
  const ordered = [...timed].sort((a, b) => a.atMs - b.atMs);
  const inputs: SimInput[] = [];
  let nowMs = 0;
  for (const { atMs, input } of ordered) {
    if (atMs > nowMs) inputs.push({ kind: 'advance', toMs: atMs });
    nowMs = Math.max(nowMs, atMs);
    inputs.push(input);
  }
  inputs.push({ kind: 'advance', toMs: endMs });
  return inputs;
}

export function randomRun(seed: number): RandomRun {
  const prng = createPrng(seed ^ 0x2545f491);
  const latencyMinMs = nextInt(prng, 1, 3);
  const options: SimOptionsInput = {
    tickIntervalMs: nextFloat(prng) < 0.25 ? 5 : 10,
    latencyMinMs,
    latencyMaxMs: latencyMinMs + nextInt(prng, 0, 8),
    fastPath: nextFloat(prng) < 0.9,
  };
  const groups = placementGroups(defaultTopology());
  const keys = drawKeys(prng);
  const chaosEndMs = nextInt(prng, 1500, 3000);
  const workload = randomWorkload(prng, groups, {
    keys,
    operationCount: nextInt(prng, 15, 50),
    durationMs: chaosEndMs,
    strayProbability: 0.05,
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
  const heal: TimedInput = { atMs: chaosEndMs, input: { kind: 'fault', change: { kind: 'heal' } } };
  const inputs = sequence([...workload, ...faults, heal, ...finalReads], finalReadsAtMs + settleMs);
  return { seed, options, inputs, chaosEndMs, finalReadsAtMs, keys };
}
