import { PNG } from 'pngjs';
import type { RgbImage } from '../../../core/models/preprocess';

/**
 * An image file's pixels as 8-bit RGB, for a detector. PNG of any bit depth and colour type
 * (pngjs expands palettes and greys and reduces 16 bits to 8); alpha is dropped, not blended,
 * since camera images are opaque. JPEG is named as not yet readable rather than misread.
 */
export function decodeImage(bytes: Uint8Array, source: string): RgbImage {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xd8) {
    throw new Error(`${source}: JPEG images cannot be decoded for a detector yet (PNG can)`);
  }
  let png: { width: number; height: number; data: Buffer };
  try {
    png = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  } catch (e) {
    throw new Error(`${source}: not a readable PNG image (${(e as Error).message})`);
  }
  const { width, height } = png;
  const rgba = png.data;
  const data = new Uint8Array(width * height * 3);
  for (let i = 0, j = 0; i < width * height; i++, j += 4) {
    data[3 * i] = rgba[j];
    data[3 * i + 1] = rgba[j + 1];
    data[3 * i + 2] = rgba[j + 2];
  }
  return { width, height, data };
}
