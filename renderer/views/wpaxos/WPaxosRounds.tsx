/**
 * The inspected object's quorum rounds beside the grid: its newest steal as a chip moving between the
 * zones, and its newest phase 1 (Q1) and phase 2 (Q2), each as the zones' members who were asked and
 * who answered, from the protocol's own steps.
 */
import type { PlacementGroup } from '../../../app/paxos/types';
import { QuorumRoundCard } from './QuorumRoundCard';
import type { ObjectRounds } from './quorum-rounds';
import { StealTrack } from './StealTrack';
import './wpaxos-rounds.css';

export function WPaxosRounds({
  object,
  rounds,
  group,
  zoneFailures,
}: {
  object: string;
  rounds: ObjectRounds;
  group: PlacementGroup;
  zoneFailures: number;
}) {
  const { q1, q2, steal } = rounds;
  return (
    <div className="wpaxos-rounds" aria-label={`quorum rounds of ${object}`}>
      <StealTrack object={object} steal={steal} q1={q1} group={group} />
      {!q1 && !q2 && <p className="dim">No round of “{object}” seen yet: write it to start one.</p>}
      <div className="wpaxos-round-cards">
        {q1 && <QuorumRoundCard round={q1} group={group} zoneFailures={zoneFailures} />}
        {q2 && <QuorumRoundCard round={q2} group={group} zoneFailures={zoneFailures} />}
      </div>
    </div>
  );
}
