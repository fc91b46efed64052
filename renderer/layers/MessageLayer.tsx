/**
 * Messages in flight as dots on a canvas above the topology. It never re-renders with the store: a
 * transient subscription feeds new transport events to the flight board, and requestAnimationFrame
 * draws the board. Held messages are left to the SVG (they are few and clickable).
 */
import { useEffect, useRef } from 'react';
import type { ConsoleStoreApi } from '../store/store';
import type { MessageView } from '../store/observed-cluster';
import { FlightBoard, type FlightFrame } from './flight-board';
import { pointOnPath } from './flight-path';
import { familyColorVar, messageFamilies, messageKinds, type MessageFamily } from './message-kinds';
import type { TopologyLayout } from './topology-layout';

interface MessageLayerProps {
  store: ConsoleStoreApi;
  layout: TopologyLayout;
  /** Changes when the theme does, so colours are read again. */
  theme: string;
}

type Colors = Record<MessageFamily | 'dropped', string>;

export function MessageLayer({ store, layout, theme }: MessageLayerProps) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const layoutRef = useRef(layout);
  layoutRef.current = layout;

  useEffect(() => {
    const canvas = canvasRef.current;
    const context = canvas?.getContext('2d');
    if (!canvas || !context) return;
    const colors = readColors(canvas);
    const board = new FlightBoard();
    let seenN = store.getState().observed.eventCount;
    const unsubscribe = store.subscribe((state) => {
      const { recent, eventCount } = state.observed;
      if (eventCount === seenN) return;
      if (eventCount < seenN) board.clear();
      const now = performance.now();
      const first = recent.length - (eventCount - seenN);
      for (let i = Math.max(0, first); i < recent.length; i += 1) {
        board.apply(recent[i]!, now, state.settings.speed);
      }
      seenN = eventCount;
    });
    // An empty canvas is cleared once; repainting it every frame would keep the compositor busy for nothing.
    let paintedEmpty = false;
    let frame = requestAnimationFrame(function draw() {
      const { rewound } = store.getState();
      const frames = rewound ? frozenFrames(Object.values(rewound.inFlight)) : board.frame(performance.now());
      if (frames.length > 0 || !paintedEmpty) paint(context, canvas, layoutRef.current, frames, colors);
      paintedEmpty = frames.length === 0;
      const flights = String(board.size);
      if (canvas.dataset.flights !== flights) canvas.dataset.flights = flights;
      frame = requestAnimationFrame(draw);
    });
    return () => {
      unsubscribe();
      cancelAnimationFrame(frame);
    };
  }, [store, theme]);

  const ratio = globalThis.devicePixelRatio || 1;
  return (
    <canvas
      ref={canvasRef}
      className="message-layer"
      width={Math.round(layout.width * ratio)}
      height={Math.round(layout.height * ratio)}
      style={{ width: layout.width, height: layout.height }}
      aria-hidden="true"
    />
  );
}

/** While rewinding, messages in the air at that moment are shown still, halfway along their path. */
function frozenFrames(messages: MessageView[]): FlightFrame[] {
  return messages.map((message) => ({
    t: 0.5,
    alpha: 1,
    flight: {
      id: message.id,
      kind: message.type,
      from: message.from,
      to: message.to,
      phase: message.state === 'delivered' ? 'arrived' : message.state,
      startMs: 0,
      durationMs: 1,
      parkAt: 0.5,
      endMs: null,
      endT: 0.5,
      duplicated: message.duplicated,
    },
  }));
}

function readColors(canvas: HTMLCanvasElement): Colors {
  const style = getComputedStyle(canvas);
  const read = (name: string) => style.getPropertyValue(name).trim() || '#888';
  const colors = { dropped: read('--msg-dropped') } as Colors;
  for (const family of messageFamilies) colors[family] = read(familyColorVar(family));
  return colors;
}

const dotRadius = 5;

/** Draws all dots, batched per colour and style so thousands of dots cost a few canvas calls. */
function paint(
  context: CanvasRenderingContext2D,
  canvas: HTMLCanvasElement,
  layout: TopologyLayout,
  frames: FlightFrame[],
  colors: Colors,
): void {
  const ratio = canvas.width / Math.max(1, layout.width);
  context.setTransform(ratio, 0, 0, ratio, 0, 0);
  context.clearRect(0, 0, layout.width, layout.height);
  const groups = new Map<string, { frame: FlightFrame; x: number; y: number }[]>();
  for (const frame of frames) {
    const { flight } = frame;
    if (flight.phase === 'held') continue;
    const from = layout.nodes[flight.from];
    const to = layout.nodes[flight.to];
    if (!from || !to) continue;
    const point = pointOnPath(from, to, frame.t);
    const kind = messageKinds[flight.kind];
    const style =
      flight.phase === 'dropped'
        ? 'dropped'
        : `${kind.family}|${kind.reply ? 'reply' : 'request'}|${flight.phase}`;
    const list = groups.get(style) ?? [];
    list.push({ frame, x: point.x, y: point.y });
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
  dots: { frame: FlightFrame; x: number; y: number }[],
  colors: Colors,
): void {
  const [family, shape, phase] = style.split('|') as [MessageFamily, 'reply' | 'request', string];
  const color = colors[family];
  context.fillStyle = color;
  context.strokeStyle = color;
  context.lineWidth = 2;
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

function paintDropped(
  context: CanvasRenderingContext2D,
  dots: { frame: FlightFrame; x: number; y: number }[],
  color: string,
) {
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
