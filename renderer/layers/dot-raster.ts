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
  /** The same pixels packed as the platform reads four RGBA bytes as one 32-bit number. */
  packed: Uint32Array;
  /** The sprite's extent around its centre, to skip bounds checks when it lies wholly inside. */
  left: number;
  top: number;
  right: number;
  bottom: number;
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
  const bytes = Uint8Array.from(rgba);
  return {
    dx: Int16Array.from(dx),
    dy: Int16Array.from(dy),
    rgba: bytes,
    packed: new Uint32Array(bytes.buffer),
    left: Math.min(0, ...dx),
    top: Math.min(0, ...dy),
    right: Math.max(0, ...dx),
    bottom: Math.max(0, ...dy),
  };
}

export class DotRaster {
  readonly data: Uint8ClampedArray<ArrayBuffer>;
  /** The same buffer, one 32-bit number per pixel, for clearing and copying whole pixels. */
  private readonly pixels: Uint32Array;
  private readonly offsets = new Map<SpritePixels, Int32Array>();

  constructor(
    readonly width: number,
    readonly height: number,
  ) {
    if (!(width > 0 && height > 0) || !Number.isInteger(width) || !Number.isInteger(height)) {
      throw new RangeError(`raster size must be whole positive pixels, got ${width}x${height}`);
    }
    const buffer = new ArrayBuffer(width * height * 4);
    this.data = new Uint8ClampedArray(buffer);
    this.pixels = new Uint32Array(buffer);
  }

  clear(): void {
    this.pixels.fill(0);
  }

  /** Blends the sprite over what is there ("source over"), centred at (x, y), scaled by `alpha`. */
  stamp(sprite: SpritePixels, x: number, y: number, alpha: number): void {
    const cx = Math.round(x);
    const cy = Math.round(y);
    const inside =
      cx + sprite.left >= 0 &&
      cy + sprite.top >= 0 &&
      cx + sprite.right < this.width &&
      cy + sprite.bottom < this.height;
    const offsets = inside ? this.offsetsOf(sprite) : null;
    const base = cy * this.width + cx;
    for (let i = 0; i < sprite.dx.length; i += 1) {
      let pixel: number;
      if (offsets) pixel = base + offsets[i]!;
      else {
        const px = cx + sprite.dx[i]!;
        const py = cy + sprite.dy[i]!;
        if (px < 0 || py < 0 || px >= this.width || py >= this.height) continue;
        pixel = py * this.width + px;
      }
      this.blend(sprite, i, pixel, alpha);
    }
  }

  private blend(sprite: SpritePixels, i: number, pixel: number, alpha: number): void {
    const { data, pixels } = this;
    const { rgba } = sprite;
    const from = i * 4;
    // An opaque pixel covers what is below, and any pixel on empty canvas is just itself: both are
    // exact as a copy, which is far cheaper than blending (most of a dot is one or the other).
    if (alpha === 1 && (rgba[from + 3] === 255 || pixels[pixel] === 0)) {
      pixels[pixel] = sprite.packed[i]!;
      return;
    }
    const at = pixel * 4;
    const source = (rgba[from + 3]! * alpha) / 255;
    const below = (data[at + 3]! / 255) * (1 - source);
    const out = source + below;
    if (out <= 0) return;
    data[at] = (rgba[from]! * source + data[at]! * below) / out;
    data[at + 1] = (rgba[from + 1]! * source + data[at + 1]! * below) / out;
    data[at + 2] = (rgba[from + 2]! * source + data[at + 2]! * below) / out;
    data[at + 3] = out * 255;
  }

  /** Each sprite pixel as an offset in this raster's pixel array, computed once per sprite. */
  private offsetsOf(sprite: SpritePixels): Int32Array {
    let offsets = this.offsets.get(sprite);
    if (!offsets) {
      offsets = Int32Array.from(sprite.dx, (dx, i) => sprite.dy[i]! * this.width + dx);
      this.offsets.set(sprite, offsets);
    }
    return offsets;
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
