/**
 * The simulation's client calls as the linearizability checker's history, plus the plainer check that
 * every acknowledged write is seen by the reads that start after it. Each call is its own client
 * process (it never overlaps another call of the same process), as in Jepsen after an indeterminate
 * answer.
 */
import type { HistoryOperation } from '../../app/checker/history';
import type { ClientCall } from '../../app/simulator/sim-state';

const encoder = new TextEncoder();

function requestFields(
  call: ClientCall,
): Pick<HistoryOperation, 'kind' | 'key' | 'value' | 'expectedVersion'> {
  const { op } = call;
  switch (op.kind) {
    case 'get':
    case 'delete':
      return { kind: op.kind, key: op.key };
    case 'put':
      return { kind: 'put', key: op.key, value: encoder.encode(op.value) };
    case 'cas':
      return {
        kind: 'cas',
        key: op.key,
        value: encoder.encode(op.value),
        expectedVersion: op.expectedVersion,
      };
  }
}

export function toHistoryOperation(call: ClientCall): HistoryOperation {
  const base = {
    id: call.requestId,
    client: call.requestId,
    callMs: call.invokedAtMs,
    ...requestFields(call),
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

/** Reads that started after a write was acknowledged but saw an older version. */
export function staleReads(calls: readonly ClientCall[]): string[] {
  const problems: string[] = [];
  const acknowledged = calls.filter((call) => call.op.kind !== 'get' && call.reply?.ok);
  for (const read of calls) {
    if (read.op.kind !== 'get' || !read.reply?.ok) continue;
    for (const write of acknowledged) {
      if (write.op.key !== read.op.key || write.repliedAtMs === null || write.repliedAtMs >= read.invokedAtMs)
        continue;
      const written = write.reply!.ok ? write.reply!.version : 0;
      if (read.reply.version < written) {
        problems.push(
          `${read.requestId} read ${read.op.key} version ${read.reply.version} after ${write.requestId} wrote version ${written}`,
        );
      }
    }
  }
  return problems;
}
