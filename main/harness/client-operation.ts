/**
 * One workload operation against the cluster, turned into a history record. A write keeps one request
 * id over all its attempts, on whichever agents, and is one operation in the history: called at its
 * first attempt, returned at its last, ok when any attempt was answered (a retry answered as a dedup
 * carries the original's version). It ends `fail` only when every agent that was asked said the
 * operation definitely did not take effect (the `paxoscope-definite` trailer); anything else that went
 * wrong, timeouts included, is `unknown`.
 */
import type { HistoryOperation, OperationKind, OperationResult } from '../../app/checker/history';
import { KvCallError, newRequestId, type ClusterKvClient, type KvOperation } from '../../node-agent';
import { nextFloat, type PrngState } from '../../app/util/prng';
import type { ReadPath } from './read-paths';
import { roamingWrite, type RetryTally } from './roaming-write';

/** What a client asks, in the history's own fields. */
export type OperationRequest = Pick<
  HistoryOperation,
  'id' | 'client' | 'kind' | 'key' | 'value' | 'expectedVersion'
>;

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
  request: OperationRequest,
  context: OperationContext,
): Promise<HistoryOperation> {
  const callMs = context.now();
  const deadlineMs = Date.now() + context.requestDeadlineMs;
  const base: HistoryOperation = {
    id: request.id,
    client: request.client,
    kind: request.kind,
    key: request.key,
    ...(request.value !== undefined ? { value: request.value } : {}),
    ...(request.expectedVersion !== undefined ? { expectedVersion: request.expectedVersion } : {}),
    callMs,
    returnMs: null,
    outcome: 'unknown',
  };
  try {
    const result = await answerOf(request, context, deadlineMs);
    return { ...base, returnMs: context.now(), outcome: 'ok', result };
  } catch (error) {
    return { ...base, returnMs: context.now(), ...failureOf(request.kind, error) };
  }
}

async function answerOf(
  request: OperationRequest,
  context: OperationContext,
  deadlineMs: number,
): Promise<OperationResult> {
  if (request.kind === 'get') return context.read(request.key, deadlineMs, context.prng);
  const write = writeOperation(request, newRequestId(request.client));
  const { roaming, prng } = context;
  const outcome =
    roaming && nextFloat(prng) < roaming.share
      ? await roamingWrite(context.kv, write, { ...roaming, deadlineUnixMs: deadlineMs, prng })
      : await context.kv.run(write, undefined, deadlineMs);
  if (outcome.result.kind !== 'write')
    throw new Error(`${request.kind} ${request.key} was answered as a read`);
  return { version: outcome.result.response.version };
}

function writeOperation(request: OperationRequest, requestId: string): Exclude<KvOperation, { kind: 'get' }> {
  const { key } = request;
  switch (request.kind) {
    case 'put':
      return { kind: 'put', key, value: request.value!, requestId };
    case 'delete':
      return { kind: 'delete', key, requestId };
    case 'cas':
      return {
        kind: 'cas',
        key,
        value: request.value!,
        expectedVersion: request.expectedVersion!,
        requestId,
      };
    case 'get':
      throw new Error('a get is not a write');
  }
}

/** fail when every attempt was definitely refused (none made counts too), else unknown. */
export function failureOf(kind: OperationKind, error: unknown): Pick<HistoryOperation, 'outcome' | 'result'> {
  if (!(error instanceof KvCallError)) return { outcome: 'unknown' };
  if (!error.attempts.every((attempt) => attempt.failure.definite === true)) return { outcome: 'unknown' };
  const last = error.attempts.at(-1)?.failure;
  if (kind === 'cas' && last?.coreCode === 'VERSION_CONFLICT' && last.currentVersion !== undefined) {
    return { outcome: 'fail', result: { currentVersion: last.currentVersion } };
  }
  return { outcome: 'fail' };
}
