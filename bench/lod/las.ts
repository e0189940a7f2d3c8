/**
 * LAS helpers for the LOD builder benchmark (bench/lod):
 *
 *  - `writeSyntheticLas`: a deterministic (seeded) generator of a LAS 1.2, point data record
 *    format 3 file, written in chunks (never more than `chunkPoints` records in memory), with a
 *    scene that looks like an airborne scan of a few hundred metres: a rolling terrain, buildings
 *    with flat or gabled roofs, trees and bushes in forest patches and scattered, and a few
 *    outliers above the ground. Pulses run in scan lines across x while the line advances in y,
 *    so the file is in acquisition order, as real files are, not sorted and not shuffled.
 *  - `readLasHeader`: the point count, version, format and bounds of a LAS/LAZ file (LAZ keeps
 *    the public header uncompressed, so the same reader serves both).
 *
 * Same seed and options, same bytes: the header carries no clock time.
 */
import { closeSync, openSync, readSync, writeSync } from 'node:fs';

export interface SyntheticLasOptions {
  /** Number of point records to write. */
  points: number;
  /** Output file. */
  out: string;
  /** PRNG seed (default 1). */
  seed?: number;
  /** Side of the square scene in metres (default 500). */
  sizeM?: number;
  /** Records per write (default 262144, about 8.9 MB). */
  chunkPoints?: number;
  /** Called after each chunk with the number of records written so far. */
  onProgress?: (written: number) => void;
}

export interface SyntheticLasResult {
  points: number;
  bytes: number;
  seconds: number;
  pointsByReturn: number[];
  pointsByClass: Record<number, number>;
  min: [number, number, number];
  max: [number, number, number];
}

const HEADER_SIZE = 227; // LAS 1.2 public header, no VLRs
const RECORD_LENGTH = 34; // PDRF 3: xyz int32, intensity, flags, class, angle, user, source, gps time, rgb
const SCALE = 0.001;
/** Where the scene sits, in metres (a UTM-like easting/northing); the offsets of the header. */
const ORIGIN_X = 637_000;
const ORIGIN_Y = 5_400_000;
const ORIGIN_Z = 0;

/** sfc32: small, fast, 32-bit state PRNG; deterministic across platforms. */
function makeRng(seed: number): () => number {
  let a = 0x9e3779b9 ^ seed;
  let b = 0x243f6a88 ^ Math.imul(seed, 0x85ebca6b);
  let c = 0xb7e15162;
  let d = 1;
  const next = (): number => {
    a |= 0; b |= 0; c |= 0; d |= 0;
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  for (let i = 0; i < 16; i++) next();
  return next;
}

/** Ground height (m) at local (x, y): a few long waves and some shorter relief. */
function terrain(x: number, y: number): number {
  return (
    100 +
    9 * Math.sin(x / 97) * Math.cos(y / 131) +
    4 * Math.sin((x + 0.6 * y) / 53) +
    1.2 * Math.sin(x / 17.3) * Math.sin(y / 21.1) +
    0.25 * Math.sin(x / 3.1 + y / 4.3)
  );
}

interface Building {
  cx: number; cy: number; cos: number; sin: number; hx: number; hy: number;
  base: number; eave: number; ridge: number; gabled: boolean; r: number; g: number; b: number;
}
interface Tree { cx: number; cy: number; radius: number; height: number; ground: number; shade: number }

const CELL = 0.5; // raster cell (m) mapping a pulse's x/y to what it hits

/**
 * The scene: buildings and trees rasterised into a grid of ids (0: ground, >0: building id + 1,
 * <0: -(tree id + 1)). Built once from the seed; a few MB for a 500 m scene.
 */
function buildScene(rng: () => number, size: number) {
  const n = Math.ceil(size / CELL);
  const grid = new Int32Array(n * n);
  const buildings: Building[] = [];
  const trees: Tree[] = [];
  const area = size * size;

  // Buildings: a few districts of aligned houses plus scattered larger halls.
  const districts = Math.max(1, Math.round(area / 60_000));
  const perDistrict = Math.max(4, Math.round(area / 2_500 / districts));
  for (let d = 0; d < districts; d++) {
    const dx = size * (0.15 + 0.7 * rng());
    const dy = size * (0.15 + 0.7 * rng());
    const angle = rng() * Math.PI;
    for (let i = 0; i < perDistrict; i++) {
      const large = rng() < 0.12;
      const hx = large ? 12 + rng() * 20 : 4 + rng() * 5;
      const hy = large ? 8 + rng() * 12 : 3.5 + rng() * 3;
      const cx = dx + (rng() - 0.5) * size * 0.35;
      const cy = dy + (rng() - 0.5) * size * 0.35;
      if (cx < hx + 2 || cy < hx + 2 || cx > size - hx - 2 || cy > size - hx - 2) continue;
      const a = angle + (rng() < 0.8 ? 0 : (rng() - 0.5) * 0.6);
      const eave = large ? 6 + rng() * 8 : 2.8 + rng() * 3.5;
      const gabled = !large && rng() < 0.75;
      const tint = rng();
      const [r, g, b] = tint < 0.5 ? [150 + rng() * 60, 60 + rng() * 30, 50 + rng() * 30] : tint < 0.8 ? [90 + rng() * 40, 90 + rng() * 40, 95 + rng() * 40] : [190 + rng() * 50, 190 + rng() * 50, 185 + rng() * 50];
      buildings.push({ cx, cy, cos: Math.cos(a), sin: Math.sin(a), hx, hy, base: terrain(cx, cy), eave, ridge: gabled ? 1.5 + rng() * 3 : 0, gabled, r, g, b });
    }
  }
  buildings.forEach((bd, id) => {
    const reach = Math.hypot(bd.hx, bd.hy);
    const i0 = Math.max(0, Math.floor((bd.cx - reach) / CELL)), i1 = Math.min(n - 1, Math.ceil((bd.cx + reach) / CELL));
    const j0 = Math.max(0, Math.floor((bd.cy - reach) / CELL)), j1 = Math.min(n - 1, Math.ceil((bd.cy + reach) / CELL));
    for (let j = j0; j <= j1; j++) {
      for (let i = i0; i <= i1; i++) {
        const px = (i + 0.5) * CELL - bd.cx, py = (j + 0.5) * CELL - bd.cy;
        const u = px * bd.cos + py * bd.sin, v = -px * bd.sin + py * bd.cos;
        if (Math.abs(u) <= bd.hx && Math.abs(v) <= bd.hy) grid[j * n + i] = id + 1;
      }
    }
  });

  // Trees and bushes: forest patches (gaussian clusters) plus scattered ones; never over a building.
  const patches = Math.max(1, Math.round(area / 40_000));
  const perPatch = Math.round(area / 180 / patches);
  const scattered = Math.round(area / 400);
  const addTree = (cx: number, cy: number, bush: boolean) => {
    if (cx < 0 || cy < 0 || cx >= size || cy >= size) return;
    const radius = bush ? 0.6 + rng() * 1.2 : 1.8 + rng() * 3.8;
    const height = bush ? 0.6 + rng() * 1.6 : 7 + rng() * 20;
    const id = trees.length;
    trees.push({ cx, cy, radius, height, ground: terrain(cx, cy), shade: rng() });
    const i0 = Math.max(0, Math.floor((cx - radius) / CELL)), i1 = Math.min(n - 1, Math.ceil((cx + radius) / CELL));
    const j0 = Math.max(0, Math.floor((cy - radius) / CELL)), j1 = Math.min(n - 1, Math.ceil((cy + radius) / CELL));
    for (let j = j0; j <= j1; j++) {
      for (let i = i0; i <= i1; i++) {
        const px = (i + 0.5) * CELL - cx, py = (j + 0.5) * CELL - cy;
        if (px * px + py * py <= radius * radius && grid[j * n + i] <= 0) grid[j * n + i] = -(id + 1);
      }
    }
  };
  for (let p = 0; p < patches; p++) {
    const px = size * rng(), py = size * rng(), spread = 25 + rng() * 45;
    for (let i = 0; i < perPatch; i++) {
      // Box-Muller
      const r = spread * Math.sqrt(-2 * Math.log(1 - rng())), t = 2 * Math.PI * rng();
      addTree(px + r * Math.cos(t), py + r * Math.sin(t), rng() < 0.25);
    }
  }
  for (let i = 0; i < scattered; i++) addTree(size * rng(), size * rng(), rng() < 0.5);
  return { n, grid, buildings, trees };
}

/** Write a synthetic LAS 1.2 / PDRF 3 file; see the module comment. */
export function writeSyntheticLas(opts: SyntheticLasOptions): SyntheticLasResult {
  const total = Math.floor(opts.points);
  if (!(total > 0) || total > 0xffffffff) throw new Error(`points must be 1..${0xffffffff} for LAS 1.2, got ${opts.points}`);
  const size = opts.sizeM ?? 500;
  const chunk = opts.chunkPoints ?? 262_144;
  const rng = makeRng(opts.seed ?? 1);
  const t0 = process.hrtime.bigint();
  const scene = buildScene(rng, size);
  const { n, grid, buildings, trees } = scene;

  // Acquisition: scan lines across x (serpentine), line spacing and pulse spacing about equal.
  const meanReturns = 1.35; // rough; only sets the pulse spacing
  const pulses = total / meanReturns;
  const spacing = Math.sqrt((size * size) / pulses);
  const perLine = Math.max(1, Math.round(size / spacing));

  const buf = Buffer.alloc(chunk * RECORD_LENGTH);
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const fd = openSync(opts.out, 'w');
  const byReturn = [0, 0, 0, 0, 0];
  const byClass: Record<number, number> = {};
  let minX = 0x7fffffff, minY = 0x7fffffff, minZ = 0x7fffffff, maxX = -0x80000000, maxY = -0x80000000, maxZ = -0x80000000;
  let written = 0;
  let inBuf = 0;
  let pulse = 0;
  // Pending returns of the current pulse (at most 4).
  const rx = new Float64Array(4), ry = new Float64Array(4), rz = new Float64Array(4);
  const rc = new Uint8Array(4), ri = new Uint16Array(4), rr = new Uint16Array(4), rg = new Uint16Array(4), rb = new Uint16Array(4);

  try {
    writeSync(fd, Buffer.alloc(HEADER_SIZE), 0, HEADER_SIZE, 0); // placeholder; rewritten at the end
    let filePos = HEADER_SIZE;
    while (written < total) {
      // Pulse position: y follows progress so the whole square is covered whatever the return count.
      const line = Math.floor(pulse / perLine);
      const k = pulse % perLine;
      const col = line & 1 ? perLine - 1 - k : k;
      const x = Math.min(size - 1e-3, Math.max(0, (col + rng()) * (size / perLine)));
      const y = Math.min(size - 1e-3, Math.max(0, (written / total) * size + (rng() - 0.5) * spacing));
      const gpsTime = 3.0e8 + pulse * 2.5e-6 + line * 1e-3;
      const angle = Math.round(((x / size) - 0.5) * 40);
      pulse++;

      const ci = Math.min(n - 1, Math.floor(x / CELL)), cj = Math.min(n - 1, Math.floor(y / CELL));
      const hit = grid[cj * n + ci];
      const ground = terrain(x, y);
      let nr = 0;
      const gshade = 0.5 + 0.5 * Math.sin(x / 13.7 + Math.cos(y / 9.1));
      const pushGround = (z: number) => {
        rx[nr] = x; ry[nr] = y; rz[nr] = z; rc[nr] = 2;
        ri[nr] = 180 + Math.floor(gshade * 500 + rng() * 120);
        rr[nr] = 95 + gshade * 40 + rng() * 20; rg[nr] = 110 + gshade * 50 + rng() * 20; rb[nr] = 60 + rng() * 20;
        nr++;
      };
      const u01 = rng();
      if (u01 < 0.0002) {
        // Outlier: a bird, a wire, a multipath return (class 7, "noise").
        rx[nr] = x; ry[nr] = y; rz[nr] = ground + (rng() < 0.8 ? 5 + rng() * 45 : -(1 + rng() * 4)); rc[nr] = 7;
        ri[nr] = Math.floor(rng() * 200); rr[nr] = rg[nr] = rb[nr] = 128; nr++;
      } else if (hit > 0) {
        const bd = buildings[hit - 1];
        const px = x - bd.cx, py = y - bd.cy;
        const v = -px * bd.sin + py * bd.cos;
        const roof = bd.base + bd.eave + (bd.gabled ? bd.ridge * (1 - Math.abs(v) / bd.hy) : 0);
        rx[nr] = x; ry[nr] = y; rz[nr] = roof + (rng() - 0.5) * 0.04; rc[nr] = 6;
        ri[nr] = 300 + Math.floor(rng() * 250);
        rr[nr] = bd.r + rng() * 12; rg[nr] = bd.g + rng() * 12; rb[nr] = bd.b + rng() * 12;
        nr++;
      } else if (hit < 0) {
        const t = trees[-hit - 1];
        const d2 = ((x - t.cx) ** 2 + (y - t.cy) ** 2) / (t.radius * t.radius);
        const crownDepth = Math.min(t.height * 0.7, t.radius * 2.2);
        const top = t.ground + t.height - crownDepth * Math.min(1, d2) * 0.8;
        const hag = t.height;
        const cls = hag < 2 ? 3 : hag < 5 ? 4 : 5;
        const green = (z: number) => {
          rx[nr] = x + (rng() - 0.5) * 0.1; ry[nr] = y + (rng() - 0.5) * 0.1; rz[nr] = z; rc[nr] = cls;
          ri[nr] = 60 + Math.floor(rng() * 180);
          rr[nr] = 40 + t.shade * 40 + rng() * 25; rg[nr] = 85 + t.shade * 60 + rng() * 30; rb[nr] = 35 + rng() * 25;
          nr++;
        };
        const first = top - rng() * 0.6;
        green(first);
        if (cls !== 3 && rng() < 0.55) green(first - (0.3 + rng() * 0.9 * (first - (top - crownDepth))));
        if (cls === 5 && rng() < 0.25) green(top - crownDepth + rng() * 1.5);
        if (rng() < (cls === 3 ? 0.35 : 0.5)) pushGround(ground + (rng() - 0.5) * 0.05);
      } else {
        pushGround(ground + (rng() - 0.5) * 0.05);
      }

      for (let r = 0; r < nr && written < total; r++) {
        const X = Math.round(rx[r] / SCALE), Y = Math.round(ry[r] / SCALE), Z = Math.round((rz[r] - ORIGIN_Z) / SCALE);
        if (X < minX) minX = X; if (X > maxX) maxX = X;
        if (Y < minY) minY = Y; if (Y > maxY) maxY = Y;
        if (Z < minZ) minZ = Z; if (Z > maxZ) maxZ = Z;
        const o = inBuf * RECORD_LENGTH;
        view.setInt32(o, X, true);
        view.setInt32(o + 4, Y, true);
        view.setInt32(o + 8, Z, true);
        view.setUint16(o + 12, Math.min(65535, ri[r]), true);
        buf[o + 14] = (r + 1) | (nr << 3) | ((line & 1) << 6); // return number, number of returns, scan direction
        buf[o + 15] = rc[r];
        view.setInt8(o + 16, angle);
        buf[o + 17] = 0; // user data
        view.setUint16(o + 18, 1 + (line % 3 === 0 ? 1 : 0), true); // point source id (flight line)
        view.setFloat64(o + 20, gpsTime, true);
        view.setUint16(o + 28, Math.min(255, Math.max(0, rr[r] | 0)) * 257, true);
        view.setUint16(o + 30, Math.min(255, Math.max(0, rg[r] | 0)) * 257, true);
        view.setUint16(o + 32, Math.min(255, Math.max(0, rb[r] | 0)) * 257, true);
        byReturn[r]++;
        byClass[rc[r]] = (byClass[rc[r]] ?? 0) + 1;
        written++;
        inBuf++;
        if (inBuf === chunk) {
          writeSync(fd, buf, 0, inBuf * RECORD_LENGTH, filePos);
          filePos += inBuf * RECORD_LENGTH;
          inBuf = 0;
          opts.onProgress?.(written);
        }
      }
    }
    if (inBuf > 0) {
      writeSync(fd, buf, 0, inBuf * RECORD_LENGTH, filePos);
      filePos += inBuf * RECORD_LENGTH;
      opts.onProgress?.(written);
    }

    const min: [number, number, number] = [ORIGIN_X + minX * SCALE, ORIGIN_Y + minY * SCALE, ORIGIN_Z + minZ * SCALE];
    const max: [number, number, number] = [ORIGIN_X + maxX * SCALE, ORIGIN_Y + maxY * SCALE, ORIGIN_Z + maxZ * SCALE];
    const h = lasHeader(total, byReturn, min, max);
    writeSync(fd, h, 0, h.length, 0);
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    return { points: total, bytes: filePos, seconds, pointsByReturn: byReturn, pointsByClass: byClass, min, max };
  } finally {
    closeSync(fd);
  }
}

/** The 227-byte LAS 1.2 public header for a PDRF 3 file with no VLRs. */
function lasHeader(count: number, byReturn: number[], min: number[], max: number[]): Buffer {
  const h = Buffer.alloc(HEADER_SIZE);
  h.write('LASF', 0, 'ascii');
  h.writeUInt16LE(0, 4); // file source id
  h.writeUInt16LE(0, 6); // global encoding: GPS week time
  // 8..23: project GUID, zero
  h.writeUInt8(1, 24);
  h.writeUInt8(2, 25);
  h.write('cairn bench', 26, 32, 'ascii'); // system identifier
  h.write('cairn bench/lod/makeLas.ts', 58, 32, 'ascii'); // generating software
  h.writeUInt16LE(1, 90); // creation day of year: fixed, so the file is reproducible
  h.writeUInt16LE(2026, 92); // creation year
  h.writeUInt16LE(HEADER_SIZE, 94);
  h.writeUInt32LE(HEADER_SIZE, 96); // offset to point data
  h.writeUInt32LE(0, 100); // number of VLRs
  h.writeUInt8(3, 104); // point data record format
  h.writeUInt16LE(RECORD_LENGTH, 105);
  h.writeUInt32LE(count, 107);
  for (let i = 0; i < 5; i++) h.writeUInt32LE(byReturn[i] ?? 0, 111 + 4 * i);
  h.writeDoubleLE(SCALE, 131); h.writeDoubleLE(SCALE, 139); h.writeDoubleLE(SCALE, 147);
  h.writeDoubleLE(ORIGIN_X, 155); h.writeDoubleLE(ORIGIN_Y, 163); h.writeDoubleLE(ORIGIN_Z, 171);
  h.writeDoubleLE(max[0], 179); h.writeDoubleLE(min[0], 187);
  h.writeDoubleLE(max[1], 195); h.writeDoubleLE(min[1], 203);
  h.writeDoubleLE(max[2], 211); h.writeDoubleLE(min[2], 219);
  return h;
}

export interface LasHeaderInfo {
  version: string;
  pointFormat: number;
  /** Point data record format with the LAZ compression bits (0x80/0x40) cleared. */
  baseFormat: number;
  compressed: boolean;
  recordLength: number;
  points: number;
  min: [number, number, number];
  max: [number, number, number];
}

/** Read the public header of a LAS or LAZ file (LAS 1.0 to 1.4; 64-bit count for 1.4). */
export function readLasHeader(path: string): LasHeaderInfo {
  const fd = openSync(path, 'r');
  try {
    const h = Buffer.alloc(375);
    const got = readSync(fd, h, 0, h.length, 0);
    if (got < HEADER_SIZE || h.toString('ascii', 0, 4) !== 'LASF') throw new Error(`${path}: not a LAS/LAZ file`);
    const major = h.readUInt8(24), minor = h.readUInt8(25);
    const headerSize = h.readUInt16LE(94);
    const pointFormat = h.readUInt8(104);
    let points = h.readUInt32LE(107);
    if (major === 1 && minor >= 4 && headerSize >= 375 && got >= 255) {
      const big = Number(h.readBigUInt64LE(247));
      if (big > 0 || points === 0) points = big;
    }
    return {
      version: `${major}.${minor}`,
      pointFormat,
      baseFormat: pointFormat & 0x3f,
      compressed: (pointFormat & 0xc0) !== 0 || /\.laz$/i.test(path),
      recordLength: h.readUInt16LE(105),
      points,
      min: [h.readDoubleLE(187), h.readDoubleLE(203), h.readDoubleLE(219)],
      max: [h.readDoubleLE(179), h.readDoubleLE(195), h.readDoubleLE(211)],
    };
  } finally {
    closeSync(fd);
  }
}
