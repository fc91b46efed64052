/**
 * The simulation's client calls as the linearizability checker's history, plus the plainer check that
 * every acknowledged write is seen by the reads that start after it. Each call is its own client
 * process (it never overlaps another call of the same process), as in Jepsen after an indeterminate
 * answer.
 */
import type { HistoryOperation } from '../../app/checker/history';
import { toClientOperation } from '../../app/simulator/client-request';
import type { ClientCall } from '../../app/simulator/sim-state';

export function toHistoryOperation(call: ClientCall): HistoryOperation {
  const base = {
    id: call.requestId,
    client: call.requestId,
    callMs: call.invokedAtMs,
    ...toClientOperation(call.op),
  };
  const reply = call.reply;
  if (!reply) return { ...base, returnMs: null, outcome: 'unknown' };
  const returnMs = call.repliedAtMs;
  if (reply.ok) {
    const result =
      call.op.kind === 'get' ? { value: reply.value, version: reply.version } : { version: reply.version };
    return { ...base, returnMs, outcome: 'ok', result };
  }
  if (!reply.definite) return { ...base, returnMs, outcome: 'unknown' };
  const conflict = reply.code === 'VERSION_CONFLICT' && reply.currentVersion !== undefined;
  return {
    ...base,
    returnMs,
    outcome: 'fail',
    ...(conflict ? { result: { currentVersion: reply.currentVersion } } : {}),
  };
}

/** An acknowledged write: its key, when its client heard ok, and the version it produced. */
interface AcknowledgedWrite {
  requestId: string;
  key: string;
  repliedAtMs: number;
  version: number;
}

function acknowledgedWrites(calls: readonly ClientCall[]): AcknowledgedWrite[] {
  return calls.flatMap((call) =>
    call.op.kind !== 'get' && call.reply?.ok && call.repliedAtMs !== null
      ? [
          {
            requestId: call.requestId,
            key: call.op.key,
            repliedAtMs: call.repliedAtMs,
            version: call.reply.version,
          },
        ]
      : [],
  );
}

/** Reads that started after a write was acknowledged but saw an older version. */
export function staleReads(calls: readonly ClientCall[]): string[] {
  const writes = acknowledgedWrites(calls);
  const problems: string[] = [];
  for (const read of calls) {
    if (read.op.kind !== 'get' || !read.reply?.ok) continue;
    const { version } = read.reply;
    for (const write of writes) {
      if (write.key !== read.op.key || write.repliedAtMs >= read.invokedAtMs || version >= write.version)
        continue;
      problems.push(
        `${read.requestId} read ${write.key} version ${version} after ${write.requestId} wrote version ${write.version}`,
      );
    }
  }
  return problems;
}
