/** Per-key lookups every handler needs: the key's record, its replicas and this node's role. */
import { peersOf, placeKey, roleOf } from './placement';
import { emptyRecord } from './plog';
import type { KeyRecord, NodeId, NodeState } from './types';

/** The key's durable record, or an empty one when the node has never seen the key. */
export function recordOf(state: NodeState, key: string): KeyRecord {
  return state.records[key] ?? emptyRecord(key);
}

/** The key's two other replicas. */
export function keyPeers(state: NodeState, key: string): NodeId[] {
  return peersOf(placeKey(state.config.groups, key).replicas, state.config.self);
}

/** This node's role for a key it replicates (callers have checked that it does). */
export function selfRole(state: NodeState, key: string): number {
  return roleOf(state.config.groups, key, state.config.self) ?? 0;
}
