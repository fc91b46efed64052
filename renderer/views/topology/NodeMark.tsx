/**
 * One node: a circle coloured by health, its id inside, its state in words below, its role for the lens
 * key, and for a leader-based protocol the view it leads.
 */
import { memo } from 'react';
import type { NodeSpot } from '../../layers/topology-layout';
import { healthLabels, type NodeHealth } from '../../store/selectors/node-health';
import { LeaderBadge } from './LeaderBadge';

interface NodeMarkProps {
  /** Where the node sits (from the topology layout). */
  spot: NodeSpot;
  health: NodeHealth;
  /** 'A', 'B' or 'C' when the node is a replica of the key in the PLog lens. */
  role: string | null;
  selected: boolean;
  /** True when the agent skips fsync on promises and accepts (a demo knob). */
  syncRelaxed: boolean;
  onSelect: (nodeId: string) => void;
  onMenu: (nodeId: string, x: number, y: number) => void;
}

export const NodeMark = memo(function NodeMark({
  spot,
  health,
  role,
  selected,
  syncRelaxed,
  onSelect,
  onMenu,
}: NodeMarkProps) {
  const label = healthLabels[health];
  return (
    <g
      className={`node node-${health}${selected ? ' selected' : ''}`}
      transform={`translate(${spot.x},${spot.y})`}
      data-node={spot.id}
      data-health={health}
      role="button"
      tabIndex={0}
      aria-label={`node ${spot.id}: ${label}${role ? `, replica ${role} of the lens key` : ''}`}
      onClick={() => onSelect(spot.id)}
      onKeyDown={(event) => {
        if (event.key === 'Enter') onSelect(spot.id);
        if (event.key === 'ContextMenu' || (event.shiftKey && event.key === 'F10'))
          onMenu(spot.id, spot.x, spot.y);
      }}
      onContextMenu={(event) => {
        event.preventDefault();
        onMenu(spot.id, spot.x, spot.y);
      }}
    >
      <title>{`${spot.id}: ${label} (right-click for actions)`}</title>
      {selected && <circle className="node-selection" r={spot.r + 6} />}
      <circle className="node-body" r={spot.r} />
      {health === 'killed' && <path className="node-cross" d={cross(spot.r * 0.55)} />}
      <text className="node-id" dy="0.35em">
        {spot.id}
      </text>
      <text className="node-state" y={spot.r + 14}>
        {label}
        {syncRelaxed ? ' · no fsync' : ''}
      </text>
      <LeaderBadge nodeId={spot.id} radius={spot.r} />
      {role && (
        <g className="node-role" transform={`translate(${spot.r * 0.8},${-spot.r * 0.8})`}>
          <circle r={9} />
          <text dy="0.35em">{role}</text>
        </g>
      )}
    </g>
  );
});

function cross(size: number): string {
  return `M${-size},${-size}L${size},${size}M${size},${-size}L${-size},${size}`;
}
