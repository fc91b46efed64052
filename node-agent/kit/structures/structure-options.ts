/** How large the structures' values may grow, from the topology's limits and the caller's choice. */
import type { StructureLimits } from '../../../app/kv/structures/structure-value';
import type { Topology } from '../../../app/model/topology';

/**
 * The default ceiling of one structure value. Every write carries the key's whole value through Paxos
 * and into each replica's PLog, so a queue segment or set bucket of 64 KiB keeps a push or an add
 * cheap; a structure grows past it by splitting (docs/data-structures.md).
 */
export const structureBytesDefault = 64 * 1024;

/** The limits for a cluster: `structureBytes` (default 64 KiB) but never over the topology's value limit. */
export function structureLimits(topology: Topology, structureBytes = structureBytesDefault): StructureLimits {
  return {
    valueBytesMax: Math.min(structureBytes, topology.limits.valueBytesMax),
    keyBytesMax: topology.limits.keyBytesMax,
  };
}
