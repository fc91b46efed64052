/**
 * WPaxos's grid: the datacenters are its zones (columns), their nodes its rows. Each object sits on the
 * node that leads it, coloured by that node's zone, from the newest steal the protocol's steps announced
 * (ProtocolCore.leadershipOf). Requests from one zone move an object into that zone's colour.
 */
import { useMemo } from 'react';
import { nodeLocations, type Topology } from '../../../app/model/topology';
import type { LeaderView } from '../../store/observed-cluster';
import { useConsoleState, useShown } from '../use-console';
import './wpaxos-grid.css';

/** Node ids by datacenter, in topology order: the grid's columns. */
export function columnsOf(topology: Topology): { datacenter: string; nodes: string[] }[] {
  const locations = nodeLocations(topology);
  return topology.datacenters.map((dc) => ({
    datacenter: dc.name ? `${dc.id} (${dc.name})` : dc.id,
    nodes: locations.filter((node) => node.datacenterId === dc.id).map((node) => node.id),
  }));
}

export function WPaxosGrid({ lensKey }: { lensKey: string | null }) {
  const topology = useConsoleState((state) => state.cluster.topology);
  const leaders = useShown((observed) => observed.leaders);
  const columns = useMemo(() => (topology ? columnsOf(topology) : []), [topology]);
  return <WPaxosGridTable columns={columns} leaders={leaders} lensKey={lensKey} />;
}

/** The grid itself, from the datacenters' nodes and the objects' leaders (pure, for tests). */
export function WPaxosGridTable({
  columns,
  leaders,
  lensKey,
}: {
  columns: { datacenter: string; nodes: string[] }[];
  leaders: Record<string, LeaderView>;
  lensKey: string | null;
}) {
  if (columns.length === 0) return null;
  const byNode = new Map<string, LeaderView[]>();
  for (const leader of Object.values(leaders))
    byNode.set(leader.leader, [...(byNode.get(leader.leader) ?? []), leader]);
  for (const list of byNode.values()) list.sort((a, b) => a.group.localeCompare(b.group));
  const rows = Math.max(...columns.map((column) => column.nodes.length));
  const objects = Object.keys(leaders).length;
  return (
    <div className="wpaxos-grid-view" aria-label="WPaxos grid">
      <p className="dim">
        Zones are datacenters. A steal needs promises from a Q1 (majorities of zones across the grid); a write
        is chosen by a Q2 (majorities of F + 1 zones). {objects === 0 ? 'No object has a leader yet.' : ''}
      </p>
      <table className="wpaxos-grid">
        <thead>
          <tr>
            {columns.map((column, zone) => (
              <th key={column.datacenter} className={`wpaxos-zone-head-${zone}`}>
                zone {zone + 1}: {column.datacenter}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {Array.from({ length: rows }, (_, row) => (
            <tr key={row}>
              {columns.map((column, zone) => {
                const node = column.nodes[row];
                return (
                  <td key={column.datacenter} data-node={node ?? ''}>
                    {node && <span className="wpaxos-node mono">{node}</span>}
                    {node &&
                      (byNode.get(node) ?? []).map((leader) => (
                        <span
                          key={leader.group}
                          className={`wpaxos-object wpaxos-zone-${zone % 3}${leader.group === lensKey ? ' lens-key' : ''}`}
                          data-object={leader.group}
                          title={`${node} leads ${leader.group} with ballot ${leader.view}`}
                        >
                          {leader.group}
                        </span>
                      ))}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
