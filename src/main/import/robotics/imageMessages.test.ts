import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { imageFileFromMessage } from './imageMessages';

const decode = (bytes: Uint8Array) => PNG.sync.read(Buffer.from(bytes));

describe('imageFileFromMessage', () => {
  it('writes bgr8 as PNG with red and blue in their places, honouring the row step', () => {
    // 2 × 1 pixels: pure blue then pure red in BGR order, 2 bytes of row padding.
    const data = Uint8Array.from([255, 0, 0, 0, 0, 255, 9, 9]);
    const file = imageFileFromMessage('sensor_msgs/Image', { width: 2, height: 1, encoding: 'bgr8', is_bigendian: 0, step: 8, data });
    expect(file).toMatchObject({ extension: 'png', width: 2, height: 1 });
    expect([...decode(file.bytes).data]).toEqual([0, 0, 255, 255, 255, 0, 0, 255]);
  });

  it('scales mono16 to 8 bits in either byte order', () => {
    for (const bigEndian of [0, 1]) {
      const data = new Uint8Array(2);
      new DataView(data.buffer).setUint16(0, 0xab12, !bigEndian);
      const file = imageFileFromMessage('sensor_msgs/Image', { width: 1, height: 1, encoding: 'mono16', is_bigendian: bigEndian, step: 2, data });
      expect([...decode(file.bytes).data]).toEqual([0xab, 0xab, 0xab, 255]);
    }
  });

  it('keeps a compressed PNG as it is and reads its size', () => {
    const png = new PNG({ width: 3, height: 2 });
    const bytes = new Uint8Array(PNG.sync.write(png));
    expect(imageFileFromMessage('sensor_msgs/CompressedImage', { format: 'png', data: bytes })).toEqual({ bytes, extension: 'png', width: 3, height: 2 });
  });

  it('refuses encodings it does not convert and data that does not fit', () => {
    expect(() => imageFileFromMessage('sensor_msgs/Image', { width: 2, height: 2, encoding: 'bayer_rggb8', is_bigendian: 0, step: 2, data: new Uint8Array(4) })).toThrow(/raw image encoding "bayer_rggb8" is not converted/);
    expect(() => imageFileFromMessage('sensor_msgs/Image', { width: 4, height: 4, encoding: 'mono8', is_bigendian: 0, step: 4, data: new Uint8Array(8) })).toThrow(/does not fit its 8 bytes/);
    expect(() => imageFileFromMessage('sensor_msgs/CompressedImage', { format: 'jpeg', data: Uint8Array.from([1, 2, 3]) })).toThrow(/not a JPEG or PNG/);
  });
});
