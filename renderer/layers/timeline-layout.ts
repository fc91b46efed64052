/**
 * The space-time diagram's geometry: one lane per node, time flowing right by event order (so bursts
 * stay readable however fast they happen), a line per message from its send to its receive, a mark per
 * protocol step, and fault bands across the lanes.
 */
import { scaleLinear, scalePoint } from 'd3';
import { protocolStepTypes } from '../../app/model/cluster-event';
import type { NodeId } from '../../app/paxos/types';
import type { MessageType } from './message-kinds';
import type { FaultBand, MessageView, ObservedCluster, RecordedEvent } from '../store/observed-cluster';

export interface TimelineSize {
  width: number;
  height: number;
  /** Room on the left for lane names. */
  gutter: number;
}

export interface MessageLine {
  id: string;
  kind: MessageType;
  from: NodeId;
  to: NodeId;
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  /** How the line ends: at the receiver, as a cross where it was lost, or still open (held or flying). */
  end: 'delivered' | 'dropped' | 'open';
  /** The ordinal to inspect when the line is clicked (its send, or its first event). */
  n: number;
}

export interface StepMark {
  n: number;
  x: number;
  y: number;
  type: RecordedEvent['type'];
}

export interface BandRect {
  node: NodeId;
  kind: FaultBand['kind'];
  x: number;
  y: number;
  width: number;
  height: number;
  label: string;
}

export interface TimelineLayout {
  lanes: { node: NodeId; y: number }[];
  laneHeight: number;
  lines: MessageLine[];
  marks: StepMark[];
  bands: BandRect[];
  firstN: number;
  lastN: number;
}

/** Lays out the newest `windowEvents` events of `observed` over the given lanes. */
export function layoutTimeline(
  observed: ObservedCluster,
  laneOrder: readonly NodeId[],
  size: TimelineSize,
  windowEvents: number,
): TimelineLayout {
  const lastN = observed.eventCount;
  const firstN = Math.max(1, lastN - windowEvents + 1, observed.recent[0]?.n ?? 1);
  const x = scaleLinear()
    .domain([firstN - 1, Math.max(lastN, firstN)])
    .range([size.gutter, size.width - 8]);
  const lane = scalePoint<NodeId>()
    .domain(laneOrder)
    .range([14, size.height - 14])
    .padding(0.3);
  const laneHeight = laneOrder.length > 1 ? lane.step() : size.height / 2;
  const laneY = (node: NodeId) => lane(node) ?? -100;
  const shown = (n: number | null) => n !== null && n >= firstN;
  const lines = messageLines(observed, firstN, lastN, x, laneY, shown);
  const marks = observed.recent
    .filter((event) => event.n >= firstN && protocolStepTypes.has(event.type))
    .map((event) => ({ n: event.n, x: x(event.n), y: laneY(event.agent), type: event.type }));
  const bands = observed.bands
    .filter((band) => (band.endN ?? lastN) >= firstN && laneOrder.includes(band.node))
    .map((band) => {
      const x0 = x(Math.max(band.startN, firstN - 1));
      return {
        node: band.node,
        kind: band.kind,
        x: x0,
        y: laneY(band.node) - laneHeight / 2 + 2,
        width: Math.max(2, x(band.endN ?? lastN) - x0),
        height: laneHeight - 4,
        label: band.label,
      };
    });
  return {
    lanes: laneOrder.map((node) => ({ node, y: laneY(node) })),
    laneHeight,
    lines,
    marks,
    bands,
    firstN,
    lastN,
  };
}

function messageLines(
  observed: ObservedCluster,
  firstN: number,
  lastN: number,
  x: (n: number) => number,
  laneY: (node: NodeId) => number,
  shown: (n: number | null) => boolean,
): MessageLine[] {
  const candidates: MessageView[] = [...observed.finished, ...Object.values(observed.inFlight)];
  return candidates
    .filter((message) => shown(message.sendEventN) || shown(message.receiveEventN) || shown(message.endN))
    .map((message) => {
      const startN = message.sendEventN ?? message.sentN;
      const endN = message.receiveEventN ?? message.endN ?? lastN;
      const end: MessageLine['end'] =
        message.state === 'delivered' ? 'delivered' : message.state === 'dropped' ? 'dropped' : 'open';
      const y1 = laneY(message.from);
      const y2 = laneY(message.to);
      // A lost or open message stops partway, so it never seems to reach its receiver.
      const reach = end === 'delivered' ? 1 : 0.55;
      return {
        id: message.id,
        kind: message.type,
        from: message.from,
        to: message.to,
        x1: x(Math.max(startN, firstN - 1)),
        y1,
        x2: x(endN),
        y2: y1 + (y2 - y1) * reach,
        end,
        n: startN,
      };
    });
}
