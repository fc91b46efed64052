/**
 * The 64-bit average hash of a PNG or JPEG image, as the PaxStore student report's iset/iget use it:
 * decode, turn to grayscale (ITU-R 601 luma, as PIL's "L" mode; transparent pixels over white),
 * shrink to 8 × 8 by averaging the area each cell covers, and set bit i (row by row, the first cell
 * the highest bit) when cell i is brighter than the mean of the 64. The same picture at another size,
 * in grayscale, or re-encoded hashes alike or within a few bits. Decoding is jimp's pure-JS PNG and
 * JPEG decoders, loaded on first use.
 */
import { FieldError } from '../../../app/util/field-error';

export type ImageType = 'png' | 'jpeg';

export interface DecodedImage {
  type: ImageType;
  width: number;
  height: number;
  /** Pixels row by row, 4 bytes each: red, green, blue, alpha. */
  rgba: Uint8Array;
}

/** Files larger than this are refused before decoding. */
export const imageBytesMax = 64 * 1024 * 1024;
/** Images with more pixels than this are refused (a decoded pixel takes 4 bytes). */
export const imagePixelsMax = 100_000_000;
const gridSize = 8;

const pngSignature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** The image type the bytes start with, or null when they are neither PNG nor JPEG. */
export function imageTypeOf(bytes: Uint8Array): ImageType | null {
  if (pngSignature.every((byte, i) => bytes[i] === byte)) return 'png';
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  return null;
}

/** Decodes a PNG or JPEG; anything else, or a broken file, is a FieldError on `field`. */
export async function decodeImage(bytes: Uint8Array, field = 'PATH'): Promise<DecodedImage> {
  if (bytes.byteLength > imageBytesMax) {
    throw new FieldError(
      field,
      `is ${bytes.byteLength} bytes; images up to ${imageBytesMax} bytes are read`,
      imageBytesMax,
    );
  }
  const type = imageTypeOf(bytes);
  if (type === null) {
    const start = Buffer.from(bytes.subarray(0, 8)).toString('hex');
    throw new FieldError(
      field,
      `is not a PNG or JPEG image (it starts with bytes ${start || 'none: the file is empty'})`,
    );
  }
  if (type === 'png' && bytes.byteLength >= 24) {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    checkPixels(field, view.getUint32(16), view.getUint32(20));
  }
  const { Jimp } = await import('jimp');
  let image;
  try {
    image = await Jimp.fromBuffer(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  } catch (error) {
    throw new FieldError(field, `is not a readable ${type.toUpperCase()} image: ${(error as Error).message}`);
  }
  const { width, height, data } = image.bitmap;
  checkPixels(field, width, height);
  return { type, width, height, rgba: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) };
}

function checkPixels(field: string, width: number, height: number): void {
  if (width === 0 || height === 0) throw new FieldError(field, 'is an image with no pixels');
  if (width * height > imagePixelsMax) {
    throw new FieldError(
      field,
      `is ${width}×${height} pixels; images up to ${imagePixelsMax} pixels are read`,
      imagePixelsMax,
    );
  }
}

/** ITU-R 601 luma of each pixel, transparent parts over white. */
export function grayPixels(image: DecodedImage): Float64Array {
  const gray = new Float64Array(image.width * image.height);
  for (let i = 0; i < gray.length; i += 1) {
    const at = i * 4;
    const luma = 0.299 * image.rgba[at]! + 0.587 * image.rgba[at + 1]! + 0.114 * image.rgba[at + 2]!;
    const alpha = image.rgba[at + 3]! / 255;
    gray[i] = luma * alpha + 255 * (1 - alpha);
  }
  return gray;
}

/** For each of `cells` equal spans of `length` pixels, each pixel's share of it: [pixel, weight] pairs. */
function spanWeights(length: number, cells: number): [number, number][][] {
  return Array.from({ length: cells }, (_, cell) => {
    const start = (cell * length) / cells;
    const end = ((cell + 1) * length) / cells;
    const weights: [number, number][] = [];
    for (let pixel = Math.floor(start); pixel < Math.ceil(end); pixel += 1) {
      weights.push([pixel, Math.min(pixel + 1, end) - Math.max(pixel, start)]);
    }
    return weights;
  });
}

/** The mean gray of each cell of a `size` × `size` grid over the image, row by row. */
export function shrinkToGrid(
  gray: Float64Array,
  width: number,
  height: number,
  size = gridSize,
): Float64Array {
  const columns = spanWeights(width, size);
  const rows = spanWeights(height, size);
  // First each image row into `size` column sums, then the rows into cells.
  const rowSums = new Float64Array(height * size);
  for (let y = 0; y < height; y += 1) {
    columns.forEach((weights, column) => {
      let sum = 0;
      for (const [x, weight] of weights) sum += gray[y * width + x]! * weight;
      rowSums[y * size + column] = sum;
    });
  }
  const cellArea = (width / size) * (height / size);
  const cells = new Float64Array(size * size);
  rows.forEach((weights, row) => {
    for (let column = 0; column < size; column += 1) {
      let sum = 0;
      for (const [y, weight] of weights) sum += rowSums[y * size + column]! * weight;
      cells[row * size + column] = sum / cellArea;
    }
  });
  return cells;
}

/** The 64-bit average hash as 16 lowercase hex digits. */
export function averageHash(image: DecodedImage): string {
  const cells = shrinkToGrid(grayPixels(image), image.width, image.height);
  const mean = cells.reduce((sum, cell) => sum + cell, 0) / cells.length;
  let hash = 0n;
  // A margin for rounding, so a flat image (every cell the mean) hashes to 0 on every machine.
  for (const cell of cells) hash = (hash << 1n) | (cell - mean > 1e-9 ? 1n : 0n);
  return hash.toString(16).padStart(16, '0');
}
