/**
 * Draws one frame of messages in flight: a dot per message (filled for requests, hollow for replies,
 * coloured by protocol step) with a short tail showing where it comes from, a dashed ring for delayed
 * ones and a red cross where one was lost. Each look is drawn once with the canvas API into a sprite;
 * frames are then blended in a JavaScript pixel buffer (dot-raster.ts) and shown with one putImageData,
 * which keeps thousands of dots smooth even where the canvas has no GPU.
 */
import { DotRaster, rasterLine, spritePixels, type SpritePixels } from './dot-raster';
import type { FlightFrame } from './flight-board';
import { pointOnPath } from './flight-path';
import { messageFamilies, messageKinds, type MessageFamily } from './message-kinds';
import type { TopologyLayout } from './topology-layout';

export type FlightColors = Record<MessageFamily | 'dropped', string>;

/** The looks a dot can have; the key of a sprite. */
type Look = `${MessageFamily}|${'request' | 'reply'}|${'plain' | 'delayed'}` | 'dropped';

export interface FlightSprites {
  looks: Map<Look, SpritePixels>;
  /** A 2-pixel brush per family, for tails. */
  brushes: Map<MessageFamily, SpritePixels>;
  /** Device pixels per CSS pixel the sprites were drawn for. */
  ratio: number;
}

const dotRadius = 5;
/** A sprite's size in CSS pixels: the dot, a delayed ring around it, and room for anti-aliasing. */
const spriteSize = 2 * (dotRadius + 6);
/** How far behind the dot its tail starts, as a share of the path. */
const tailShare = 0.08;
/** Above this many dots, tails are left out: a crowd of them only adds noise. */
const tailsMax = 600;
const tailAlpha = 0.4;

/** Draws every look once; redo this when the theme (and so the colours) or the pixel ratio changes. */
export function createSprites(
  colors: FlightColors,
  ratio: number,
  createCanvas: () => HTMLCanvasElement,
): FlightSprites {
  const render = (size: number, paint: (context: CanvasRenderingContext2D) => void): SpritePixels => {
    const canvas = createCanvas();
    canvas.width = Math.ceil(size * ratio);
    canvas.height = Math.ceil(size * ratio);
    const context = canvas.getContext('2d')!;
    context.setTransform(ratio, 0, 0, ratio, (canvas.width / 2) | 0, (canvas.height / 2) | 0);
    paint(context);
    return spritePixels(context.getImageData(0, 0, canvas.width, canvas.height));
  };
  const looks = new Map<Look, SpritePixels>();
  const brushes = new Map<MessageFamily, SpritePixels>();
  for (const family of messageFamilies) {
    for (const shape of ['request', 'reply'] as const) {
      for (const timing of ['plain', 'delayed'] as const) {
        looks.set(
          `${family}|${shape}|${timing}`,
          render(spriteSize, (c) => paintDot(c, colors[family], shape, timing)),
        );
      }
    }
    brushes.set(
      family,
      render(2, (c) => paintBrush(c, colors[family])),
    );
  }
  looks.set(
    'dropped',
    render(spriteSize, (c) => paintCross(c, colors.dropped)),
  );
  return { looks, brushes, ratio };
}

function paintDot(
  context: CanvasRenderingContext2D,
  color: string,
  shape: 'request' | 'reply',
  timing: 'plain' | 'delayed',
): void {
  context.fillStyle = color;
  context.strokeStyle = color;
  context.lineWidth = 2;
  context.beginPath();
  context.arc(0, 0, dotRadius - (shape === 'reply' ? 1 : 0), 0, Math.PI * 2);
  if (shape === 'request') context.fill();
  else context.stroke();
  if (timing === 'delayed') {
    // A delayed message carries a dashed ring: it is slowed on purpose by a link rule.
    context.lineWidth = 1.5;
    context.setLineDash([2, 2]);
    context.beginPath();
    context.arc(0, 0, dotRadius + 4, 0, Math.PI * 2);
    context.stroke();
  }
}

function paintCross(context: CanvasRenderingContext2D, color: string): void {
  context.strokeStyle = color;
  context.lineWidth = 2.5;
  context.beginPath();
  context.moveTo(-6, -6);
  context.lineTo(6, 6);
  context.moveTo(6, -6);
  context.lineTo(-6, 6);
  context.stroke();
}

function paintBrush(context: CanvasRenderingContext2D, color: string): void {
  context.fillStyle = color;
  context.fillRect(-1, -1, 2, 2);
}

function lookOf(frame: FlightFrame): Look {
  const { flight } = frame;
  if (flight.phase === 'dropped') return 'dropped';
  const kind = messageKinds[flight.kind];
  return `${kind.family}|${kind.reply ? 'reply' : 'request'}|${flight.phase === 'delayed' ? 'delayed' : 'plain'}`;
}

/** Blends one frame into `raster` (sized to the canvas in device pixels); held dots are the SVG's. */
export function rasterFlights(
  raster: DotRaster,
  layout: TopologyLayout,
  frames: readonly FlightFrame[],
  sprites: FlightSprites,
): void {
  raster.clear();
  const { ratio } = sprites;
  const drawn = frames.filter((frame) => frame.flight.phase !== 'held');
  const scaled = (point: { x: number; y: number }) => ({ x: point.x * ratio, y: point.y * ratio });
  for (const frame of drawn.length <= tailsMax ? drawn : []) {
    const from = layout.nodes[frame.flight.from];
    const to = layout.nodes[frame.flight.to];
    const brush = sprites.brushes.get(messageKinds[frame.flight.kind].family);
    if (!from || !to || !brush || frame.flight.phase === 'dropped' || frame.t === 0) continue;
    const tail = scaled(pointOnPath(from, to, Math.max(0, frame.t - tailShare)));
    rasterLine(raster, tail, scaled(pointOnPath(from, to, frame.t)), brush, tailAlpha * frame.alpha);
  }
  for (const frame of drawn) {
    const from = layout.nodes[frame.flight.from];
    const to = layout.nodes[frame.flight.to];
    const sprite = sprites.looks.get(lookOf(frame));
    if (!from || !to || !sprite) continue;
    const point = scaled(pointOnPath(from, to, frame.t));
    raster.stamp(sprite, point.x, point.y, frame.alpha);
  }
}
