/**
 * Partition datacenters by choosing sides: each datacenter goes to side A, B or C (or stays out of the
 * split), optionally one way only. A datacenter alone on its side is cut off from the rest.
 */
import { useState } from 'react';
import { applyFault } from '../../actions/faults';
import { useConsole } from '../use-console';
import { useLocations, useTopology } from '../use-cluster';

const sideNames = ['A', 'B', 'C'] as const;
type Side = (typeof sideNames)[number] | 'out';

export function PartitionControl() {
  const consoleHandle = useConsole();
  const topology = useTopology();
  const locations = useLocations();
  const [sides, setSides] = useState<Record<string, Side>>({});
  const [oneWay, setOneWay] = useState(false);
  if (!topology) return null;
  const sideOf = (dcId: string, d: number): Side => sides[dcId] ?? (d === 0 ? 'A' : 'B');
  const groups = sideNames
    .map((side) =>
      topology.datacenters
        .filter((dc, d) => sideOf(dc.id, d) === side)
        .flatMap((dc) => locations.filter((node) => node.datacenterId === dc.id).map((node) => node.id)),
    )
    .filter((nodes) => nodes.length > 0);
  const describe = sideNames
    .map((side) =>
      topology.datacenters
        .filter((dc, d) => sideOf(dc.id, d) === side)
        .map((dc) => dc.id)
        .join('+'),
    )
    .filter(Boolean)
    .join(oneWay ? ' → ' : ' | ');
  return (
    <details className="fault-control" open>
      <summary>Partition datacenters</summary>
      <div className="row">
        {topology.datacenters.map((dc, d) => (
          <label key={dc.id} className="side-pick">
            {dc.id}
            <select
              aria-label={`side of ${dc.id}`}
              value={sideOf(dc.id, d)}
              onChange={(event) => setSides({ ...sides, [dc.id]: event.target.value as Side })}
            >
              {sideNames.map((side) => (
                <option key={side} value={side}>
                  side {side}
                </option>
              ))}
              <option value="out">not split</option>
            </select>
          </label>
        ))}
      </div>
      <div className="row">
        <label title="Only messages from an earlier side to a later one are lost; replies still flow back">
          <input type="checkbox" checked={oneWay} onChange={(event) => setOneWay(event.target.checked)} /> one
          way
        </label>
        <button
          className="danger"
          disabled={groups.length < 2}
          title={groups.length < 2 ? 'Put the datacenters on at least two sides' : `Split ${describe}`}
          onClick={() =>
            void applyFault(
              consoleHandle,
              { kind: 'partition', split: { sides: groups, oneWay } },
              `Partitioned ${describe}`,
            )
          }
        >
          Partition
        </button>
      </div>
    </details>
  );
}
