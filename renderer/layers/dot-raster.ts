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

/** Packed pixels hold red in the low byte only where four bytes are read little-endian (every browser platform). */
const littleEndian = new Uint8Array(Uint32Array.of(1).buffer)[0] === 1;

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
    if (!littleEndian) throw new Error('the dot raster packs pixels as a little-endian platform reads them');
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
    if (inside) this.stampInside(sprite, cy * this.width + cx, alpha);
    else this.stampClipped(sprite, cx, cy, alpha);
  }

  /** The hot path: every pixel lands in the raster, so each is one offset from the centre. */
  private stampInside(sprite: SpritePixels, base: number, alpha: number): void {
    const { pixels } = this;
    const { packed } = sprite;
    const offsets = this.offsetsOf(sprite);
    const scale = Math.round(alpha * 256);
    for (let i = 0; i < offsets.length; i += 1) {
      const pixel = base + offsets[i]!;
      pixels[pixel] = over(packed[i]!, scale, pixels[pixel]!);
    }
  }

  private stampClipped(sprite: SpritePixels, cx: number, cy: number, alpha: number): void {
    const { pixels } = this;
    const scale = Math.round(alpha * 256);
    for (let i = 0; i < sprite.dx.length; i += 1) {
      const px = cx + sprite.dx[i]!;
      const py = cy + sprite.dy[i]!;
      if (px < 0 || py < 0 || px >= this.width || py >= this.height) continue;
      const pixel = py * this.width + px;
      pixels[pixel] = over(sprite.packed[i]!, scale, pixels[pixel]!);
    }
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

/**
 * One packed pixel (straight alpha, red in the low byte) blended over another, the source's alpha scaled
 * by `scale`/256. An opaque pixel covers what is below, and any pixel on empty canvas is just itself:
 * both are exact as a copy, which is far cheaper than blending (most of a dot is one or the other).
 */
function over(source: number, scale: number, below: number): number {
  const sourceAlpha = ((source >>> 24) * scale) >> 8;
  if (sourceAlpha === 255 || (below === 0 && scale === 256)) return source;
  const belowWeight = ((below >>> 24) * (255 - sourceAlpha)) / 255;
  const outAlpha = sourceAlpha + belowWeight;
  if (outAlpha <= 0) return below;
  const k = 1 / outAlpha;
  const red = ((source & 255) * sourceAlpha + (below & 255) * belowWeight) * k;
  const green = (((source >>> 8) & 255) * sourceAlpha + ((below >>> 8) & 255) * belowWeight) * k;
  const blue = (((source >>> 16) & 255) * sourceAlpha + ((below >>> 16) & 255) * belowWeight) * k;
  return (((outAlpha + 0.5) << 24) | ((blue + 0.5) << 16) | ((green + 0.5) << 8) | (red + 0.5)) >>> 0;
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
