/**
 * How the workload reads a key. `paxos` goes through KvService (the read procedure: probe, catch up,
 * redo). `one-replica-read` takes one replica's local PLog record through ControlService.InspectKey,
 * with no Paxos at all: a replica that is behind answers stale values, which is wrong on purpose, so
 * that a run in this mode proves the checker and the harness catch a broken read path.
 */
import type { InspectKeyResponse } from '../../app/proto/generated/control';
import { nextInt, type PrngState } from '../../app/util/prng';
import type { ControlClient, ClusterKvClient } from '../../node-agent';

export { readModes, type ReadMode } from '../../app/contract/checker-vocabulary';

export interface ReadAnswer {
  value: Uint8Array | null;
  version: number;
}

export type ReadPath = (key: string, deadlineMs: number, prng: PrngState) => Promise<ReadAnswer>;

/** Reads through KvService, asking the key's replicas in role order, or only `nodeId` when given. */
export function paxosReadPath(kv: ClusterKvClient, nodeId?: string): ReadPath {
  return async (key, deadlineMs) => {
    const targets = nodeId === undefined ? undefined : [nodeId];
    const { reply } = await kv.run({ kind: 'get', key }, { targets, deadlineMs });
    return { value: reply.value, version: reply.version };
  };
}

/** Reads a random replica's local record, so that lagging replicas get their turn. */
export function oneReplicaReadPath(
  kv: ClusterKvClient,
  controlOf: (nodeId: string) => ControlClient | undefined,
): ReadPath {
  return async (key, _deadlineMs, prng) => {
    const replicas = kv.replicasOf(key);
    const nodeId = replicas[nextInt(prng, 0, replicas.length - 1)]!;
    const control = controlOf(nodeId);
    if (!control) throw new Error(`no control client for replica ${nodeId}`);
    return localState(await control.inspectKey(key));
  };
}

/** The newest chosen entry this replica holds; nothing chosen here reads as never written. */
export function localState(answer: InspectKeyResponse): ReadAnswer {
  const chosen = (answer.record?.instances ?? [])
    .filter((instance) => instance.chosen && instance.value !== undefined)
    .sort((a, b) => b.index - a.index)[0]?.value;
  if (!chosen) return { value: null, version: 0 };
  return { value: chosen.deleted ? null : chosen.data, version: chosen.version };
}
