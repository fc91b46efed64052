/**
 * Draws one frame of messages in flight on a 2D canvas: a dot per message (filled for requests, hollow
 * for replies, coloured by protocol step) with a short tail showing where it comes from, a dashed ring
 * for delayed ones and a red cross where one was lost. Dots are batched per style, so thousands cost a
 * few canvas calls.
 */
import type { FlightFrame } from './flight-board';
import { pointOnPath } from './flight-path';
import { messageKinds, type MessageFamily } from './message-kinds';
import type { TopologyLayout } from './topology-layout';

export type FlightColors = Record<MessageFamily | 'dropped', string>;

interface Dot {
  frame: FlightFrame;
  x: number;
  y: number;
  /** Where the tail starts: a little behind the dot on its path. */
  tailX: number;
  tailY: number;
}

/** How far behind the dot its tail starts, as a share of the path. */
const tailShare = 0.08;

const dotRadius = 5;

/** Draws all dots, batched per colour and style so thousands of dots cost a few canvas calls. */
export function paintFlights(
  context: CanvasRenderingContext2D,
  canvas: HTMLCanvasElement,
  layout: TopologyLayout,
  frames: FlightFrame[],
  colors: FlightColors,
): void {
  const ratio = canvas.width / Math.max(1, layout.width);
  context.setTransform(ratio, 0, 0, ratio, 0, 0);
  context.clearRect(0, 0, layout.width, layout.height);
  const groups = new Map<string, Dot[]>();
  for (const frame of frames) {
    const { flight } = frame;
    if (flight.phase === 'held') continue;
    const from = layout.nodes[flight.from];
    const to = layout.nodes[flight.to];
    if (!from || !to) continue;
    const point = pointOnPath(from, to, frame.t);
    const tail = pointOnPath(from, to, Math.max(0, frame.t - tailShare));
    const kind = messageKinds[flight.kind];
    const style =
      flight.phase === 'dropped'
        ? 'dropped'
        : `${kind.family}|${kind.reply ? 'reply' : 'request'}|${flight.phase}`;
    const list = groups.get(style) ?? [];
    list.push({ frame, x: point.x, y: point.y, tailX: tail.x, tailY: tail.y });
    groups.set(style, list);
  }
  for (const [style, dots] of groups) {
    if (style === 'dropped') paintDropped(context, dots, colors.dropped);
    else paintDots(context, style, dots, colors);
  }
  context.globalAlpha = 1;
  context.setLineDash([]);
}

function paintDots(
  context: CanvasRenderingContext2D,
  style: string,
  dots: Dot[],
  colors: FlightColors,
): void {
  const [family, shape, phase] = style.split('|') as [MessageFamily, 'reply' | 'request', string];
  const color = colors[family];
  context.fillStyle = color;
  context.strokeStyle = color;
  // Tails first, faint, so the dots sit on top and the direction of travel is plain.
  context.globalAlpha = 0.4;
  context.lineWidth = 2;
  context.beginPath();
  for (const dot of dots) {
    context.moveTo(dot.tailX, dot.tailY);
    context.lineTo(dot.x, dot.y);
  }
  context.stroke();
  const drawShape = () => (shape === 'request' ? context.fill() : context.stroke());
  context.globalAlpha = 1;
  context.beginPath();
  for (const dot of dots) {
    if (dot.frame.alpha < 1) continue;
    context.moveTo(dot.x + dotRadius, dot.y);
    context.arc(dot.x, dot.y, dotRadius, 0, Math.PI * 2);
  }
  drawShape();
  // Arrived dots fade out one by one; there are few of them at any moment.
  for (const dot of dots) {
    if (dot.frame.alpha >= 1) continue;
    context.globalAlpha = dot.frame.alpha;
    context.beginPath();
    context.arc(dot.x, dot.y, dotRadius, 0, Math.PI * 2);
    drawShape();
  }
  if (phase === 'delayed') {
    // A delayed message carries a dashed ring: it is slowed on purpose by a link rule.
    context.globalAlpha = 1;
    context.setLineDash([2, 2]);
    context.beginPath();
    for (const dot of dots) {
      context.moveTo(dot.x + dotRadius + 4, dot.y);
      context.arc(dot.x, dot.y, dotRadius + 4, 0, Math.PI * 2);
    }
    context.stroke();
    context.setLineDash([]);
  }
}

function paintDropped(context: CanvasRenderingContext2D, dots: Dot[], color: string) {
  context.strokeStyle = color;
  context.lineWidth = 2.5;
  for (const dot of dots) {
    context.globalAlpha = dot.frame.alpha;
    context.beginPath();
    context.moveTo(dot.x - 6, dot.y - 6);
    context.lineTo(dot.x + 6, dot.y + 6);
    context.moveTo(dot.x + 6, dot.y - 6);
    context.lineTo(dot.x - 6, dot.y + 6);
    context.stroke();
  }
}
