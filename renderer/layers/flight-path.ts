/**
 * The curve a message follows between two nodes. Paths bend to the right of the direction of travel,
 * so a request and its reply on the same pair of nodes run on two separate arcs instead of overlapping.
 */
import type { NodeSpot } from './topology-layout';

export interface Point {
  x: number;
  y: number;
}

/** How far a path bows out, as a share of the distance between its ends. */
const bendShare = 0.12;

/** The quadratic Bézier control point of the path from `from` to `to`. */
export function controlPoint(from: Point, to: Point): Point {
  const dx = to.x - from.x;
  const dy = to.y - from.y;
  // (dy, -dx) is the direction of travel turned right (screen y points down).
  return { x: (from.x + to.x) / 2 + dy * bendShare, y: (from.y + to.y) / 2 - dx * bendShare };
}

/** A path's start (on the sender's rim), control point and end (on the receiver's rim). */
export interface PathPoints {
  startX: number;
  startY: number;
  controlX: number;
  controlY: number;
  endX: number;
  endY: number;
}

export function pathPoints(from: NodeSpot, to: NodeSpot): PathPoints {
  const c = controlPoint(from, to);
  const start = rimPoint(from, c);
  const end = rimPoint(to, c);
  return { startX: start.x, startY: start.y, controlX: c.x, controlY: c.y, endX: end.x, endY: end.y };
}

/** The x of the point at progress t along `path` (split from y so a frame of dots allocates nothing). */
export function pathX(path: PathPoints, t: number): number {
  const u = 1 - t;
  return u * u * path.startX + 2 * u * t * path.controlX + t * t * path.endX;
}

export function pathY(path: PathPoints, t: number): number {
  const u = 1 - t;
  return u * u * path.startY + 2 * u * t * path.controlY + t * t * path.endY;
}

/** The point at progress t (0 = leaving the sender's rim, 1 = reaching the receiver's rim). */
export function pointOnPath(from: NodeSpot, to: NodeSpot, t: number): Point {
  const path = pathPoints(from, to);
  return { x: pathX(path, t), y: pathY(path, t) };
}

/**
 * The point `distance` pixels along the path past the sender's rim (at most halfway), so something
 * parked there reads as leaving the sender rather than sitting on a node the path happens to cross.
 */
export function pointPastSender(from: NodeSpot, to: NodeSpot, distance: number): Point {
  const path = pathPoints(from, to);
  const length = Math.hypot(path.endX - path.startX, path.endY - path.startY);
  const t = length === 0 ? 0 : Math.min(0.5, distance / length);
  return { x: pathX(path, t), y: pathY(path, t) };
}

/** Where the line from a node's centre towards `toward` crosses its rim. */
function rimPoint(node: NodeSpot, toward: Point): Point {
  const dx = toward.x - node.x;
  const dy = toward.y - node.y;
  const length = Math.hypot(dx, dy);
  if (length === 0) return { x: node.x, y: node.y };
  return { x: node.x + (dx / length) * node.r, y: node.y + (dy / length) * node.r };
}

/** The SVG path of the whole curve, for drawing links (cuts, slow links) under the dots. */
export function pathData(from: NodeSpot, to: NodeSpot): string {
  const p = pathPoints(from, to);
  return `M${round(p.startX)},${round(p.startY)} Q${round(p.controlX)},${round(p.controlY)} ${round(p.endX)},${round(p.endY)}`;
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
