/**
 * Seeded retries, as real clients send them: the same request id again, with the same operation and
 * deadline, to another replica (or the same node, or a stray one) after the caller's own timeout,
 * after the node it went to crashed, and much later, after many newer writes to the key. A retry is
 * sent whatever became of the first attempt (an ok reply may have been lost on its way back).
 *
 * The store promises exactly once only while the original is among the key's last dedupWindow writes
 * when the retry is sent (docs/exactly-once.md), so a retry is kept only when fewer than dedupWindow
 * other writes of the key could have been applied after the original by then: writes sent before the
 * retry whose deadline had not passed when the original was sent (no round starts after a deadline,
 * and a value accepted before it can only be chosen at an index below the original's).
 */
import type { PlacementGroup } from '../paxos/types';
import { placeKey } from '../paxos';
import { nextFloat, nextInt, type PrngState } from '../util/prng';
import { pick, type TimedInput, type WorkloadOp } from './random-workload';

/** One retry: request `of` sent again to `node` at `atMs`. */
export interface Retry {
  atMs: number;
  of: string;
  node: string;
}

/** What every kind of retry draws from: the run's generator, its placement and its workload. */
interface RetryDraw {
  prng: PrngState;
  groups: PlacementGroup[];
  ops: readonly WorkloadOp[];
}

/**
 * The retries of a run's workload, of every kind, kept only while they fall inside the dedup window.
 * The kinds draw in a fixed order (timeouts, late, crashes), so a seed replays the same retries.
 */
export function randomRetries(draw: RetryDraw, faults: readonly TimedInput[], dedupWindow: number): Retry[] {
  const drawn = [...timeoutRetries(draw), ...lateRetries(draw, dedupWindow), ...crashRetries(draw, faults)];
  return withinDedupWindow(draw.ops, drawn, dedupWindow);
}

/** `op` sent again at `atMs`: mostly to another replica, sometimes the same node, now and then a stray one. */
function retryOf({ prng, groups }: RetryDraw, op: WorkloadOp, atMs: number): Retry {
  const replicas = placeKey(groups, op.op.key).replicas;
  const roll = nextFloat(prng);
  if (roll < 0.25) return { atMs, of: op.requestId, node: op.node };
  if (roll < 0.3)
    return {
      atMs,
      of: op.requestId,
      node: pick(
        prng,
        groups.flatMap((group) => group.members),
      ),
    };
  const others = replicas.filter((node) => node !== op.node);
  return { atMs, of: op.requestId, node: pick(prng, others.length > 0 ? others : replicas) };
}

/** After the caller's own timeout (shorter or longer than its deadline), once or twice. */
function timeoutRetries(draw: RetryDraw): Retry[] {
  const retries: Retry[] = [];
  for (const op of draw.ops) {
    const chance = op.op.kind === 'get' ? 0.1 : 0.3;
    let atMs = op.atMs;
    for (let sent = 0; sent < 2 && nextFloat(draw.prng) < chance; sent += 1) {
      atMs += nextInt(draw.prng, 5, 250);
      retries.push(retryOf(draw, op, atMs));
    }
  }
  return retries;
}

/** Much later: after many newer writes to the key (a retry kept only inside the window, see above). */
function lateRetries(draw: RetryDraw, dedupWindow: number): Retry[] {
  const { prng, ops } = draw;
  const retries: Retry[] = [];
  for (const op of ops) {
    if (op.op.kind === 'get' || nextFloat(prng) >= 0.15) continue;
    const newer = ops.filter(
      (other) => other.op.key === op.op.key && other.op.kind !== 'get' && other.atMs > op.atMs,
    );
    const most = Math.min(newer.length, dedupWindow + 4);
    if (most === 0) continue;
    // Many newer writes (up to a few past the window, which the filter then turns away).
    const count = nextInt(prng, Math.ceil(most / 2), most);
    retries.push(retryOf(draw, op, newer[count - 1]!.atMs + nextInt(prng, 1, 40)));
  }
  return retries;
}

/** After the node the request went to crashed (or lost its disk) soon after it was sent. */
function crashRetries(draw: RetryDraw, faults: readonly TimedInput[]): Retry[] {
  const retries: Retry[] = [];
  for (const { atMs, input } of faults) {
    if (input.kind !== 'crash' && input.kind !== 'wipe') continue;
    for (const op of draw.ops) {
      if (op.node !== input.node || op.atMs > atMs || op.atMs < atMs - 300) continue;
      if (nextFloat(draw.prng) < 0.6) retries.push(retryOf(draw, op, atMs + nextInt(draw.prng, 1, 100)));
    }
  }
  return retries;
}

/**
 * The retries whose original is surely among the key's last `dedupWindow` writes when they are sent:
 * fewer than that many other writes of the key may have been applied after it (see the file comment).
 */
function withinDedupWindow(
  ops: readonly WorkloadOp[],
  retries: readonly Retry[],
  dedupWindow: number,
): Retry[] {
  const byId = new Map(ops.map((op) => [op.requestId, op]));
  return retries.filter((retry) => {
    const original = byId.get(retry.of)!;
    if (original.op.kind === 'get') return true;
    const mayFollow = ops.filter(
      (other) =>
        other !== original &&
        other.op.kind !== 'get' &&
        other.op.key === original.op.key &&
        other.atMs <= retry.atMs &&
        other.deadlineMs > original.atMs,
    );
    return mayFollow.length < dedupWindow;
  });
}

/** The retries as inputs. */
export function retryInputs(retries: readonly Retry[]): TimedInput[] {
  return retries.map(({ atMs, of, node }) => ({ atMs, input: { kind: 'retry', of, node } }));
}
