/**
 * A crown-like tag above a node that leads a group in a leader-based protocol (multi-Paxos): "leader
 * v3", from the newest leadership the protocol's steps announced. Nothing for a leaderless protocol.
 */
import { useMemo } from 'react';
import { groupsLedBy } from '../../store/ingest-leadership';
import { useShown } from '../use-console';
import './leader-badge.css';

export function LeaderBadge({ nodeId, radius }: { nodeId: string; radius: number }) {
  const leaders = useShown((observed) => observed.leaders);
  const led = useMemo(() => groupsLedBy(leaders, nodeId), [leaders, nodeId]);
  if (led.length === 0) return null;
  const several = new Set(Object.values(leaders).map((leader) => leader.group)).size > 1;
  const text = led
    .map((leader) => (several ? `${leader.group} v${leader.view}` : `v${leader.view}`))
    .join(' ');
  const label = `leader ${text}`;
  const width = label.length * 6.2 + 12;
  return (
    <g
      className="leader-badge"
      transform={`translate(0,${-radius - 13})`}
      data-leader-of={led.map((leader) => leader.group).join(' ')}
      data-view={led.map((leader) => leader.view).join(' ')}
    >
      <title>
        {led.map((leader) => `${nodeId} leads ${leader.group} in view ${leader.view}`).join('; ')}
      </title>
      <rect x={-width / 2} y={-9} width={width} height={18} rx={9} />
      <text dy="0.35em">{label}</text>
    </g>
  );
}
