import { PNG } from 'pngjs';
import { imageSize } from '../../../core/formats/imageSize';

/** An image message as a file Cairn's camera panels open. */
export interface ImageFile {
  readonly bytes: Uint8Array;
  readonly extension: 'jpg' | 'png';
  readonly width: number;
  readonly height: number;
}

interface RawImage {
  readonly width: number;
  readonly height: number;
  readonly encoding: string;
  /** Absent in Foxglove's RawImage (little-endian). */
  readonly is_bigendian?: number | boolean;
  readonly step: number;
  readonly data: Uint8Array | string;
}

interface CompressedImage {
  readonly format: string;
  readonly data: Uint8Array | string;
}

/** Bytes as decoded: a typed array, or base64 text where the channel is JSON-encoded (Foxglove's JSON schemas). */
function bytesOf(data: Uint8Array | string): Uint8Array {
  return typeof data === 'string' ? new Uint8Array(Buffer.from(data, 'base64')) : data;
}

/** Channel layout of the raw encodings Cairn converts; others (Bayer, YUV, float depth) are refused. */
const RAW: Readonly<Record<string, { channels: number; bytes: 1 | 2; order?: 'bgr' }>> = {
  mono8: { channels: 1, bytes: 1 },
  '8UC1': { channels: 1, bytes: 1 },
  mono16: { channels: 1, bytes: 2 },
  '16UC1': { channels: 1, bytes: 2 },
  rgb8: { channels: 3, bytes: 1 },
  bgr8: { channels: 3, bytes: 1, order: 'bgr' },
  rgba8: { channels: 4, bytes: 1 },
  bgra8: { channels: 4, bytes: 1, order: 'bgr' },
};

/**
 * sensor_msgs/CompressedImage or foxglove CompressedImage (JPEG or PNG, written as it is), or
 * sensor_msgs/Image or foxglove RawImage (8-bit mono,
 * RGB, BGR with or without alpha, 16-bit mono; encoded as PNG). Throws a sentence saying why an
 * image cannot be converted.
 */
export function imageFileFromMessage(type: string, message: unknown): ImageFile {
  if (type.endsWith('CompressedImage')) {
    const { format } = message as CompressedImage;
    const data = bytesOf((message as CompressedImage).data);
    const size = imageSize(data);
    if (size.kind !== 'size') throw new Error(`compressed image (format "${format}") is not a JPEG or PNG Cairn can read`);
    const extension = size.format === 'png' ? 'png' : 'jpg';
    return { bytes: data, extension, width: size.width, height: size.height };
  }
  const image = { ...(message as RawImage), data: bytesOf((message as RawImage).data) };
  const layout = RAW[image.encoding];
  if (!layout) throw new Error(`raw image encoding "${image.encoding}" is not converted (mono8, mono16, rgb8, bgr8, rgba8, bgra8 are)`);
  const { width, height, step, data } = image;
  if (!(width > 0 && height > 0) || step < width * layout.channels * layout.bytes || data.byteLength < step * height) {
    throw new Error(`raw image ${width} × ${height} ${image.encoding} with step ${step} does not fit its ${data.byteLength} bytes`);
  }
  const png = new PNG({ width, height, colorType: 6, inputHasAlpha: true, bitDepth: 8 });
  const bigEndian = Boolean(image.is_bigendian);
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const at = y * step + x * layout.channels * layout.bytes;
      const out = (y * width + x) * 4;
      if (layout.channels === 1) {
        // 16-bit depth or intensity is shown scaled to 8 bits; the camera panel draws 8-bit images.
        const v = layout.bytes === 2 ? view.getUint16(at, !bigEndian) >> 8 : data[at];
        png.data[out] = png.data[out + 1] = png.data[out + 2] = v;
      } else {
        const [r, b] = layout.order === 'bgr' ? [data[at + 2], data[at]] : [data[at], data[at + 2]];
        png.data[out] = r;
        png.data[out + 1] = data[at + 1];
        png.data[out + 2] = b;
      }
      png.data[out + 3] = layout.channels === 4 ? data[at + 3] : 255;
    }
  }
  const bytes = PNG.sync.write(png);
  return { bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), extension: 'png', width, height };
}
