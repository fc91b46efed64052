/** A cluster unlike the embedded default: other datacenters and node ids, for trace import tests. */
import { validateTopology, type Topology } from '../../app/model/topology';

export function elsewhereTopology(firstPort: number): Topology {
  let port = firstPort;
  return validateTopology({
    name: 'elsewhere',
    datacenters: ['east', 'west', 'north'].map((dc) => ({
      id: dc,
      miniClusters: [
        { id: `${dc}-1`, nodes: ['a', 'b'].map((slot) => ({ id: `${dc}-${slot}`, port: port++ })) },
      ],
    })),
  });
}
