/**
 * A write sent the way a client that trusts no single agent sends it: first to a random agent (any
 * agent serves any key, forwarding what it does not replicate), waiting at most `attemptMs`; then,
 * after a timeout or a failure that is not definite, again with the SAME request id on another agent
 * not asked yet, until one answers, one refuses definitely, or the operation's deadline passes.
 *
 * Every attempt carries the operation's own deadline as its wall-clock deadline_unix_ms, while the
 * client waits for each only `attemptMs`: an attempt stuck in a stopped or slow agent outlives the
 * client's wait for it, which is the stale copy the store must never apply a second time.
 */
import type { KvWrite } from '../../app/kv/operations';
import { nextInt, type PrngState } from '../../app/util/prng';
import {
  KvCallError,
  type ClusterKvClient,
  type KvAttempt,
  type KvOutcome,
  isServiceError,
  kvFailureOf,
  type KvFailure,
} from '../../node-agent';

/** How often writes roamed and were retried, for the run's summary. */
export interface RetryTally {
  /** Writes sent this way. */
  roaming: number;
  /** Of those, writes that needed more than one attempt. */
  retried: number;
  /** Attempts made by all of them. */
  attempts: number;
}

export function emptyRetryTally(): RetryTally {
  return { roaming: 0, retried: 0, attempts: 0 };
}

export interface RoamingOptions {
  /** Every agent of the cluster, any of which may be asked. */
  agents: readonly string[];
  /** How long the client waits for one attempt before it asks another agent. */
  attemptMs: number;
  /** The operation's deadline, epoch ms, sent with every attempt. */
  deadlineUnixMs: number;
  prng: PrngState;
  tally: RetryTally;
}

/**
 * Whether another attempt may follow this failure. Not after a definite one (nothing can take
 * effect), and not after INDETERMINATE: the key moved past the dedup window while an attempt waited,
 * so a new attempt could no longer be told apart from a new write.
 */
export function worthRetrying(failure: KvFailure): boolean {
  return failure.definite !== true && failure.coreCode !== 'INDETERMINATE';
}

/** Resolves with the answering attempt; rejects with KvCallError listing every failed one. */
export async function roamingWrite(
  kv: Pick<ClusterKvClient, 'callNode'>,
  operation: KvWrite,
  requestId: string,
  options: RoamingOptions,
): Promise<KvOutcome> {
  const untried = [...options.agents];
  const failedAttempts: KvAttempt[] = [];
  options.tally.roaming += 1;
  while (untried.length > 0) {
    const leftMs = options.deadlineUnixMs - Date.now();
    if (leftMs <= 0) break;
    const nodeId = untried.splice(nextInt(options.prng, 0, untried.length - 1), 1)[0]!;
    options.tally.attempts += 1;
    if (failedAttempts.length === 1) options.tally.retried += 1;
    try {
      const attempt = { requestId, timeoutMs: Math.min(options.attemptMs, leftMs), realLimitMs: leftMs };
      const reply = await kv.callNode(nodeId, operation, attempt);
      return { reply, answeredBy: nodeId, failedAttempts };
    } catch (error) {
      if (!isServiceError(error)) throw error;
      const failure = kvFailureOf(error);
      failedAttempts.push({ nodeId, failure, error });
      if (!worthRetrying(failure)) break;
    }
  }
  throw new KvCallError(failedAttempts);
}
