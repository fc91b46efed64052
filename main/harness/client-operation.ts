/**
 * One workload operation against the cluster, turned into a history record. A write keeps one request
 * id over all its attempts, on whichever agents, and is one operation in the history: called at its
 * first attempt, returned at its last, ok when any attempt was answered (a retry answered as a dedup
 * carries the original's version). It ends `fail` only when every agent that was asked said the
 * operation definitely did not take effect (the `paxoscope-definite` trailer); anything else that went
 * wrong, timeouts included, is `unknown`.
 */
import type { HistoryOperation, OperationResult } from '../../app/checker/history';
import type { KvOperation, KvOperationKind, KvWrite } from '../../app/kv/operations';
import { KvCallError, newRequestId, type ClusterKvClient } from '../../node-agent';
import { nextFloat, type PrngState } from '../../app/util/prng';
import type { ReadPath } from './read-paths';
import { roamingWrite, type RetryTally } from './roaming-write';

/** Who issued an operation, in the history's fields: its id there, and the client's name. */
export type OperationOrigin = Pick<HistoryOperation, 'id' | 'client'>;

export interface OperationContext {
  kv: Pick<ClusterKvClient, 'run' | 'callNode'>;
  read: ReadPath;
  /** The run's clock, in ms. */
  now: () => number;
  /** How long the client waits for one operation, over every replica it tries. */
  requestDeadlineMs: number;
  prng: PrngState;
  /** Writes that roam (roaming-write.ts); without it every write asks the key's replicas in role order. */
  roaming?: WriteRoaming;
  /**
   * Told of an operation that ended ok although its first attempt failed (a write answered by a later
   * replica or agent). Reads report no attempts, so only their outcome counts.
   */
  onFirstAttemptFailed?(id: string): void;
}

export interface WriteRoaming {
  /** The share of writes, from 0 to 1, that roam; the others ask the key's replicas in role order. */
  share: number;
  /** How long a roaming write waits for one attempt before it asks another agent. */
  attemptMs: number;
  agents: readonly string[];
  tally: RetryTally;
}

export async function runOperation(
  origin: OperationOrigin,
  operation: KvOperation,
  context: OperationContext,
): Promise<HistoryOperation> {
  const callMs = context.now();
  const deadlineMs = Date.now() + context.requestDeadlineMs;
  // The history names an operation's fields as the vocabulary does (kind, key, value, expectedVersion).
  const base: HistoryOperation = { ...origin, ...operation, callMs, returnMs: null, outcome: 'unknown' };
  try {
    let result: OperationResult;
    if (operation.kind === 'get') {
      result = await context.read(operation.key, deadlineMs, context.prng);
    } else {
      const written = await write(operation, newRequestId(origin.client), context, deadlineMs);
      if (written.failedAttempts > 0) context.onFirstAttemptFailed?.(origin.id);
      result = { version: written.version };
    }
    return { ...base, returnMs: context.now(), outcome: 'ok', result };
  } catch (error) {
    return { ...base, returnMs: context.now(), ...failureOf(operation.kind, error) };
  }
}

async function write(
  operation: KvWrite,
  requestId: string,
  context: OperationContext,
  deadlineMs: number,
): Promise<{ version: number; failedAttempts: number }> {
  const { roaming, prng } = context;
  const outcome =
    roaming && nextFloat(prng) < roaming.share
      ? await roamingWrite(context.kv, operation, requestId, { ...roaming, deadlineUnixMs: deadlineMs, prng })
      : await context.kv.run(operation, { requestId, deadlineMs });
  return { version: outcome.reply.version, failedAttempts: outcome.failedAttempts.length };
}

/** fail when every attempt was definitely refused (none made counts too), else unknown. */
export function failureOf(
  kind: KvOperationKind,
  error: unknown,
): Pick<HistoryOperation, 'outcome' | 'result'> {
  if (!(error instanceof KvCallError)) return { outcome: 'unknown' };
  if (!error.attempts.every((attempt) => attempt.failure.definite === true)) return { outcome: 'unknown' };
  const last = error.attempts.at(-1)?.failure;
  if (kind === 'cas' && last?.coreCode === 'VERSION_CONFLICT' && last.currentVersion !== undefined) {
    return { outcome: 'fail', result: { currentVersion: last.currentVersion } };
  }
  return { outcome: 'fail' };
}
