import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readPickle, type NdArray, type PickleValue } from './pickle';

/**
 * One dict pickled by Python 3.12 with numpy 2.4 at protocols 2, 4 and 5:
 *   {'name': 'frame', 'n': np.int64(7), 'ok': np.bool_(True), 'h': np.int32(375), 'f': np.float32(1.5),
 *    'boxes': np.array([[1., 2., 3.], [4., 5., 6.5]]), 'labels': np.array([2, 0, 7]),
 *    'tup': (1, 'a', None), 'nested': [{'x': -1, 'big': 2**40, 'neg': -300}],
 *    'f32be': np.array([1.25, -2], dtype='>f4'), 'pair': (np.array([1, 2], dtype=np.uint8),)}
 * Protocol 2 writes arrays as _reconstruct + BUILD with latin1-encoded bytes, 4 with real bytes,
 * 5 as _frombuffer over a BYTEARRAY8.
 */
const FIXTURES: Record<number, string> = {
  2: 'gAJ9cQAoWAQAAABuYW1lcQFYBQAAAGZyYW1lcQJYAQAAAG5xA2NudW1weS5fY29yZS5tdWx0aWFycmF5CnNjYWxhcgpxBGNudW1weQpkdHlwZQpxBVgCAAAAaThxBomIh3EHUnEIKEsDWAEAAAA8cQlOTk5K/////0r/////SwB0cQpiY19jb2RlY3MKZW5jb2RlCnELWAgAAAAHAAAAAAAAAHEMWAYAAABsYXRpbjFxDYZxDlJxD4ZxEFJxEVgCAAAAb2txEmgEaAVYAgAAAGIxcROJiIdxFFJxFShLA1gBAAAAfHEWTk5OSv////9K/////0sAdHEXYmgLWAEAAAABcRhoDYZxGVJxGoZxG1JxHFgBAAAAaHEdaARoBVgCAAAAaTRxHomIh3EfUnEgKEsDaAlOTk5K/////0r/////SwB0cSFiaAtYBAAAAHcBAABxImgNhnEjUnEkhnElUnEmWAEAAABmcSdoBGgFWAIAAABmNHEoiYiHcSlScSooSwNoCU5OTkr/////Sv////9LAHRxK2JoC1gFAAAAAADDgD9xLGgNhnEtUnEuhnEvUnEwWAUAAABib3hlc3ExY251bXB5Ll9jb3JlLm11bHRpYXJyYXkKX3JlY29uc3RydWN0CnEyY251bXB5Cm5kYXJyYXkKcTNLAIVxNGgLWAEAAABicTVoDYZxNlJxN4dxOFJxOShLAUsCSwOGcTpoBVgCAAAAZjhxO4mIh3E8UnE9KEsDaAlOTk5K/////0r/////SwB0cT5iiWgLWDEAAAAAAAAAAADDsD8AAAAAAAAAQAAAAAAAAAhAAAAAAAAAEEAAAAAAAAAUQAAAAAAAABpAcT9oDYZxQFJxQXRxQmJYBgAAAGxhYmVsc3FDaDJoM0sAhXFEaDeHcUVScUYoSwFLA4VxR2gIiWgLWBgAAAACAAAAAAAAAAAAAAAAAAAABwAAAAAAAABxSGgNhnFJUnFKdHFLYlgDAAAAdHVwcUxLAVgBAAAAYXFNTodxTlgGAAAAbmVzdGVkcU9dcVB9cVEoWAEAAAB4cVJK/////1gDAAAAYmlncVOKBgAAAAAAAVgDAAAAbmVncVRK1P7//3VhWAUAAABmMzJiZXFVaDJoM0sAhXFWaDeHcVdScVgoSwFLAoVxWWgFWAIAAABmNHFaiYiHcVtScVwoSwNYAQAAAD5xXU5OTkr/////Sv////9LAHRxXmKJaAtYCgAAAD/CoAAAw4AAAABxX2gNhnFgUnFhdHFiYlgEAAAAcGFpcnFjaDJoM0sAhXFkaDeHcWVScWYoSwFLAoVxZ2gFWAIAAAB1MXFoiYiHcWlScWooSwNoFk5OTkr/////Sv////9LAHRxa2KJaAtYAgAAAAECcWxoDYZxbVJxbnRxb2KFcXB1Lg==',
  4: 'gASV1gIAAAAAAAB9lCiMBG5hbWWUjAVmcmFtZZSMAW6UjBZudW1weS5fY29yZS5tdWx0aWFycmF5lIwGc2NhbGFylJOUjAVudW1weZSMBWR0eXBllJOUjAJpOJSJiIeUUpQoSwOMATyUTk5OSv////9K/////0sAdJRiQwgHAAAAAAAAAJSGlFKUjAJva5RoBmgJjAJiMZSJiIeUUpQoSwOMAXyUTk5OSv////9K/////0sAdJRiQwEBlIaUUpSMAWiUaAZoCYwCaTSUiYiHlFKUKEsDaA1OTk5K/////0r/////SwB0lGJDBHcBAACUhpRSlIwBZpRoBmgJjAJmNJSJiIeUUpQoSwNoDU5OTkr/////Sv////9LAHSUYkMEAADAP5SGlFKUjAVib3hlc5RoBIwMX3JlY29uc3RydWN0lJOUaAeMB25kYXJyYXmUk5RLAIWUQwFilIeUUpQoSwFLAksDhpRoCYwCZjiUiYiHlFKUKEsDaA1OTk5K/////0r/////SwB0lGKJQzAAAAAAAADwPwAAAAAAAABAAAAAAAAACEAAAAAAAAAQQAAAAAAAABRAAAAAAAAAGkCUdJRijAZsYWJlbHOUaC1oL0sAhZRoMYeUUpQoSwFLA4WUaAyJQxgCAAAAAAAAAAAAAAAAAAAABwAAAAAAAACUdJRijAN0dXCUSwGMAWGUToeUjAZuZXN0ZWSUXZR9lCiMAXiUSv////+MA2JpZ5SKBgAAAAAAAYwDbmVnlErU/v//dWGMBWYzMmJllGgtaC9LAIWUaDGHlFKUKEsBSwKFlGgJjAJmNJSJiIeUUpQoSwOMAT6UTk5OSv////9K/////0sAdJRiiUMIP6AAAMAAAACUdJRijARwYWlylGgtaC9LAIWUaDGHlFKUKEsBSwKFlGgJjAJ1MZSJiIeUUpQoSwNoFk5OTkr/////Sv////9LAHSUYolDAgEClHSUYoWUdS4=',
  5: 'gAWVyQIAAAAAAAB9lCiMBG5hbWWUjAVmcmFtZZSMAW6UjBZudW1weS5fY29yZS5tdWx0aWFycmF5lIwGc2NhbGFylJOUjAVudW1weZSMBWR0eXBllJOUjAJpOJSJiIeUUpQoSwOMATyUTk5OSv////9K/////0sAdJRiQwgHAAAAAAAAAJSGlFKUjAJva5RoBmgJjAJiMZSJiIeUUpQoSwOMAXyUTk5OSv////9K/////0sAdJRiQwEBlIaUUpSMAWiUaAZoCYwCaTSUiYiHlFKUKEsDaA1OTk5K/////0r/////SwB0lGJDBHcBAACUhpRSlIwBZpRoBmgJjAJmNJSJiIeUUpQoSwNoDU5OTkr/////Sv////9LAHSUYkMEAADAP5SGlFKUjAVib3hlc5SME251bXB5Ll9jb3JlLm51bWVyaWOUjAtfZnJvbWJ1ZmZlcpSTlCiWMAAAAAAAAAAAAAAAAADwPwAAAAAAAABAAAAAAAAACEAAAAAAAAAQQAAAAAAAABRAAAAAAAAAGkCUaAmMAmY4lImIh5RSlChLA2gNTk5OSv////9K/////0sAdJRiSwJLA4aUjAFDlHSUUpSMBmxhYmVsc5RoLiiWGAAAAAAAAAACAAAAAAAAAAAAAAAAAAAABwAAAAAAAACUaAxLA4WUaDV0lFKUjAN0dXCUSwGMAWGUToeUjAZuZXN0ZWSUXZR9lCiMAXiUSv////+MA2JpZ5SKBgAAAAAAAYwDbmVnlErU/v//dWGMBWYzMmJllGguKJYIAAAAAAAAAD+gAADAAAAAlGgJjAJmNJSJiIeUUpQoSwOMAT6UTk5OSv////9K/////0sAdJRiSwKFlGg1dJRSlIwEcGFpcpRoLiiWAgAAAAAAAAABApRoCYwCdTGUiYiHlFKUKEsDaBZOTk5K/////0r/////SwB0lGJLAoWUaDV0lFKUhZR1Lg==',
};

const bytesOf = (b64: string) => new Uint8Array(Buffer.from(b64, 'base64'));
const asDict = (v: PickleValue) => v as Record<string, PickleValue>;

describe('readPickle', () => {
  for (const protocol of [2, 4, 5]) {
    it(`reads plain data, numpy scalars and arrays at protocol ${protocol}`, () => {
      const d = asDict(readPickle(bytesOf(FIXTURES[protocol]), `p${protocol}.pkl`));
      expect(d.name).toBe('frame');
      expect(d.n).toBe(7);
      expect(d.ok).toBe(true);
      expect(d.h).toBe(375);
      expect(d.f).toBe(1.5);
      expect(d.tup).toEqual([1, 'a', null]);
      expect(d.nested).toEqual([{ x: -1, big: 2 ** 40, neg: -300 }]);
      const boxes = d.boxes as NdArray;
      expect(boxes.dtype).toBe('f8');
      expect(boxes.shape).toEqual([2, 3]);
      expect(Array.from(boxes.data as Float64Array)).toEqual([1, 2, 3, 4, 5, 6.5]);
      const labels = d.labels as NdArray;
      expect(labels.dtype).toBe('i8');
      expect(Array.from(labels.data as BigInt64Array)).toEqual([2n, 0n, 7n]);
      // Big-endian on disk.
      expect(Array.from((d.f32be as NdArray).data as Float32Array)).toEqual([1.25, -2]);
      // An array inside a tuple is swapped in too.
      const [pair] = d.pair as PickleValue[];
      expect(Array.from((pair as NdArray).data as Uint8Array)).toEqual([1, 2]);
    });
  }

  it('refuses a class that is not plain data, naming it', () => {
    // pickle.dumps(collections.OrderedDict(), protocol=2)
    const ordered = bytesOf('gAJjY29sbGVjdGlvbnMKT3JkZXJlZERpY3QKcQApUnEBLg==');
    expect(() => readPickle(ordered, 'od.pkl')).toThrow(/od\.pkl.*collections\.OrderedDict/);
  });

  it('says where a truncated pickle ends', () => {
    const whole = bytesOf(FIXTURES[2]);
    expect(() => readPickle(whole.subarray(0, 40), 'cut.pkl')).toThrow(/cut\.pkl \(byte \d+\): the pickle ends/);
  });

  it('refuses an array whose bytes do not match its shape', () => {
    // protocol 4 fixture with the 'boxes' byte count lowered from 48 to 40 (SHORT_BINBYTES 0x30 → 0x28) and 8 bytes dropped.
    const p4 = bytesOf(FIXTURES[4]);
    const at = p4.findIndex((b, i) => b === 0x43 && p4[i + 1] === 0x30);
    const bad = new Uint8Array([...p4.subarray(0, at + 1), 0x28, ...p4.subarray(at + 2 + 8)]);
    expect(() => readPickle(bad, 'bad.pkl')).toThrow(/f8 array of shape \(2, 3\) holds 40 bytes, not 48/);
  });
});

const DEMO = path.resolve(__dirname, '../../../../shared/data/driving/mmdet3d_demo');
describe.skipIf(!existsSync(DEMO))('the mmdet3d demo info pickles in shared/data', () => {
  it('reads the KITTI frame 000008 info: 10 instances, numpy image sizes', () => {
    const info = asDict(readPickle(new Uint8Array(readFileSync(path.join(DEMO, 'kitti/000008.pkl'))), '000008.pkl'));
    const frame = asDict((info.data_list as PickleValue[])[0]);
    expect((frame.instances as PickleValue[]).length).toBe(10);
    expect(asDict(asDict(frame.images).CAM2).width).toBe(1242);
  });

  it('reads the nuScenes sample info: 69 instances in 10 categories', () => {
    const info = asDict(readPickle(new Uint8Array(readFileSync(path.join(DEMO, 'nuscenes/n015-2018-07-24-11-22-45+0800.pkl'))), 'n015.pkl'));
    expect(Object.keys(asDict(asDict(info.metainfo).categories))).toHaveLength(10);
    expect((asDict((info.data_list as PickleValue[])[0]).instances as PickleValue[]).length).toBe(69);
  });
});
