import { describe, expect, it } from 'vitest';
import { imageToTensor, inputPlacement, type RgbImage } from './preprocess';
import { testCard } from './testCard';

/** A 4×2 image whose pixel (x, y) is (R, G, B) = (10x + y, 100 + x, 200 − y). */
function image(): RgbImage {
  const data = new Uint8Array(4 * 2 * 3);
  for (let y = 0; y < 2; y++) for (let x = 0; x < 4; x++) data.set([10 * x + y, 100 + x, 200 - y], (y * 4 + x) * 3);
  return { width: 4, height: 2, data };
}

const decoder = { kind: 'fastestdet', output: 'o' } as const;

describe('imageToTensor', () => {
  it('halving averages each 2×2 block (bilinear at pixel centres), in the card channel order, normalised', () => {
    const input = testCard(decoder, 2, 1, { colourOrder: 'BGR', mean: [100, 0, 0], std: [2, 1, 0.5] }).input;
    const { data, placement } = imageToTensor(image(), input);
    expect(placement).toEqual({ scaleX: 0.5, scaleY: 0.5, offsetX: 0, offsetY: 0, width: 2, height: 1 });
    // Blocks x 0–1 and 2–3: B = 199.5, G = 100.5 / 102.5, R = 5.5 / 25.5.
    expect(Array.from(data)).toEqual([(199.5 - 100) / 2, (199.5 - 100) / 2, 100.5, 102.5, 5.5 / 0.5, 25.5 / 0.5]);
  });

  it('letterboxes into the centre, padding with the pad value, the image itself copied at scale 1', () => {
    const input = testCard(decoder, 4, 4, { resize: { mode: 'letterbox', padValue: 114, align: 'center' } }).input;
    const { data, placement } = imageToTensor(image(), input);
    expect(placement).toMatchObject({ scaleX: 1, scaleY: 1, offsetX: 0, offsetY: 1 });
    const red = Array.from(data.subarray(0, 16));
    expect(red).toEqual([114, 114, 114, 114, 0, 10, 20, 30, 1, 11, 21, 31, 114, 114, 114, 114]);
  });

  it('letterboxes top-left, keeping the aspect ratio with the rounded size', () => {
    const input = testCard(decoder, 416, 416, { resize: { mode: 'letterbox', padValue: 114, align: 'top-left' } }).input;
    const p = inputPlacement(1242, 375, input);
    expect(p).toMatchObject({ offsetX: 0, offsetY: 0, width: 416, height: 126 });
    expect(p.scaleY).toBeCloseTo(126 / 375, 12);
  });

  it('refuses short pixel data and empty images, naming the sizes', () => {
    const input = testCard(decoder, 2, 2).input;
    expect(() => imageToTensor({ width: 4, height: 2, data: new Uint8Array(5) }, input)).toThrow('image data holds 5 bytes, a 4×2 RGB image needs 24');
    expect(() => inputPlacement(0, 5, input)).toThrow('0×5');
  });
});
