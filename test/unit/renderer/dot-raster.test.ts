import { describe, expect, it } from 'vitest';
import { DotRaster, rasterLine, spritePixels } from '../../../renderer/layers/dot-raster';

/** A 3×3 image with one opaque red pixel in the middle and one half-transparent blue corner. */
function tinyImage() {
  const data = new Uint8ClampedArray(3 * 3 * 4);
  data.set([255, 0, 0, 255], (1 * 3 + 1) * 4);
  data.set([0, 0, 255, 128], 0);
  return { data, width: 3, height: 3 };
}

/** A sprite of one pixel at its centre. */
const onePixel = (r: number, g: number, b: number, a: number) =>
  spritePixels({ data: Uint8ClampedArray.of(r, g, b, a), width: 1, height: 1 });

const pixelAt = (raster: DotRaster, x: number, y: number) =>
  Array.from(raster.data.slice((y * raster.width + x) * 4, (y * raster.width + x) * 4 + 4));

describe('dot raster', () => {
  it('keeps only the visible pixels of a sprite, as offsets from its centre', () => {
    const sprite = spritePixels(tinyImage());
    expect(Array.from(sprite.dx)).toEqual([-1, 0]);
    expect(Array.from(sprite.dy)).toEqual([-1, 0]);
    expect(Array.from(sprite.rgba)).toEqual([0, 0, 255, 128, 255, 0, 0, 255]);
  });

  it('stamps a sprite centred on a point, clipped at the edges, and clears', () => {
    const raster = new DotRaster(4, 4);
    const sprite = spritePixels(tinyImage());
    raster.stamp(sprite, 0, 0, 1);
    expect(pixelAt(raster, 0, 0)).toEqual([255, 0, 0, 255]);
    raster.stamp(sprite, 3.4, 2.6, 1);
    expect(pixelAt(raster, 3, 3)).toEqual([255, 0, 0, 255]);
    expect(pixelAt(raster, 2, 2)).toEqual([0, 0, 255, 128]);
    raster.clear();
    expect(raster.data.every((value) => value === 0)).toBe(true);
  });

  it('blends source over what is there, scaled by the stamp’s alpha', () => {
    const raster = new DotRaster(3, 3);
    const red = spritePixels(tinyImage());
    raster.stamp(red, 1, 1, 1);
    const blue = onePixel(0, 0, 255, 255);
    raster.stamp(blue, 1, 1, 0.5);
    const [r, g, b, a] = pixelAt(raster, 1, 1);
    expect(a).toBe(255);
    expect(r).toBeGreaterThan(120);
    expect(r).toBeLessThan(135);
    expect(b).toBeGreaterThan(120);
    expect(g).toBe(0);
  });

  it('draws a line as stamps from end to end', () => {
    const raster = new DotRaster(10, 3);
    const dot = onePixel(9, 9, 9, 255);
    rasterLine(raster, { x: 1, y: 1 }, { x: 8, y: 1 }, dot, 1);
    for (let x = 1; x <= 8; x += 1) expect(pixelAt(raster, x, 1)[3]).toBe(255);
    expect(pixelAt(raster, 0, 1)[3]).toBe(0);
    expect(pixelAt(raster, 9, 1)[3]).toBe(0);
  });

  it('refuses a size that is not whole positive pixels, naming it', () => {
    expect(() => new DotRaster(0, 5)).toThrow(/0x5/);
    expect(() => new DotRaster(2.5, 5)).toThrow(/2.5x5/);
  });
});
