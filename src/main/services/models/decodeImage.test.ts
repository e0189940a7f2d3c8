import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { decodeImage } from './decodeImage';

function png(width: number, height: number, colorType: 0 | 2 | 6, rgba: (x: number, y: number) => [number, number, number, number]): Uint8Array {
  const image = new PNG({ width, height, colorType, inputColorType: 6, inputHasAlpha: true });
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) image.data.set(rgba(x, y), (y * width + x) * 4);
  return new Uint8Array(PNG.sync.write(image, { colorType, inputColorType: 6, inputHasAlpha: true }));
}

describe('decodeImage', () => {
  it('reads an RGBA PNG as RGB, alpha dropped, rows top to bottom', () => {
    const img = decodeImage(png(3, 2, 6, (x, y) => [10 * x, 100 + y, 200, 7]), 'a.png');
    expect(img).toMatchObject({ width: 3, height: 2 });
    expect(Array.from(img.data)).toEqual([0, 100, 200, 10, 100, 200, 20, 100, 200, 0, 101, 200, 10, 101, 200, 20, 101, 200]);
  });

  it('expands a greyscale PNG to three equal channels', () => {
    const img = decodeImage(png(2, 1, 0, (x) => [50 + x, 50 + x, 50 + x, 255]), 'g.png');
    expect(Array.from(img.data)).toEqual([50, 50, 50, 51, 51, 51]);
  });

  it('names the file of a truncated PNG', () => {
    const whole = png(4, 4, 2, () => [1, 2, 3, 255]);
    expect(() => decodeImage(whole.subarray(0, 40), 'cut.png')).toThrow(/^cut\.png: not a readable PNG image/);
  });

  it('reads a JPEG as RGB: flat colour blocks come back within the codec\'s error, rows top to bottom', () => {
    const width = 32;
    const height = 16;
    const colour = (x: number, y: number): [number, number, number] => (y < 8 ? (x < 16 ? [220, 30, 30] : [30, 200, 40]) : [40, 60, 210]);
    const rgba = Buffer.alloc(width * height * 4);
    for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) rgba.set([...colour(x, y), 255], (y * width + x) * 4);
    const file = new Uint8Array(jpeg.encode({ width, height, data: rgba }, 95).data);
    expect(Array.from(file.subarray(0, 2))).toEqual([0xff, 0xd8]);
    const img = decodeImage(file, 'cam.jpg');
    expect(img).toMatchObject({ width, height });
    expect(img.data.length).toBe(width * height * 3);
    // Block centres, away from the edges where chroma subsampling blurs colours together.
    for (const [x, y] of [[4, 4], [27, 3], [10, 12], [28, 13]]) {
      const got = Array.from(img.data.subarray(3 * (y * width + x), 3 * (y * width + x) + 3));
      colour(x, y).forEach((v, c) => expect(Math.abs(got[c] - v)).toBeLessThanOrEqual(12));
    }
  });

  it('names the file of a corrupt JPEG', () => {
    expect(() => decodeImage(new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 0]), 'cam.jpg')).toThrow(/^cam\.jpg: not a readable JPEG image/);
  });
});
