/**
 * The benchmark's keys and where each lives. With `onlyOn` set, only keys whose three replicas are
 * exactly those nodes are kept, so three agents hold every key, like etcd's three members.
 */
import { placementGroups, type Topology } from '../../app/model/topology';
import { placeKey } from '../../app/paxos';
import type { NodeId } from '../../app/paxos/types';

export interface BenchKey {
  key: string;
  /** Replicas in role order A, B, C; requests go to role A. */
  replicas: readonly NodeId[];
}

/** Candidates tried per key wanted before giving up (one key in eight lands on a given triple). */
const candidatesPerKeyMax = 64;

export function chooseBenchKeys(
  topology: Topology,
  count: number,
  onlyOn: readonly NodeId[] | null,
): BenchKey[] {
  const groups = placementGroups(topology);
  const wanted = onlyOn === null ? null : new Set(onlyOn);
  const keys: BenchKey[] = [];
  for (let n = 0; keys.length < count; n++) {
    if (n >= count * candidatesPerKeyMax) {
      throw new Error(`only ${keys.length} of ${count} keys land on ${[...(wanted ?? [])].join(', ')}`);
    }
    const key = `bench-${String(n).padStart(7, '0')}`;
    const { replicas } = placeKey(groups, key);
    if (wanted === null || replicas.every((node) => wanted.has(node))) keys.push({ key, replicas });
  }
  return keys;
}

/** How many keys each node leads as role A, for the output's routing line. */
export function roleACounts(keys: readonly BenchKey[]): Map<NodeId, number> {
  const counts = new Map<NodeId, number>();
  for (const { replicas } of keys) counts.set(replicas[0]!, (counts.get(replicas[0]!) ?? 0) + 1);
  return counts;
}
