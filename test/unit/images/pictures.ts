/** Pictures drawn for the image tests: a "sunrise" (gradients with a bright disc) and "stripes". */
import { Jimp } from 'jimp';

export type PictureKind = 'sunrise' | 'stripes';

export function picture(width: number, height: number, kind: PictureKind) {
  const image = new Jimp({ width, height, color: 0x000000ff });
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      const at = (y * width + x) * 4;
      const pixel = kind === 'sunrise' ? sunrise(x / width, y / height) : stripes(x / width, y / height);
      image.bitmap.data.set([...pixel, 255], at);
    }
  }
  return image;
}

/**
 * A dark ground below the middle, a sky dim on the left and bright on the right, and a pale square sun
 * in the dim part. Edges fall on the 8 × 8 grid's lines, so every cell is far from the mean brightness.
 */
function sunrise(u: number, v: number): [number, number, number] {
  if (u >= 0.125 && u < 0.375 && v >= 0.125 && v < 0.375) return [255, 240, 150];
  if (v >= 0.5) return [40, 90, 45];
  return u < 0.5 ? [40, 60, 150] : [200, 220, 250];
}

function stripes(u: number, v: number): [number, number, number] {
  const on = Math.floor(u * 6 + v * 3) % 2 === 0;
  return on ? [20, 160, 40] : [230, 240, 250];
}
