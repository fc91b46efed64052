/**
 * Held messages wait in a gate until someone lets them go. They are drawn in SVG (not on the canvas) as
 * amber squares parked near the gate holding them, so they stay visible and can be clicked.
 */
import { pointOnPath } from '../../layers/flight-path';
import { messageKinds } from '../../layers/message-kinds';
import type { TopologyLayout } from '../../layers/topology-layout';
import type { MessageView } from '../../store/observed-cluster';

interface HeldMarkersProps {
  layout: TopologyLayout;
  held: MessageView[];
  onPick: (messageId: string) => void;
}

export function HeldMarkers({ layout, held, onPick }: HeldMarkersProps) {
  return (
    <g className="held-markers">
      {held.map((message, i) => {
        const from = layout.nodes[message.from];
        const to = layout.nodes[message.to];
        if (!from || !to) return null;
        // Several held messages on one link would sit on top of each other; spread them along it.
        const point = pointOnPath(from, to, Math.min(0.5, 0.2 + (i % 4) * 0.07));
        return (
          <g
            key={message.id}
            className={`held-marker msg-${messageKinds[message.type].family}`}
            transform={`translate(${point.x},${point.y})`}
            data-message={message.id}
            role="button"
            tabIndex={0}
            onClick={() => onPick(message.id)}
            onKeyDown={(event) => event.key === 'Enter' && onPick(message.id)}
          >
            <title>{`held: ${messageKinds[message.type].label} ${message.from} → ${message.to}${message.key ? ` · ${message.key}#${message.index}` : ''}`}</title>
            <rect x={-7} y={-7} width={14} height={14} rx={3} />
            <text y={-11}>{messageKinds[message.type].label}</text>
          </g>
        );
      })}
    </g>
  );
}
