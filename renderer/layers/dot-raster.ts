/**
 * Stamps many small sprites into one RGBA pixel buffer in plain JavaScript, for when there are thousands
 * of dots: without a GPU, a canvas rasterises every drawImage of a frame when it is shown, which costs
 * far more than blending a few dozen pixels per dot here and handing the browser one finished image.
 */

/** A sprite as the pixels it covers: offsets from its centre and their colour (straight alpha). */
export interface SpritePixels {
  dx: Int16Array;
  dy: Int16Array;
  /** Four bytes per pixel: red, green, blue, alpha. */
  rgba: Uint8Array;
}

/** Keeps only the visible pixels of a sprite image of `size`×`size`, centred on its middle. */
export function spritePixels(image: {
  data: ArrayLike<number>;
  width: number;
  height: number;
}): SpritePixels {
  const dx: number[] = [];
  const dy: number[] = [];
  const rgba: number[] = [];
  const cx = Math.floor(image.width / 2);
  const cy = Math.floor(image.height / 2);
  for (let y = 0; y < image.height; y += 1) {
    for (let x = 0; x < image.width; x += 1) {
      const at = (y * image.width + x) * 4;
      if (image.data[at + 3]! === 0) continue;
      dx.push(x - cx);
      dy.push(y - cy);
      rgba.push(image.data[at]!, image.data[at + 1]!, image.data[at + 2]!, image.data[at + 3]!);
    }
  }
  return { dx: Int16Array.from(dx), dy: Int16Array.from(dy), rgba: Uint8Array.from(rgba) };
}

export class DotRaster {
  readonly data: Uint8ClampedArray<ArrayBuffer>;

  constructor(
    readonly width: number,
    readonly height: number,
  ) {
    if (!(width > 0 && height > 0) || !Number.isInteger(width) || !Number.isInteger(height)) {
      throw new RangeError(`raster size must be whole positive pixels, got ${width}x${height}`);
    }
    this.data = new Uint8ClampedArray(new ArrayBuffer(width * height * 4));
  }

  clear(): void {
    this.data.fill(0);
  }

  /** Blends the sprite over what is there ("source over"), centred at (x, y), scaled by `alpha`. */
  stamp(sprite: SpritePixels, x: number, y: number, alpha: number): void {
    const cx = Math.round(x);
    const cy = Math.round(y);
    const { data, width, height } = this;
    for (let i = 0; i < sprite.dx.length; i += 1) {
      const px = cx + sprite.dx[i]!;
      const py = cy + sprite.dy[i]!;
      if (px < 0 || py < 0 || px >= width || py >= height) continue;
      const at = (py * width + px) * 4;
      const source = (sprite.rgba[i * 4 + 3]! / 255) * alpha;
      const below = data[at + 3]! / 255;
      const out = source + below * (1 - source);
      if (out <= 0) continue;
      for (let channel = 0; channel < 3; channel += 1) {
        const mixed = sprite.rgba[i * 4 + channel]! * source + data[at + channel]! * below * (1 - source);
        data[at + channel] = mixed / out;
      }
      data[at + 3] = out * 255;
    }
  }
}

/** A straight line `thickness` pixels wide, blended like a stamp (for the short tails behind dots). */
export function rasterLine(
  raster: DotRaster,
  from: { x: number; y: number },
  to: { x: number; y: number },
  pixel: SpritePixels,
  alpha: number,
): void {
  const steps = Math.max(1, Math.ceil(Math.hypot(to.x - from.x, to.y - from.y)));
  for (let step = 0; step <= steps; step += 1) {
    const t = step / steps;
    raster.stamp(pixel, from.x + (to.x - from.x) * t, from.y + (to.y - from.y) * t, alpha);
  }
}
