import type { RigidTransform } from '../../../camera/rigidTransform';
import type { ColmapDataId, ColmapModel, ColmapSensorId } from '../colmapModel';
import { colmapQvec } from '../poses';
import type { ColmapFile } from '../readColmapModel';

/**
 * Writes a model in COLMAP's binary and text layouts, for tests: fixtures are generated, never
 * copied from elsewhere. Rigs and frames are written when the model has them (COLMAP ≥ 3.12).
 */

class ByteWriter {
  private buf = new Uint8Array(1024);
  private view = new DataView(this.buf.buffer);
  private at = 0;

  /** Reserves n bytes; may replace buf and view, so callers call it before touching either. */
  private grow(n: number): number {
    if (this.at + n > this.buf.length) {
      const next = new Uint8Array(Math.max(this.buf.length * 2, this.at + n));
      next.set(this.buf);
      this.buf = next;
      this.view = new DataView(next.buffer);
    }
    const at = this.at;
    this.at += n;
    return at;
  }

  u8(v: number): this {
    const at = this.grow(1);
    this.view.setUint8(at, v);
    return this;
  }
  i32(v: number): this {
    const at = this.grow(4);
    this.view.setInt32(at, v, true);
    return this;
  }
  u32(v: number): this {
    const at = this.grow(4);
    this.view.setUint32(at, v, true);
    return this;
  }
  u64(v: number): this {
    // −1 is COLMAP's "no point3D": all 64 bits set.
    const at = this.grow(8);
    this.view.setBigUint64(at, v === -1 ? 0xffff_ffff_ffff_ffffn : BigInt(v), true);
    return this;
  }
  f64(...vs: number[]): this {
    for (const v of vs) {
      const at = this.grow(8);
      this.view.setFloat64(at, v, true);
    }
    return this;
  }
  cString(s: string): this {
    const bytes = utf8Bytes(s);
    const at = this.grow(bytes.length);
    this.buf.set(bytes, at);
    return this.u8(0);
  }
  bytes(): Uint8Array {
    return this.buf.slice(0, this.at);
  }
}

function utf8Bytes(s: string): Uint8Array {
  const out: number[] = [];
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (cp < 0x80) out.push(cp);
    else if (cp < 0x800) out.push(0xc0 | (cp >> 6), 0x80 | (cp & 63));
    else if (cp < 0x10000) out.push(0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63));
    else out.push(0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 63), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63));
  }
  return Uint8Array.from(out);
}

const SENSOR_CODES = { INVALID: -1, CAMERA: 0, IMU: 1 } as const;
const byId = <T extends { id: number }>(m: ReadonlyMap<number, T>) => [...m.values()].sort((a, b) => a.id - b.id);

function pose(w: ByteWriter, t: RigidTransform): void {
  w.f64(...colmapQvec(t), ...t.translation);
}

function sensor(w: ByteWriter, s: ColmapSensorId): void {
  w.i32(SENSOR_CODES[s.type]).u32(s.id);
}

export function writeColmapBinary(model: ColmapModel): ColmapFile[] {
  const cameras = new ByteWriter().u64(model.cameras.size);
  for (const c of byId(model.cameras)) cameras.u32(c.id).i32(c.modelId).u64(c.width).u64(c.height).f64(...c.params);

  const images = new ByteWriter().u64(model.images.size);
  for (const im of byId(model.images)) {
    images.u32(im.id);
    pose(images, im.camFromWorld);
    images.u32(im.cameraId).cString(im.name).u64(im.point3DIds.length);
    for (let k = 0; k < im.point3DIds.length; k++) images.f64(im.xys[2 * k], im.xys[2 * k + 1]).u64(im.point3DIds[k]);
  }

  const points = new ByteWriter().u64(model.points3D.size);
  for (const p of byId(model.points3D)) {
    points.u64(p.id).f64(...p.xyz).u8(p.rgb[0]).u8(p.rgb[1]).u8(p.rgb[2]).f64(p.error).u64(p.imageIds.length);
    for (let k = 0; k < p.imageIds.length; k++) points.u32(p.imageIds[k]).u32(p.point2DIdxs[k]);
  }

  const files: ColmapFile[] = [
    { name: 'cameras.bin', bytes: cameras.bytes() },
    { name: 'images.bin', bytes: images.bytes() },
    { name: 'points3D.bin', bytes: points.bytes() },
  ];
  if (!model.hasRigs) return files;

  const rigs = new ByteWriter().u64(model.rigs.size);
  for (const r of byId(model.rigs)) {
    rigs.u32(r.id).u32(r.refSensor ? r.sensors.length + 1 : 0);
    if (r.refSensor) sensor(rigs, r.refSensor);
    for (const s of r.sensors) {
      sensor(rigs, s.sensor);
      rigs.u8(s.sensorFromRig ? 1 : 0);
      if (s.sensorFromRig) pose(rigs, s.sensorFromRig);
    }
  }
  const frames = new ByteWriter().u64(model.frames.size);
  for (const f of byId(model.frames)) {
    frames.u32(f.id).u32(f.rigId);
    pose(frames, f.rigFromWorld);
    frames.u32(f.dataIds.length);
    for (const d of f.dataIds) {
      sensor(frames, d.sensor);
      frames.u64(d.id);
    }
  }
  return [...files, { name: 'rigs.bin', bytes: rigs.bytes() }, { name: 'frames.bin', bytes: frames.bytes() }];
}

/** JS's shortest round-trip form, keeping the sign of zero as C++ streams print it. */
const num = (v: number) => (Object.is(v, -0) ? '-0' : String(v));
const line = (values: readonly (string | number)[]) => values.map((v) => (typeof v === 'number' ? num(v) : v)).join(' ');
const text = (lines: string[]): Uint8Array => utf8Bytes(lines.map((l) => `${l}\n`).join(''));
const poseText = (t: RigidTransform) => line([...colmapQvec(t), ...t.translation]);
const sensorText = (s: ColmapSensorId) => `${s.type} ${s.id}`;
const dataIdText = (d: ColmapDataId) => `${sensorText(d.sensor)} ${d.id}`;

/** Numbers print exactly (see `num`), so text and binary fixtures hold the same values. */
export function writeColmapText(model: ColmapModel): ColmapFile[] {
  const cameras = ['# Camera list with one line of data per camera:', '#   CAMERA_ID, MODEL, WIDTH, HEIGHT, PARAMS[]', `# Number of cameras: ${model.cameras.size}`];
  for (const c of byId(model.cameras)) cameras.push(line([c.id, c.model, c.width, c.height, ...c.params]));

  const images = ['# Image list with two lines of data per image:', '#   IMAGE_ID, QW, QX, QY, QZ, TX, TY, TZ, CAMERA_ID, NAME', '#   POINTS2D[] as (X, Y, POINT3D_ID)'];
  for (const im of byId(model.images)) {
    images.push(`${im.id} ${poseText(im.camFromWorld)} ${im.cameraId} ${im.name}`);
    const pts: number[] = [];
    for (let k = 0; k < im.point3DIds.length; k++) pts.push(im.xys[2 * k], im.xys[2 * k + 1], im.point3DIds[k]);
    images.push(line(pts));
  }

  const points = ['# 3D point list with one line of data per point:', '#   POINT3D_ID, X, Y, Z, R, G, B, ERROR, TRACK[] as (IMAGE_ID, POINT2D_IDX)'];
  for (const p of byId(model.points3D)) {
    const track: number[] = [];
    for (let k = 0; k < p.imageIds.length; k++) track.push(p.imageIds[k], p.point2DIdxs[k]);
    points.push(line([p.id, ...p.xyz, ...p.rgb, p.error, ...track]));
  }

  const files: ColmapFile[] = [
    { name: 'cameras.txt', bytes: text(cameras) },
    { name: 'images.txt', bytes: text(images) },
    { name: 'points3D.txt', bytes: text(points) },
  ];
  if (!model.hasRigs) return files;

  const rigs = ['# Rig calib list with one line of data per calib:'];
  for (const r of byId(model.rigs)) {
    const parts: (string | number)[] = [r.id, r.refSensor ? r.sensors.length + 1 : 0];
    if (r.refSensor) parts.push(sensorText(r.refSensor));
    for (const s of r.sensors) parts.push(sensorText(s.sensor), s.sensorFromRig ? `1 ${poseText(s.sensorFromRig)}` : '0');
    rigs.push(parts.join(' '));
  }
  const frames = ['# Frame list with one line of data per frame:'];
  for (const f of byId(model.frames)) frames.push([f.id, f.rigId, poseText(f.rigFromWorld), f.dataIds.length, ...f.dataIds.map(dataIdText)].join(' '));
  return [...files, { name: 'rigs.txt', bytes: text(rigs) }, { name: 'frames.txt', bytes: text(frames) }];
}
