import { describe, expect, it } from 'vitest';
import { FormatError } from '../../io/byteSource';
import type { ColmapModel } from './colmapModel';
import { readColmapModel, type ColmapFile } from './readColmapModel';
import { fixtureModel } from './testing/colmapFixture';
import { expectSameModel } from './testing/expectSameModel';
import { writeColmapBinary, writeColmapText } from './testing/writeColmapModel';

const enc = (s: string) => new TextEncoder().encode(s);
const dec = (b: Uint8Array) => new TextDecoder().decode(b);
const replace = (files: ColmapFile[], name: string, bytes: Uint8Array) => files.map((f) => (f.name === name ? { name, bytes } : f));
const file = (files: ColmapFile[], name: string) => files.find((f) => f.name === name)!.bytes;

function thrown(run: () => unknown): FormatError {
  try {
    run();
  } catch (e) {
    expect(e).toBeInstanceOf(FormatError);
    return e as FormatError;
  }
  throw new Error('expected an error');
}

describe('readColmapModel round trips', () => {
  for (const rigs of [false, true]) {
    it(`reads back what was written, binary and text alike${rigs ? ' (COLMAP ≥ 3.12 rigs and frames)' : ''}`, () => {
      const model = fixtureModel({ rigs });
      const bin = readColmapModel(writeColmapBinary(model), 'm');
      const txt = readColmapModel(writeColmapText(model), 'm');
      expect(bin.format).toBe('binary');
      expect(txt.format).toBe('text');
      expect(bin.warnings).toEqual([]);
      expect(txt.warnings).toEqual([]);
      // Normalising the quaternion again may move it by an ulp; the text and binary readers see
      // the same doubles, so they agree exactly.
      expectSameModel(bin, model, 1e-15);
      expectSameModel(txt, bin);
      expect(bin.cameras.size).toBe(11);
      expect(bin.rigs.size).toBe(rigs ? 6 : 0);
    });
  }

  it('links images to frames and derives their poses from rig_from_world and sensor_from_rig', () => {
    const model = readColmapModel(writeColmapBinary(fixtureModel({ rigs: true })), 'm');
    expect(model.hasRigs).toBe(true);
    expect(model.images.get(1)!.frameId).toBe(1);
    expect(model.images.get(2)!.frameId).toBe(1);
    expect(model.images.get(11)!.frameId).toBe(6);
    expect(model.rigs.get(1)).toMatchObject({ refSensor: { type: 'CAMERA', id: 1 }, sensors: [{ sensor: { type: 'CAMERA', id: 2 } }] });
    expect(model.frames.get(1)).toMatchObject({ rigId: 1, dataIds: [{ sensor: { type: 'CAMERA', id: 1 }, id: 1 }, { sensor: { type: 'CAMERA', id: 2 }, id: 2 }] });
    // The stored pose of image 2 is replaced by the frame's, which COLMAP treats as the truth.
    const files = writeColmapText(fixtureModel({ rigs: true }));
    const images = dec(file(files, 'images.txt')).split('\n');
    const at = images.findIndex((l) => l.startsWith('2 '));
    const f = images[at].split(' ');
    f[5] = String(Number(f[5]) + 1);
    images[at] = f.join(' ');
    const moved = readColmapModel(replace(files, 'images.txt', enc(images.join('\n'))), 'm');
    expect(moved.warnings).toEqual([expect.stringMatching(/image 2 .*differs from the one frame 1 implies/)]);
    expect(moved.images.get(2)!.camFromWorld.translation[0]).toBeCloseTo(model.images.get(2)!.camFromWorld.translation[0], 12);
  });

  it('counts an image that no frame holds as unregistered, with a warning', () => {
    const model = fixtureModel({ rigs: true });
    const frames = new Map(model.frames);
    frames.set(6, { ...frames.get(6)!, dataIds: [] });
    const read = readColmapModel(writeColmapBinary({ ...model, frames }), 'm');
    expect(read.images.get(11)!.frameId).toBeUndefined();
    expect(read.warnings).toEqual([expect.stringMatching(/image 11 .*is in no frame/)]);
  });
});

describe('readColmapModel file choice', () => {
  it('prefers binary when both are present, as COLMAP does, and takes text otherwise', () => {
    const model = fixtureModel();
    const other = fixtureModel();
    const fewer = { ...other, points3D: new Map([...other.points3D].slice(0, 2)) };
    const both = [...writeColmapBinary(model), ...writeColmapText(fewer)];
    expect(readColmapModel(both, 'm').points3D.size).toBe(8);
    const lookup = (name: string) => writeColmapText(model).find((f) => f.name === name)?.bytes;
    expect(readColmapModel(lookup, 'm').format).toBe('text');
  });

  it('accepts names with folders and names the folder in errors', () => {
    const files = writeColmapBinary(fixtureModel()).map((f) => ({ name: `sparse/0/${f.name}`, bytes: f.bytes }));
    expect(readColmapModel(files, 'sparse/0').images.size).toBe(11);
    const e = thrown(() => readColmapModel([files[0]], 'sparse/0/'));
    expect(e.message).toMatch(/^sparse\/0\/: not a COLMAP sparse model.*found: cameras\.bin/);
  });

  it('refuses a half-migrated 3.12 layout: rigs without frames', () => {
    const files = writeColmapBinary(fixtureModel({ rigs: true })).filter((f) => f.name !== 'frames.bin');
    expect(thrown(() => readColmapModel(files, 'm')).message).toMatch(/^m\/frames\.bin: missing: the model has rigs\.bin/);
  });
});

describe('binary layout details', () => {
  it('writes "no 3D point" as 2^64 − 1 and reads it back as −1', () => {
    const bytes = file(writeColmapBinary(fixtureModel()), 'images.bin');
    // The last keypoint of the last image has no 3D point: its id is the file's last 8 bytes.
    expect([...bytes.subarray(bytes.length - 8)]).toEqual(new Array(8).fill(0xff));
    const model = readColmapModel(writeColmapBinary(fixtureModel()), 'm');
    expect(model.images.get(11)!.point3DIds.at(-1)).toBe(-1);
  });

  it('checks counts against the bytes left before allocating anything', () => {
    const files = writeColmapBinary(fixtureModel());
    const images = file(files, 'images.bin').slice();
    new DataView(images.buffer).setBigUint64(0, 1n << 40n, true);
    const e = thrown(() => readColmapModel(replace(files, 'images.bin', images), 'm'));
    expect(e.message).toMatch(/^m\/images\.bin \(byte 0\): number of images is 1099511627776, but .* only \d+ are left/);
  });

  it('refuses ids beyond 2^53 rather than rounding them', () => {
    const files = writeColmapBinary(fixtureModel());
    const points = file(files, 'points3D.bin').slice();
    new DataView(points.buffer).setBigUint64(8, 1n << 60n, true);
    expect(thrown(() => readColmapModel(replace(files, 'points3D.bin', points), 'm')).message).toMatch(/points3D\.bin \(byte 8\): point3D 0 id is 1152921504606846976, beyond 2\^53/);
  });

  it('names unknown camera models, and newer ones by name', () => {
    const files = writeColmapBinary(fixtureModel());
    const cameras = file(files, 'cameras.bin').slice();
    const view = new DataView(cameras.buffer);
    view.setInt32(12, 42, true);
    expect(thrown(() => readColmapModel(replace(files, 'cameras.bin', cameras), 'm')).message).toBe('m/cameras.bin (byte 12): camera 1: unknown camera model id 42; COLMAP\'s ids are 0–10 (SIMPLE_PINHOLE … THIN_PRISM_FISHEYE)');
    view.setInt32(12, 12, true);
    expect(thrown(() => readColmapModel(replace(files, 'cameras.bin', cameras), 'm')).message).toMatch(/camera model 12 \(SIMPLE_DIVISION\) is not supported/);
  });

  it('says where a truncated file ends', () => {
    const files = writeColmapBinary(fixtureModel());
    const points = file(files, 'points3D.bin');
    const e = thrown(() => readColmapModel(replace(files, 'points3D.bin', points.subarray(0, 600)), 'm'));
    expect(e.file).toBe('m/points3D.bin');
    expect(e.offset).toBeGreaterThan(0);
    expect(e.message).toMatch(/file is truncated/);
  });

  it('refuses trailing bytes, which mean a count and the data disagree', () => {
    const files = writeColmapBinary(fixtureModel());
    const cameras = file(files, 'cameras.bin');
    const longer = new Uint8Array(cameras.length + 3);
    longer.set(cameras);
    expect(thrown(() => readColmapModel(replace(files, 'cameras.bin', longer), 'm')).message).toMatch(/3 unexpected bytes after the last record/);
  });
});

describe('text layout details', () => {
  const textFiles = () => writeColmapText(fixtureModel());

  it('takes the line after an image line as its POINTS2D even when empty, and names with spaces whole', () => {
    const images = '# comment\n\n7 1 0 0 0 0 0 0 1 my image.png\n\n8 1 0 0 0 0 0 0 1 b.png\r\n1.5 2.5 -1 3 4 -1\r\n';
    const files = replace(
      [{ name: 'cameras.txt', bytes: enc('1 PINHOLE 10 10 5 5 5 5\n') }, { name: 'points3D.txt', bytes: enc('') }],
      'images.txt',
      enc(images),
    );
    const model = readColmapModel([...files, { name: 'images.txt', bytes: enc(images) }], 'm');
    expect(model.images.get(7)).toMatchObject({ name: 'my image.png', cameraId: 1 });
    expect(model.images.get(7)!.xys).toEqual(new Float64Array(0));
    expect(model.images.get(8)!.xys).toEqual(Float64Array.from([1.5, 2.5, 3, 4]));
    expect(model.images.get(8)!.point3DIds).toEqual(Float64Array.from([-1, -1]));
  });

  it('says which line lacks its POINTS2D line', () => {
    const files = textFiles();
    const images = dec(file(files, 'images.txt')).trimEnd().split('\n');
    const cut = images.slice(0, -1).join('\n') + '\n';
    const e = thrown(() => readColmapModel(replace(files, 'images.txt', enc(cut)), 'm'));
    expect(e.message).toBe(`m/images.txt: line ${images.length - 1}: file is truncated: the image has no POINTS2D line`);
  });

  it('names the line and the field of bad values', () => {
    const bad = (name: string, text: string) => thrown(() => readColmapModel(replace(textFiles(), name, enc(text)), 'm')).message;
    expect(bad('cameras.txt', '# c\n1 PINHOLE 640 480 500 500 320\n')).toBe('m/cameras.txt: line 2: camera 1: PINHOLE takes 4 parameters (fx, fy, cx, cy), found 3');
    expect(bad('cameras.txt', '1 FISHEYE 640 480 500 500 320 240\n')).toMatch(/line 1: camera 1: camera model FISHEYE is not supported/);
    expect(bad('cameras.txt', '1 PINHOLE 640 480 500 abc 320 240\n')).toBe('m/cameras.txt: line 1: camera 1 parameter fy "abc" is not a finite number');
    expect(bad('points3D.txt', '1 0 0 0 255 0 300 0.5 1 0\n')).toBe('m/points3D.txt: line 1: point3D 1 B 300 is out of range [0, 255]');
    expect(bad('points3D.txt', '1 0 0 0 255 0 0 0.5 1 0 2\n')).toMatch(/TRACK holds 3 values, not pairs/);
    expect(bad('points3D.txt', '1 0 0 0 255 0 0 0.5 99 0\n')).toBe('m/points3D.txt: point3D 1: track element 0 names image 99, which m/images.txt does not hold');
    expect(bad('points3D.txt', '1 0 0 0 255 0 0 0.5 1 50\n')).toMatch(/track element 0 names keypoint 50 of image 1, which has 9/);
    expect(bad('images.txt', '1 0 0 0 0 0 0 0 1 a.jpg\n\n')).toMatch(/^m\/images\.txt: line 1: image 1: quaternion \(0, 0, 0, 0\) has \(near\) zero length/);
    expect(bad('images.txt', '1 1 0 0 0 0 0 0 77 a.jpg\n\n')).toBe('m/images.txt: image 1 (a.jpg) uses camera 77, which m/cameras.txt does not hold');
    expect(bad('images.txt', '1 1 0 0 0 0 0 0 1 a.jpg\n1 2\n')).toMatch(/line 2: image 1: POINTS2D holds 2 values, not a multiple of 3/);
  });

  it('warns about keypoints linked to 3D points that do not exist, and caps the warnings', () => {
    const model = fixtureModel();
    const images = new Map(model.images);
    const im = images.get(1)!;
    const ids = im.point3DIds.slice();
    ids[ids.length - 1] = 999;
    images.set(1, { ...im, point3DIds: ids });
    const one = readColmapModel(writeColmapText({ ...model, images }), 'm');
    expect(one.warnings).toEqual(['image 1 (img_01.jpg): keypoint 8 names point3D 999, which m/points3D.txt does not hold']);
    for (const [id, image] of images) images.set(id, { ...image, point3DIds: image.point3DIds.map(() => 999) });
    const many: ColmapModel = readColmapModel(writeColmapBinary({ ...model, images }), 'm');
    expect(many.warnings).toHaveLength(21);
    expect(many.warnings[20]).toMatch(/^… and \d+ more warnings$/);
  });

  it('reads 3.12 rigs and frames text: sensor types by name, optional poses', () => {
    const rigs = 'rigs.txt';
    const files = writeColmapText(fixtureModel({ rigs: true }));
    const text = dec(file(files, rigs));
    expect(text).toMatch(/^1 2 CAMERA 1 CAMERA 2 1 [-\d.e]+( [-\d.e]+){6}$/m);
    expect(text).toMatch(/^6 1 CAMERA 11$/m);
    const bad = (t: string) => thrown(() => readColmapModel(replace(files, rigs, enc(t)), 'm')).message;
    expect(bad('1 2 CAMERA 1 LIDAR 2 0\n')).toBe('m/rigs.txt: line 1: rig 1 sensor 1: unknown sensor type "LIDAR" (COLMAP knows INVALID, CAMERA, IMU)');
    expect(bad('1 9 CAMERA 1\n')).toMatch(/line 1: rig 1: NUM_SENSORS is 9, but only 2 values follow/);
    const withoutPose = readColmapModel(replace(files, rigs, enc(text.replace(/^1 2 CAMERA 1 CAMERA 2 1 .*$/m, '1 2 CAMERA 1 CAMERA 2 0'))), 'm');
    expect(withoutPose.rigs.get(1)!.sensors[0].sensorFromRig).toBeNull();
    expect(withoutPose.warnings).toEqual([expect.stringMatching(/image 2 .*camera 2 has no known pose in rig 1; the stored pose is used/)]);
  });
});
