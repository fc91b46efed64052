/**
 * A steal at a glance: the three zones side by side and the object's chip sliding from the old leader's
 * zone to the new one, its colour turning from the old zone's to the new zone's (replayed for every new
 * steal). While a phase 1 is still open, the thief's zone shows a pulsing outline of the chip.
 */
import type { CSSProperties } from 'react';
import type { PlacementGroup } from '../../../app/paxos/types';
import { zoneCount, zoneOf } from '../../../app/wpaxos/grid';
import type { QuorumRound, Steal } from './quorum-rounds';

export function StealTrack({
  object,
  steal,
  q1,
  group,
}: {
  object: string;
  steal: Steal | null;
  q1: QuorumRound | null;
  group: PlacementGroup;
}) {
  const zoneOfNode = (node: string | null) =>
    node && group.members.includes(node) ? zoneOf(group, node) : null;
  const to = steal ? zoneOfNode(steal.to) : null;
  const from = steal ? (zoneOfNode(steal.from) ?? to) : null;
  const stealing = q1 && !q1.formed && !q1.lost ? zoneOfNode(q1.leader) : null;
  const style = { '--from': from ?? 0, '--to': to ?? 0 } as CSSProperties;
  return (
    <div className="wpaxos-steal" aria-label="steal">
      <div className="wpaxos-steal-track" style={style}>
        {Array.from({ length: zoneCount }, (_, zone) => (
          <div key={zone} className={`wpaxos-steal-zone wpaxos-zone-border-${zone}`}>
            zone {zone + 1}
          </div>
        ))}
        {stealing !== null && (
          <span
            className={`wpaxos-steal-ghost wpaxos-zone-border-${stealing}`}
            style={{ '--at': stealing } as CSSProperties}
          >
            {object}?
          </span>
        )}
        {steal && to !== null && from !== null && (
          <span
            // A new key replays the flight for every new steal.
            key={steal.n}
            className={`wpaxos-steal-chip wpaxos-zone-${to}`}
            data-from-zone={from}
            data-to-zone={to}
            style={
              {
                '--from-colour': `var(--wpaxos-zone-${from})`,
                '--to-colour': `var(--wpaxos-zone-${to})`,
              } as CSSProperties
            }
          >
            {object}
          </span>
        )}
      </div>
      <p className="wpaxos-steal-caption">{stealWords(object, steal, from, to, stealing, q1)}</p>
    </div>
  );
}

function stealWords(
  object: string,
  steal: Steal | null,
  from: number | null,
  to: number | null,
  stealing: number | null,
  q1: QuorumRound | null,
): string {
  if (stealing !== null && q1)
    return `${q1.leader} in zone ${stealing + 1} is stealing ${object}: phase 1 with ballot ${q1.ballot}, waiting for a Q1.`;
  if (!steal || to === null) return `Nobody has stolen ${object} yet.`;
  if (!steal.from || from === to)
    return `${steal.to} in zone ${to + 1} took ${object} with ballot ${steal.ballot}${steal.from ? ` (from ${steal.from}, same zone)` : ''}.`;
  return `${object} moved from zone ${(from ?? 0) + 1} (${steal.from}) to zone ${to + 1} (${steal.to}): ${steal.to} stole it with ballot ${steal.ballot}.`;
}
