import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import type { RgbImage } from '../../../core/models/preprocess';

/** Camera images past this size are refused rather than decoded into a huge buffer. */
const MAX_MEGAPIXELS = 100;

/**
 * An image file's pixels as 8-bit RGB, for a detector. PNG of any bit depth and colour type
 * (pngjs expands palettes and greys and reduces 16 bits to 8) and baseline or progressive JPEG
 * (jpeg-js, greys expanded to three channels); alpha is dropped, not blended, since camera images
 * are opaque. The format is told by the file's first bytes, not its name.
 */
export function decodeImage(bytes: Uint8Array, source: string): RgbImage {
  const rgba = bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xd8 ? readJpeg(bytes, source) : readPng(bytes, source);
  const { width, height } = rgba;
  const data = new Uint8Array(width * height * 3);
  for (let i = 0, j = 0; i < width * height; i++, j += 4) {
    data[3 * i] = rgba.data[j];
    data[3 * i + 1] = rgba.data[j + 1];
    data[3 * i + 2] = rgba.data[j + 2];
  }
  return { width, height, data };
}

interface Rgba {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8Array;
}

function readPng(bytes: Uint8Array, source: string): Rgba {
  try {
    return PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  } catch (e) {
    throw new Error(`${source}: not a readable PNG image (${(e as Error).message})`);
  }
}

function readJpeg(bytes: Uint8Array, source: string): Rgba {
  try {
    return jpeg.decode(bytes, { useTArray: true, formatAsRGBA: true, maxResolutionInMP: MAX_MEGAPIXELS });
  } catch (e) {
    throw new Error(`${source}: not a readable JPEG image (${(e as Error).message})`);
  }
}
