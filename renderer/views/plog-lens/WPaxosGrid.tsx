/**
 * WPaxos's grid: the datacenters are its zones (columns), their nodes its rows. Each object sits on the
 * node that leads it, coloured by that node's zone, from the newest steal the protocol's steps announced
 * (ProtocolCore.leadershipOf). Requests from one zone move an object into that zone's colour. For the
 * lens's key each node also shows its vote in the newest Q1 and Q2, and below the grid the rounds and the
 * steal are drawn in full (renderer/views/wpaxos/).
 */
import { useMemo } from 'react';
import { nodeLocations, type Topology } from '../../../app/model/topology';
import { placeKey } from '../../../app/paxos/placement';
import type { LeaderView } from '../../store/observed-cluster';
import { useConsoleState, useShown } from '../use-console';
import { usePlacementGroups } from '../use-cluster';
import { voteOf } from '../wpaxos/QuorumRoundCard';
import { roundsOf, type ObjectRounds } from '../wpaxos/quorum-rounds';
import { WPaxosRounds } from '../wpaxos/WPaxosRounds';
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
  const recent = useShown((observed) => observed.recent);
  const groups = usePlacementGroups();
  const columns = useMemo(() => (topology ? columnsOf(topology) : []), [topology]);
  const leader = lensKey ? leaders[lensKey] : undefined;
  const rounds = useMemo(() => {
    if (!lensKey) return null;
    const found = roundsOf(recent, lensKey);
    // A steal older than the recent events still shows where the object is, from the newest leadership.
    if (found.steal || !leader) return found;
    return { ...found, steal: { ballot: leader.view, from: null, to: leader.leader, n: leader.n } };
  }, [recent, lensKey, leader]);
  const group = useMemo(() => {
    if (!lensKey || groups.length === 0) return null;
    const { groupId } = placeKey(groups, lensKey);
    return groups.find((candidate) => candidate.id === groupId) ?? null;
  }, [groups, lensKey]);
  return (
    <>
      <WPaxosGridTable columns={columns} leaders={leaders} lensKey={lensKey} rounds={rounds} />
      {lensKey && rounds && group && (
        <WPaxosRounds
          object={lensKey}
          rounds={rounds}
          group={group}
          zoneFailures={topology?.zoneFailures ?? 0}
        />
      )}
    </>
  );
}

/** The grid itself, from the datacenters' nodes and the objects' leaders (pure, for tests). */
export function WPaxosGridTable({
  columns,
  leaders,
  lensKey,
  rounds = null,
}: {
  columns: { datacenter: string; nodes: string[] }[];
  leaders: Record<string, LeaderView>;
  lensKey: string | null;
  /** The lens key's newest rounds: each node's vote in them is marked in its cell. */
  rounds?: ObjectRounds | null;
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
                    {node && rounds && <Votes node={node} rounds={rounds} />}
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

/** A node's vote in the lens key's newest Q1 and Q2: ★ leads it, ✓ said yes, ✗ said no, … asked. */
function Votes({ node, rounds }: { node: string; rounds: ObjectRounds }) {
  const marks = { leader: '★', yes: '✓', no: '✗', asked: '…', silent: '' };
  return (
    <>
      {([rounds.q1, rounds.q2] as const).map((round, i) => {
        if (!round) return null;
        const vote = voteOf(round, node);
        if (vote === 'silent') return null;
        const name = i === 0 ? 'Q1' : 'Q2';
        return (
          <span
            key={name}
            className={`wpaxos-cell-vote wpaxos-vote-${vote}`}
            data-round={name}
            data-vote={vote}
          >
            {name} {marks[vote]}
          </span>
        );
      })}
    </>
  );
}
