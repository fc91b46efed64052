/**
 * Draws one frame of messages in flight: a dot per message (filled for requests, hollow for replies,
 * coloured by protocol step) with a short tail showing where it comes from, a dashed ring for delayed
 * ones and a red cross where one was lost. Each look is drawn once with the canvas API into a sprite;
 * frames are then blended in a JavaScript pixel buffer (dot-raster.ts) and shown with one putImageData,
 * which keeps thousands of dots smooth even where the canvas has no GPU.
 */
import { DotRaster, rasterLine, spritePixels, type SpritePixels } from './dot-raster';
import type { FlightFrame } from './flight-board';
import { pathPoints, pathX, pathY, type PathPoints } from './flight-path';
import { messageFamilies, messageKinds, type MessageFamily, type MessageType } from './message-kinds';
import type { TopologyLayout } from './topology-layout';

export type FlightColors = Record<MessageFamily | 'dropped', string>;

/** The looks a dot can have; the key of a sprite. */
type Look = `${MessageFamily}|${'request' | 'reply'}|${'plain' | 'delayed'}` | 'dropped';

export interface FlightSprites {
  looks: Map<Look, SpritePixels>;
  /** A 2-pixel brush per family, for tails. */
  brushes: Map<MessageFamily, SpritePixels>;
  /** Each message kind's plain and delayed look and its brush, so a frame looks nothing up by name. */
  byKind: Record<MessageType, KindSprites>;
  /** Device pixels per CSS pixel the sprites were drawn for. */
  ratio: number;
}

interface KindSprites {
  plain: SpritePixels;
  delayed: SpritePixels;
  brush: SpritePixels;
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
  return { looks, brushes, byKind: spritesByKind(looks, brushes), ratio };
}

function spritesByKind(
  looks: Map<Look, SpritePixels>,
  brushes: Map<MessageFamily, SpritePixels>,
): Record<MessageType, KindSprites> {
  const entries = Object.entries(messageKinds).map(([kind, { family, reply }]) => {
    const shape = reply ? 'reply' : 'request';
    const sprites: KindSprites = {
      plain: looks.get(`${family}|${shape}|plain`)!,
      delayed: looks.get(`${family}|${shape}|delayed`)!,
      brush: brushes.get(family)!,
    };
    return [kind, sprites];
  });
  return Object.fromEntries(entries) as Record<MessageType, KindSprites>;
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

function spriteOf(frame: FlightFrame, sprites: FlightSprites): SpritePixels {
  const { flight } = frame;
  if (flight.phase === 'dropped') return sprites.looks.get('dropped')!;
  const kind = sprites.byKind[flight.kind];
  return flight.phase === 'delayed' ? kind.delayed : kind.plain;
}

/** Each layout's paths by sender and receiver, computed on first use (a layout never changes). */
const pathsByLayout = new WeakMap<TopologyLayout, Map<string, Map<string, PathPoints | null>>>();

function pathOf(layout: TopologyLayout, from: string, to: string): PathPoints | null {
  let paths = pathsByLayout.get(layout);
  if (!paths) {
    paths = new Map();
    pathsByLayout.set(layout, paths);
  }
  let fromPaths = paths.get(from);
  if (!fromPaths) {
    fromPaths = new Map();
    paths.set(from, fromPaths);
  }
  let path = fromPaths.get(to);
  if (path === undefined) {
    const fromSpot = layout.nodes[from];
    const toSpot = layout.nodes[to];
    path = fromSpot && toSpot ? pathPoints(fromSpot, toSpot) : null;
    fromPaths.set(to, path);
  }
  return path;
}

/**
 * Blends one frame into `raster` (sized to the canvas in device pixels); held dots are the SVG's. Runs
 * for thousands of dots per frame, so it creates no objects per dot.
 */
export function rasterFlights(
  raster: DotRaster,
  layout: TopologyLayout,
  frames: readonly FlightFrame[],
  sprites: FlightSprites,
): void {
  raster.clear();
  const { ratio } = sprites;
  if (frames.length <= tailsMax) {
    for (const frame of frames) {
      const { flight } = frame;
      const path = pathOf(layout, flight.from, flight.to);
      if (!path || flight.phase === 'held' || flight.phase === 'dropped' || frame.t === 0) continue;
      const tailT = Math.max(0, frame.t - tailShare);
      const tail = { x: pathX(path, tailT) * ratio, y: pathY(path, tailT) * ratio };
      const head = { x: pathX(path, frame.t) * ratio, y: pathY(path, frame.t) * ratio };
      rasterLine(raster, tail, head, sprites.byKind[flight.kind].brush, tailAlpha * frame.alpha);
    }
  }
  for (const frame of frames) {
    const path = pathOf(layout, frame.flight.from, frame.flight.to);
    if (!path || frame.flight.phase === 'held') continue;
    const sprite = spriteOf(frame, sprites);
    raster.stamp(sprite, pathX(path, frame.t) * ratio, pathY(path, frame.t) * ratio, frame.alpha);
  }
}
