/**
 * The simulation's client calls as the linearizability checker's history, plus the plainer check that
 * every acknowledged write is seen by the reads that start after it. All attempts of one request id
 * are ONE operation, as its client sees it: called at the first attempt, returned at the first ok
 * reply (a dedup reply reports the version the original write produced). Without an ok reply it
 * failed only when every attempt was answered with a definite failure; otherwise its outcome is
 * unknown, since any attempt may still take effect. Each request is its own client process (it never
 * overlaps another request of the same process), as in Jepsen after an indeterminate answer.
 */
import type { HistoryOperation } from '../../app/checker/history';
import type { ClientReply } from '../../app/paxos/types';
import { toClientOperation } from '../../app/simulator/client-request';
import type { ClientCall } from '../../app/simulator/sim-state';

type Answered = ClientCall & { reply: ClientReply; repliedAtMs: number };

function answered(call: ClientCall): call is Answered {
  return call.reply !== null && call.repliedAtMs !== null;
}

/** The attempts of each request id, in the order the requests were first made. */
export function groupAttempts(calls: readonly ClientCall[]): ClientCall[][] {
  const byRequest = new Map<string, ClientCall[]>();
  for (const call of calls) {
    const attempts = byRequest.get(call.requestId);
    if (attempts) attempts.push(call);
    else byRequest.set(call.requestId, [call]);
  }
  return [...byRequest.values()];
}

/** One request's attempts (first attempt first) as one history operation. */
export function toHistoryOperation(attempts: readonly ClientCall[]): HistoryOperation {
  const first = attempts[0]!;
  const base = {
    id: first.requestId,
    client: first.requestId,
    callMs: Math.min(...attempts.map((call) => call.invokedAtMs)),
    ...toClientOperation(first.op),
  };
  const replies = attempts.filter(answered).sort((a, b) => a.repliedAtMs - b.repliedAtMs);
  const ok = replies.find((call) => call.reply.ok);
  if (ok?.reply.ok) {
    const { reply } = ok;
    const result =
      first.op.kind === 'get' ? { value: reply.value, version: reply.version } : { version: reply.version };
    return { ...base, returnMs: ok.repliedAtMs, outcome: 'ok', result };
  }
  const definite = replies.length === attempts.length && replies.every((call) => isDefiniteFailure(call));
  if (!definite) return { ...base, returnMs: null, outcome: 'unknown' };
  const last = replies[replies.length - 1]!;
  const conflict = replies.filter((call) => conflictVersion(call) !== undefined).at(-1);
  const currentVersion = conflict && conflictVersion(conflict);
  return {
    ...base,
    returnMs: last.repliedAtMs,
    outcome: 'fail',
    ...(currentVersion === undefined ? {} : { result: { currentVersion } }),
  };
}

function isDefiniteFailure(call: Answered): boolean {
  return !call.reply.ok && call.reply.definite;
}

/** The version a compare-and-set attempt found instead of the one it expected. */
function conflictVersion(call: Answered): number | undefined {
  const { reply } = call;
  return !reply.ok && reply.code === 'VERSION_CONFLICT' ? reply.currentVersion : undefined;
}

/** Every request of the run as one history operation each. */
export function toHistory(calls: readonly ClientCall[]): HistoryOperation[] {
  return groupAttempts(calls).map(toHistoryOperation);
}

/**
 * Writes whose attempts were answered ok with different versions: one request, applied once, has one
 * version (a dedup reply reports the original's), so two versions mean it was applied twice.
 */
export function splitWrites(calls: readonly ClientCall[]): string[] {
  return groupAttempts(calls).flatMap((attempts) => {
    if (attempts[0]!.op.kind === 'get') return [];
    const versions = new Set(attempts.flatMap((call) => (call.reply?.ok ? [call.reply.version] : [])));
    if (versions.size < 2) return [];
    return [`${attempts[0]!.requestId} was answered ok with versions ${[...versions].join(' and ')}`];
  });
}

/** Reads that started after a write was acknowledged but saw an older version. */
export function staleReads(operations: readonly HistoryOperation[]): string[] {
  const writes = operations.filter(
    (operation) => operation.kind !== 'get' && operation.outcome === 'ok' && operation.returnMs !== null,
  );
  const problems: string[] = [];
  for (const read of operations) {
    const version = read.result?.version;
    if (read.kind !== 'get' || read.outcome !== 'ok' || version === undefined) continue;
    for (const write of writes) {
      const written = write.result?.version;
      if (write.key !== read.key || write.returnMs! >= read.callMs || written === undefined) continue;
      if (version >= written) continue;
      problems.push(
        `${read.id} read ${write.key} version ${version} after ${write.id} wrote version ${written}`,
      );
    }
  }
  return problems;
}
