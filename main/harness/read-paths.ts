/**
 * How the workload reads a key. `paxos` goes through KvService (the protocol's own read: PaxosKV's
 * probe, catch up and redo; QuorumKV's R=2; multi-Paxos's leader). `one-replica-read` takes one
 * replica's local copy of the key through ControlService.InspectKey, with no protocol round at all: a
 * replica that is behind answers stale values, which is wrong on purpose, so that a run in this mode
 * proves the checker and the harness catch a broken read path. It means something where one replica
 * keeps the key's value by itself: PaxosKV (its newest chosen PLog entry) and QuorumKV (its copy: a
 * read with R=1). Multi-Paxos keeps no copy per key (a replica applies its group's log), so the mode
 * refuses it, as any protocol without a one-replica reader here.
 */
import type { InspectKeyResponse } from '../../app/proto/generated/control';
import { protocolRecordFromData } from '../../app/proto/protocol-envelope';
import type { ProtocolName } from '../../app/protocol/protocol';
import { checkQuorumRecord } from '../../app/quorumkv/record';
import { quorumWire } from '../../app/quorumkv/wire';
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

/** What one replica's InspectKey answer says the key holds, per protocol that keeps a copy per key. */
const oneReplicaReaders: Partial<Record<ProtocolName, (answer: InspectKeyResponse) => ReadAnswer>> = {
  paxoskv: localState,
  quorumkv: quorumCopy,
};

/** The protocols one-replica-read works on. */
export const oneReplicaReadProtocols = Object.keys(oneReplicaReaders) as ProtocolName[];

/** Throws, naming the mode and the protocol, when one-replica-read means nothing for `protocol`. */
export function checkOneReplicaRead(protocol: ProtocolName): void {
  if (oneReplicaReaders[protocol]) return;
  throw new RangeError(
    `--mode one-replica-read: ${protocol} keeps no copy of a key that one replica could answer from alone ` +
      `(reads a replica's own record through InspectKey); it works on ${oneReplicaReadProtocols.join(' and ')}. ` +
      `Use --mode paxos with ${protocol}`,
  );
}

/**
 * Reads a random replica's local copy, so that lagging replicas get their turn. `protocol` (the
 * cluster's, when known) is refused at once if the mode means nothing for it; each answer is read by
 * the protocol it names (InspectKey's protocol_record), so a cluster of another protocol is never read
 * as PaxosKV.
 */
export function oneReplicaReadPath(
  kv: ClusterKvClient,
  controlOf: (nodeId: string) => ControlClient | undefined,
  protocol?: ProtocolName,
): ReadPath {
  if (protocol !== undefined) checkOneReplicaRead(protocol);
  return async (key, _deadlineMs, prng) => {
    const replicas = kv.replicasOf(key);
    const nodeId = replicas[nextInt(prng, 0, replicas.length - 1)]!;
    const control = controlOf(nodeId);
    if (!control) throw new Error(`no control client for replica ${nodeId}`);
    const answer = await control.inspectKey(key);
    const answeredIn = (answer.protocolRecord?.protocol ?? protocol ?? 'paxoskv') as ProtocolName;
    checkOneReplicaRead(answeredIn);
    return oneReplicaReaders[answeredIn]!(answer);
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

/** A QuorumKV replica's own copy, as a read with R=1 would return it; none here reads as never written. */
export function quorumCopy(answer: InspectKeyResponse): ReadAnswer {
  if (!answer.protocolRecord) return { value: null, version: 0 };
  const copy = protocolRecordFromData('quorumkv', quorumWire, answer.protocolRecord);
  const problem = checkQuorumRecord(copy);
  if (problem) throw new Error(`replica copy of ${copy.key}: ${problem}`);
  return { value: copy.value, version: copy.version };
}
