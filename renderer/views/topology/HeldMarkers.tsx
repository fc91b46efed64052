/**
 * Held messages wait in a gate until someone lets them go. They are drawn in SVG (not on the canvas) as
 * one amber square per link, parked near the sender's gate, naming the oldest message and how many wait
 * behind it; clicking one shows it in the tray.
 */
import { pointPastSender } from '../../layers/flight-path';
import { messageKinds } from '../../layers/message-kinds';
import type { TopologyLayout } from '../../layers/topology-layout';
import type { MessageView } from '../../store/observed-cluster';

interface HeldMarkersProps {
  layout: TopologyLayout;
  /** Held messages, oldest first. */
  held: MessageView[];
  onPick: (messageId: string) => void;
}

/** How far past the sender's rim a held marker parks: clear of the node, short of any node beyond. */
const heldMarkerGapPx = 24;

export function HeldMarkers({ layout, held, onPick }: HeldMarkersProps) {
  const byLink = new Map<string, MessageView[]>();
  for (const message of held) {
    const link = `${message.from}>${message.to}`;
    byLink.set(link, [...(byLink.get(link) ?? []), message]);
  }
  return (
    <g className="held-markers">
      {[...byLink.values()].map((messages) => {
        const oldest = messages[0]!;
        const from = layout.nodes[oldest.from];
        const to = layout.nodes[oldest.to];
        if (!from || !to) return null;
        const point = pointPastSender(from, to, heldMarkerGapPx);
        const kind = messageKinds[oldest.type];
        const count = messages.length > 1 ? ` +${messages.length - 1}` : '';
        return (
          <g
            key={`${oldest.from}>${oldest.to}`}
            className={`held-marker msg-${kind.family}`}
            transform={`translate(${point.x},${point.y})`}
            data-message={oldest.id}
            data-held-count={messages.length}
            role="button"
            tabIndex={0}
            onClick={() => onPick(oldest.id)}
            onKeyDown={(event) => event.key === 'Enter' && onPick(oldest.id)}
          >
            <title>
              {messages
                .map((message) => `held: ${messageKinds[message.type].label} ${message.from} → ${message.to}`)
                .join('\n')}
            </title>
            <rect x={-7} y={-7} width={14} height={14} rx={3} />
            <text y={-11}>
              {kind.label}
              {count}
            </text>
          </g>
        );
      })}
    </g>
  );
}
