/** Moves the nodes of a topology to other addresses, keeping its shape, ids and groups. */
import { nodeLocations, validateTopology, type NodeSpec, type Topology } from './topology';

/** Every node of the topology, in topology order, through `move`; the result is validated again. */
function withNodes(topology: Topology, move: (node: NodeSpec) => NodeSpec): Topology {
  return validateTopology({
    ...topology,
    datacenters: topology.datacenters.map((dc) => ({
      ...dc,
      miniClusters: dc.miniClusters.map((mc) => ({ ...mc, nodes: mc.nodes.map(move) })),
    })),
  });
}

/** Every node on 127.0.0.1 at the next of `ports` (one per node, in topology order). */
export function withPorts(topology: Topology, ports: readonly number[]): Topology {
  const count = nodeLocations(topology).length;
  if (ports.length !== count) throw new Error(`need ${count} ports, got ${ports.length}`);
  let next = 0;
  return withNodes(topology, (node) => ({ ...node, host: '127.0.0.1', port: ports[next++]! }));
}

/** Points the named nodes at other addresses ("host:port"), for attaching to agents that moved. */
export function withAddresses(topology: Topology, addresses: Readonly<Record<string, string>>): Topology {
  return withNodes(topology, (node) => {
    const address = addresses[node.id];
    if (address === undefined) return node;
    const colon = address.lastIndexOf(':');
    return { ...node, host: address.slice(0, colon), port: Number(address.slice(colon + 1)) };
  });
}
