/**
 * The verifier's pace and order: each agent walks the keys it holds in key order, a batch at a time,
 * a batch every batchKeys / keysPerSecond seconds, and starts over after the last key. So every key an
 * agent holds is compared once per pass, and a pass of K keys takes ceil(K / batchKeys) batches: the
 * bound on how long a corrupt copy can go unnoticed (detectionBoundMs).
 */
import { peersOf, placeKey } from '../paxos/placement';
import type { NodeId, PlacementGroup } from '../paxos/types';

export interface VerifierPace {
  /** Keys compared per second, on this agent. */
  keysPerSecond: number;
  /** Keys per comparison round (one CompareKeys call per peer that holds some of them). */
  batchKeys: number;
}

export const defaultVerifierPace: VerifierPace = { keysPerSecond: 20, batchKeys: 10 };

/** Most keys one CompareKeys call may ask about (the server refuses more). */
export const compareKeysMax = 256;
/** The agent's --verify-rate limit. */
export const keysPerSecondMax = 10_000;

/** Time between two batches; a verifier with keysPerSecond 0 is off. */
export function batchIntervalMs(pace: VerifierPace): number {
  return (1000 * pace.batchKeys) / pace.keysPerSecond;
}

/**
 * The longest a corrupt copy of any of `keysHeld` keys can stay undetected by this agent: the
 * corruption lands just after its key was compared, so it waits a whole pass (every batch of the
 * pass), plus the batch in flight, plus the batch's two calls to a peer at their time limit: the
 * range checksum (ranges.ts), and the key-by-key comparison below a range that differs.
 */
export function detectionBoundMs(keysHeld: number, pace: VerifierPace, callTimeoutMs: number): number {
  const batches = Math.max(1, Math.ceil(keysHeld / pace.batchKeys));
  return (batches + 1) * batchIntervalMs(pace) + 2 * callTimeoutMs;
}

export interface Batch {
  keys: string[];
  /** Where the next batch starts: after this key (null: from the first key). */
  after: string | null;
  /** True when this batch holds the last key: the pass is complete after it. */
  passDone: boolean;
}

/** The next `size` keys after `after` in `sortedKeys` (sorted, distinct); wraps to the start once a pass ends. */
export function nextBatch(sortedKeys: readonly string[], after: string | null, size: number): Batch {
  let start = 0;
  if (after !== null) {
    start = sortedKeys.findIndex((key) => key > after);
    if (start < 0) start = sortedKeys.length;
  }
  const keys = sortedKeys.slice(start, start + size);
  const passDone = start + size >= sortedKeys.length;
  return { keys, after: passDone ? null : (keys[keys.length - 1] ?? null), passDone };
}

/** The batch's keys grouped by the peer to ask: every other replica of each key. */
export function keysByPeer(
  keys: readonly string[],
  groups: PlacementGroup[],
  self: NodeId,
): Map<NodeId, string[]> {
  const byPeer = new Map<NodeId, string[]>();
  for (const key of keys) {
    for (const peer of peersOf(placeKey(groups, key).replicas, self)) {
      const list = byPeer.get(peer) ?? [];
      list.push(key);
      byPeer.set(peer, list);
    }
  }
  return byPeer;
}
