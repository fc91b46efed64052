/**
 * The average hash on pictures made here with jimp: the same picture at twice and at less than half
 * the size, in grayscale and as a JPEG hashes alike, a different picture does not, and files that are
 * not PNG or JPEG images are refused naming the field.
 */
import { Jimp } from 'jimp';
import { describe, expect, it } from 'vitest';
import { hammingDistance } from '../../../app/kv/structures/image-record';
import { FieldError } from '../../../app/util/field-error';
import {
  averageHash,
  decodeImage,
  imageTypeOf,
  shrinkToGrid,
} from '../../../node-agent/kit/images/average-hash';
import { picture } from './pictures';

async function hashOf(bytes: Uint8Array): Promise<string> {
  return averageHash(await decodeImage(bytes));
}

describe('the average hash', () => {
  it('hashes a picture, its double size, its grayscale and its JPEG alike; another picture not', async () => {
    const original = picture(96, 64, 'sunrise');
    const hash = await hashOf(await original.getBuffer('image/png'));
    expect(hash).toMatch(/^[0-9a-f]{16}$/);
    expect(await hashOf(await original.clone().resize({ w: 192, h: 128 }).getBuffer('image/png'))).toBe(hash);
    expect(await hashOf(await original.clone().greyscale().getBuffer('image/png'))).toBe(hash);
    const jpeg = await original.getBuffer('image/jpeg', { quality: 85 });
    expect(imageTypeOf(jpeg)).toBe('jpeg');
    expect(await hashOf(jpeg)).toBe(hash);
    expect(await hashOf(await original.clone().resize({ w: 40, h: 27 }).getBuffer('image/png'))).toBe(hash);
    const other = await hashOf(await picture(96, 64, 'stripes').getBuffer('image/png'));
    expect(hammingDistance(other, hash)).toBeGreaterThan(10);
  });

  it('averages the area of each cell, also when the image is smaller than the grid', () => {
    // A 2 × 1 image: the left half of the grid sees pixel 0, the right half pixel 1.
    const cells = shrinkToGrid(new Float64Array([0, 200]), 2, 1);
    expect(Array.from(cells.slice(0, 8))).toEqual([0, 0, 0, 0, 200, 200, 200, 200]);
    // A flat image has no cell above the mean.
    const flat = { type: 'png' as const, width: 3, height: 5, rgba: new Uint8Array(3 * 5 * 4).fill(77) };
    expect(averageHash(flat)).toBe('0000000000000000');
  });

  it('sets the high bit for the top-left cell and reads transparency over white', () => {
    const rgba = new Uint8Array(8 * 8 * 4);
    for (let i = 0; i < 64; i += 1) rgba.set(i === 0 ? [0, 0, 0, 0] : [0, 0, 0, 255], i * 4);
    expect(averageHash({ type: 'png', width: 8, height: 8, rgba })).toBe('8000000000000000');
  });

  it.each([
    ['text', new TextEncoder().encode('hello, not a picture'), 'is not a PNG or JPEG image'],
    ['an empty file', new Uint8Array(), 'the file is empty'],
    ['a GIF', new TextEncoder().encode('GIF89a....'), 'is not a PNG or JPEG image'],
    [
      'a truncated PNG',
      new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0]),
      'not a readable PNG',
    ],
    ['a broken JPEG', new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 4, 5]), 'not a readable JPEG'],
  ])('refuses %s with a FieldError on PATH', async (_what, bytes, reason) => {
    const error = await decodeImage(bytes).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FieldError);
    expect((error as FieldError).field).toBe('PATH');
    expect((error as FieldError).message).toContain(reason);
  });

  it('refuses a PNG whose header claims too many pixels before decoding it', async () => {
    const png = new Uint8Array(
      await new Jimp({ width: 4, height: 4, color: 0xffffffff }).getBuffer('image/png'),
    );
    new DataView(png.buffer).setUint32(16, 100_000);
    new DataView(png.buffer).setUint32(20, 100_000);
    await expect(decodeImage(png)).rejects.toThrow('pixels');
  });
});
