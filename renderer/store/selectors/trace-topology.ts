/**
 * Where to draw the nodes of an imported trace that names no topology (files written before traces
 * carried one): a trace whose agents are all nodes of the embedded default cluster is drawn on that
 * topology; any other is drawn nowhere rather than guessed.
 */
import { defaultTopology, nodeLocations, type Topology } from '../../../app/model/topology';

const embedded = defaultTopology();
const embeddedIds = new Set(nodeLocations(embedded).map((node) => node.id));

export function topologyForTrace(agentIds: readonly string[]): Topology | null {
  if (agentIds.length === 0) return null;
  return agentIds.every((id) => embeddedIds.has(id)) ? embedded : null;
}
