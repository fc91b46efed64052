import { describe, expect, it } from 'vitest';
import { defaultTopology } from '../../../app/model/topology';
import { DotRaster, spritePixels, type SpritePixels } from '../../../renderer/layers/dot-raster';
import type { Flight, FlightFrame } from '../../../renderer/layers/flight-board';
import { pathPoints, pathX, pathY, pointOnPath } from '../../../renderer/layers/flight-path';
import { messageKinds } from '../../../renderer/layers/message-kinds';
import { rasterFlights, type FlightSprites } from '../../../renderer/layers/paint-flights';
import { layoutTopology } from '../../../renderer/layers/topology-layout';

/** A one-pixel sprite whose red channel tells which look was stamped. */
const marker = (red: number): SpritePixels =>
  spritePixels({ data: Uint8ClampedArray.of(red, 0, 0, 255), width: 1, height: 1 });

function markerSprites(ratio: number): FlightSprites {
  const brush = marker(9);
  const byKind = Object.fromEntries(
    Object.keys(messageKinds).map((kind) => [kind, { plain: marker(10), delayed: marker(20), brush }]),
  ) as FlightSprites['byKind'];
  return { looks: new Map([['dropped', marker(30)]]), brushes: new Map(), byKind, ratio };
}

function frameOf(phase: Flight['phase'], t: number): FlightFrame {
  const flight: Flight = {
    id: `n0:${phase}`,
    kind: 'accept',
    from: 'n0',
    to: 'n2',
    phase,
    startMs: 0,
    durationMs: 1000,
    parkAt: 1,
    endMs: null,
    endT: t,
    duplicated: false,
  };
  return { flight, t, alpha: 1 };
}

describe('painting flights', () => {
  const layout = layoutTopology(defaultTopology(), 800, 500);
  const redAt = (raster: DotRaster, x: number, y: number) =>
    raster.data[(Math.round(y) * raster.width + Math.round(x)) * 4]!;

  it('stamps each look where its path puts it at the frame’s progress, scaled to device pixels', () => {
    const ratio = 2;
    const raster = new DotRaster(1600, 1000);
    const frames = [frameOf('flying', 0.5), frameOf('delayed', 0.25), frameOf('dropped', 0.75)];
    rasterFlights(raster, layout, frames, markerSprites(ratio));
    const path = pathPoints(layout.nodes['n0']!, layout.nodes['n2']!);
    expect(redAt(raster, pathX(path, 0.5) * ratio, pathY(path, 0.5) * ratio)).toBe(10);
    expect(redAt(raster, pathX(path, 0.25) * ratio, pathY(path, 0.25) * ratio)).toBe(20);
    expect(redAt(raster, pathX(path, 0.75) * ratio, pathY(path, 0.75) * ratio)).toBe(30);
    const point = pointOnPath(layout.nodes['n0']!, layout.nodes['n2']!, 0.5);
    expect(point.x).toBeCloseTo(pathX(path, 0.5));
  });

  it('leaves held messages to the SVG and clears the previous frame', () => {
    const raster = new DotRaster(800, 500);
    const sprites = markerSprites(1);
    rasterFlights(raster, layout, [frameOf('flying', 0.5)], sprites);
    rasterFlights(raster, layout, [frameOf('held', 0.5)], sprites);
    expect(raster.data.every((value) => value === 0)).toBe(true);
  });
});
