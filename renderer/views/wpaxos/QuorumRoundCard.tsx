/**
 * One quorum round of an object as a small grid of its zones: each member marked as the leader, asked
 * and waiting, said yes (promised in phase 1, accepted in phase 2) or said no; under each zone whether
 * its yes-votes are a majority of it; and whether the quorum is complete — Q1 needs majorities in Z − F
 * zones, Q2 in F + 1 (the core's own rules, app/wpaxos/grid.ts).
 */
import type { PlacementGroup } from '../../../app/paxos/types';
import {
  majorityZones,
  q1Zones,
  q2Zones,
  zoneCount,
  zoneList,
  zoneMembers,
  zoneOf,
} from '../../../app/wpaxos/grid';
import type { QuorumRound } from './quorum-rounds';

export type Vote = 'leader' | 'yes' | 'no' | 'asked' | 'silent';

/** How `node` stands in `round`. */
export function voteOf(round: QuorumRound, node: string): Vote {
  if (node === round.leader) return 'leader';
  if (round.answered.includes(node)) return 'yes';
  if (round.refused.includes(node)) return 'no';
  return round.asked.includes(node) ? 'asked' : 'silent';
}

const voteMarks: Record<Vote, string> = { leader: '★', yes: '✓', no: '✗', asked: '…', silent: '—' };

/** The round's state in one line: complete, given up, or how far it got. */
export function roundStatus(round: QuorumRound, group: PlacementGroup, zoneFailures: number): string {
  const needed = round.phase === 1 ? q1Zones(zoneFailures) : q2Zones(zoneFailures);
  const name = round.phase === 1 ? 'Q1' : 'Q2';
  const answers = round.phase === 1 ? 'promises' : 'accepts';
  const rule = `${needed} of the ${zoneCount} zones needed, F = ${zoneFailures}`;
  if (round.formed) {
    const outcome =
      round.phase === 1 ? `${round.leader} now leads the object` : `slot ${round.slot} is chosen`;
    return `${name} complete: ${answers} from majorities of ${zoneList(round.zones)} (${rule}), so ${outcome}.`;
  }
  if (round.lost) return `Given up: ${round.leader} met a higher ballot, or no ${name} in time, and stopped.`;
  const have = majorityZones(group, round.answered);
  return `Waiting: ${answers} from majorities of ${zoneList(have)} so far (${rule}).`;
}

export function QuorumRoundCard({
  round,
  group,
  zoneFailures,
}: {
  round: QuorumRound;
  group: PlacementGroup;
  zoneFailures: number;
}) {
  const name = round.phase === 1 ? 'Q1' : 'Q2';
  const what =
    round.phase === 1
      ? `phase 1 of ballot ${round.ballot}: ${round.leader} asks every zone to promise`
      : `phase 2 of slot ${round.slot}, ballot ${round.ballot}: ${round.leader} asks for accepts`;
  const zones = Array.from({ length: zoneCount }, (_, zone) => zone);
  const yesZones = majorityZones(group, round.answered);
  const rows = Math.max(...zones.map((zone) => zoneMembers(group, zone).length));
  const state = round.formed ? 'complete' : round.lost ? 'lost' : 'open';
  return (
    <section
      className={`wpaxos-round wpaxos-round-${state}`}
      data-phase={round.phase}
      data-state={state}
      data-ballot={round.ballot}
      data-slot={round.slot}
      aria-label={`${name} round`}
    >
      <h4>
        <span className="wpaxos-round-name">{name}</span> {what}
      </h4>
      <table className="wpaxos-round-grid">
        <thead>
          <tr>
            {zones.map((zone) => (
              <th key={zone} className={`wpaxos-zone-head-${zone}`}>
                zone {zone + 1}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {Array.from({ length: rows }, (_, row) => (
            <tr key={row}>
              {zones.map((zone) => {
                const node = zoneMembers(group, zone)[row];
                if (!node) return <td key={zone} />;
                const vote = voteOf(round, node);
                // In the quorum: a yes the leader counted, in a zone whose majority made the quorum.
                const counted =
                  (round.formed?.includes(node) ?? false) && round.zones.includes(zoneOf(group, node));
                return (
                  <td
                    key={zone}
                    className={`wpaxos-vote wpaxos-vote-${vote}${counted ? ' in-quorum' : ''}`}
                    data-node={node}
                    data-vote={vote}
                    title={`${node}: ${voteWords(vote, round.phase)}${counted ? ', counted in the quorum' : ''}`}
                  >
                    <span className="mono">{node}</span> {voteMarks[vote]}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            {zones.map((zone) => (
              <td key={zone} className={yesZones.includes(zone) ? 'zone-majority' : 'dim'}>
                {yesZones.includes(zone) ? 'majority ✓' : 'no majority'}
              </td>
            ))}
          </tr>
        </tfoot>
      </table>
      <p className="wpaxos-round-status">{roundStatus(round, group, zoneFailures)}</p>
    </section>
  );
}

function voteWords(vote: Vote, phase: 1 | 2): string {
  const yes = phase === 1 ? 'promised' : 'accepted';
  const words: Record<Vote, string> = {
    leader: `the leader (it ${yes} its own ballot)`,
    yes,
    no: 'refused: it promised a higher ballot',
    asked: 'asked, no answer seen yet',
    silent: 'not seen asked',
  };
  return words[vote];
}
