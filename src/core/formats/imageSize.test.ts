import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { imageSize } from './imageSize';

/** A JPEG header: SOI, the given segments (marker, payload), then SOF0 for width × height, then SOS. */
function jpegHeader(width: number, height: number, segments: [number, number][] = []): Uint8Array {
  const out = [0xff, 0xd8];
  for (const [marker, payloadLength] of segments) {
    const len = payloadLength + 2;
    out.push(0xff, marker, len >> 8, len & 255, ...new Array<number>(payloadLength).fill(0xff));
  }
  out.push(0xff, 0xc0, 0, 17, 8, height >> 8, height & 255, width >> 8, width & 255, 3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1);
  out.push(0xff, 0xda, 0, 12);
  return Uint8Array.from(out);
}

describe('imageSize', () => {
  it('reads a PNG from its first 24 bytes', () => {
    const png = PNG.sync.write(new PNG({ width: 321, height: 123 }));
    expect(imageSize(png.subarray(0, 24))).toEqual({ kind: 'size', format: 'png', width: 321, height: 123 });
    expect(imageSize(png.subarray(0, 10))).toEqual({ kind: 'need-more', bytes: 24 });
  });

  it('walks JPEG segments to the start of frame, asking for more bytes only when it needs them', () => {
    const plain = jpegHeader(1600, 900);
    expect(imageSize(plain)).toEqual({ kind: 'size', format: 'jpeg', width: 1600, height: 900 });
    // A 60 KB EXIF segment (APP1) and an ICC profile (APP2) before the frame header.
    const exif = jpegHeader(4032, 3024, [[0xe0, 14], [0xe1, 60_000], [0xe2, 3000]]);
    const first = imageSize(exif.subarray(0, 4096));
    expect(first.kind).toBe('need-more');
    const needed = (first as { bytes: number }).bytes;
    expect(needed).toBeGreaterThan(4096);
    expect(needed).toBeLessThan(exif.length);
    let result = imageSize(exif.subarray(0, needed));
    while (result.kind === 'need-more') result = imageSize(exif.subarray(0, result.bytes));
    expect(result).toEqual({ kind: 'size', format: 'jpeg', width: 4032, height: 3024 });
    // Progressive (SOF2) frames and fill bytes before a marker.
    const progressive = jpegHeader(640, 480);
    progressive[progressive.indexOf(0xc0)] = 0xc2;
    expect(imageSize(progressive)).toMatchObject({ width: 640, height: 480 });
    const filled = Uint8Array.from([0xff, 0xd8, 0xff, 0xff, 0xff, ...plain.subarray(2)]);
    expect(imageSize(filled)).toMatchObject({ width: 1600, height: 900 });
  });

  it('says what is wrong with anything else', () => {
    expect(imageSize(Uint8Array.from([0x42, 0x4d, 0, 0]))).toEqual({ kind: 'not-an-image', problem: 'neither a PNG nor a JPEG signature' });
    expect(imageSize(Uint8Array.from([0xff, 0xd8, 0xff, 0xda, 0, 2]))).toMatchObject({ kind: 'not-an-image', problem: expect.stringMatching(/no start-of-frame/) });
    expect(imageSize(Uint8Array.from([0xff, 0xd8, 0x12, 0x34]))).toMatchObject({ kind: 'not-an-image', problem: expect.stringMatching(/expected a marker at byte 2/) });
    expect(imageSize(jpegHeader(0, 10))).toMatchObject({ kind: 'not-an-image' });
  });

  const DATA = path.resolve(__dirname, '../../../../shared/data');
  const real = [
    ...['driving/kitti_object_vis/training/image_2/000000.png', 'driving/kitti_object_vis/training/image_2/000001.png'],
    ...(existsSync(path.join(DATA, 'driving/mmdet3d_demo/nuscenes'))
      ? readdirSync(path.join(DATA, 'driving/mmdet3d_demo/nuscenes')).filter((f) => f.endsWith('.jpg')).map((f) => `driving/mmdet3d_demo/nuscenes/${f}`)
      : []),
  ].filter((f) => existsSync(path.join(DATA, f)));
  describe.skipIf(real.length === 0)('on real images (../shared/data)', () => {
    it.each(real)('%s: the size the decoder gives, from at most 4 KB', (file) => {
      const bytes = readFileSync(path.join(DATA, file));
      const result = imageSize(bytes.subarray(0, 4096));
      if (file.endsWith('.png')) {
        const png = PNG.sync.read(bytes);
        expect(result).toEqual({ kind: 'size', format: 'png', width: png.width, height: png.height });
      } else {
        // nuScenes camera images are 1600 × 900.
        expect(result).toEqual({ kind: 'size', format: 'jpeg', width: 1600, height: 900 });
      }
    });
  });
});
