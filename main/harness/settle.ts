/**
 * After the nemesis heals: wait until every key is readable through each of its replicas (through
 * Paxos, a read served by that replica), recording those reads as client "settle". They are the last
 * reads of the history, so they show the final state and reveal any acknowledged write that was lost.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { HistoryOperation } from '../../app/checker/history';
import { settleClient } from '../../app/contract/checker-vocabulary';
import type { ClusterKvClient } from '../../node-agent';
import { runOperation } from './client-operation';
import type { HistoryRecorder } from './history-recorder';
import { createPrng } from '../../app/util/prng';
import { paxosReadPath } from './read-paths';

export interface SettleResult {
  /** Milliseconds until every key was read through every replica. */
  tookMs: number;
  /** Replica reads that still failed when the time ran out, as "key@node". */
  unreadable: string[];
}

/** One settle read's wait: above an agent's own request timeout, so it can answer UNAVAILABLE itself. */
const settleReadDeadlineMs = 5000;

export async function settle(
  keys: readonly string[],
  kv: ClusterKvClient,
  recorder: HistoryRecorder,
  timeoutMs: number,
): Promise<SettleResult> {
  const startMs = recorder.now();
  const pending = keys.flatMap((key) => kv.replicasOf(key).map((nodeId) => ({ key, nodeId })));
  let round = 0;
  while (pending.length > 0 && recorder.now() - startMs < timeoutMs) {
    round += 1;
    for (const target of [...pending]) {
      const id = `settle-${round}-${target.key}@${target.nodeId}`;
      const read = paxosReadPath(kv, target.nodeId);
      const operation: HistoryOperation = await runOperation(
        { id, client: settleClient },
        { kind: 'get', key: target.key },
        {
          kv,
          read,
          now: () => recorder.now(),
          requestDeadlineMs: settleReadDeadlineMs,
          prng: createPrng(round),
        },
      );
      recorder.record(operation);
      if (operation.outcome === 'ok') pending.splice(pending.indexOf(target), 1);
    }
    if (pending.length > 0) await sleep(500);
  }
  return {
    tookMs: recorder.now() - startMs,
    unreadable: pending.map((target) => `${target.key}@${target.nodeId}`),
  };
}
