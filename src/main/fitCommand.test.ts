import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeSyntheticFrame, type SyntheticFrame } from '../core/assist/syntheticLidar';
import { cuboidBevIou } from '../core/geometry/bevIou';
import { quatFromYaw } from '../core/geometry/quaternion';
import type { Vec3 } from '../core/geometry/vec3';
import { writePcd } from '../core/formats/testing/writePcd';
import { runFit, type FitDocument } from './fitCommand';

let work: string;
let frame: SyntheticFrame;
let bin: string;
/** Objects with ≥ 30 points, each with its point nearest the box centre (a click). */
let clicks: Array<{ object: number; at: Vec3 }>;

function capture() {
  const lines: string[] = [];
  return { err: { write: (s: string) => lines.push(s) }, text: () => lines.join('') };
}

beforeAll(() => {
  work = mkdtempSync(path.join(os.tmpdir(), 'cairn-fit-'));
  frame = makeSyntheticFrame({ seed: 11, classes: ['car', 'car', 'pedestrian', 'cyclist'] });
  bin = path.join(work, 'scan.bin');
  writeFileSync(bin, new Uint8Array(frame.points.buffer));
  clicks = [];
  frame.objects.forEach((o, k) => {
    let best = -1;
    let bd = Infinity;
    let count = 0;
    for (let i = 0; i < frame.objectOf.length; i++) {
      if (frame.objectOf[i] !== k) continue;
      count++;
      const c = o.cuboid.center;
      const d = (frame.points[4 * i] - c[0]) ** 2 + (frame.points[4 * i + 1] - c[1]) ** 2 + (frame.points[4 * i + 2] - c[2]) ** 2;
      if (d < bd) [bd, best] = [d, i];
    }
    if (count >= 30) clicks.push({ object: k, at: [frame.points[4 * best], frame.points[4 * best + 1], frame.points[4 * best + 2]] });
  });
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

const atArgs = (points: readonly Vec3[]) => points.map((p) => `--at=${p.join(',')}`);
const read = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as FitDocument;
const boxOf = (e: FitDocument['fits'][number]) => {
  if (!e.box) throw new Error(`no box: ${e.reason}`);
  return { frame: 'cloud', center: e.box.center, size: e.box.size, rotation: quatFromYaw(e.box.yaw) };
};

describe('cairn fit', () => {
  it('writes, per seed, the box of the object under it, with its suggested class and a score', async () => {
    const out = path.join(work, 'boxes.json');
    const log = capture();
    expect(await runFit([bin, ...atArgs(clicks.map((c) => c.at)), '-o', out], log.err)).toBe(0);
    expect(log.text()).toMatch(/read [\d,]+\/[\d,]+ points/);
    const doc = read(out);
    expect(doc).toMatchObject({ format: 'cairn-fit', version: 1, points: frame.points.length / 4 });
    expect(doc.fits).toHaveLength(clicks.length);
    let good = 0;
    let named = 0;
    doc.fits.forEach((entry, k) => {
      const truth = frame.objects[clicks[k].object];
      expect(entry.at).toEqual(clicks[k].at);
      if (cuboidBevIou(boxOf(entry), truth.cuboid) >= 0.7) good++;
      if ('classId' in entry && entry.classId === truth.classId) named++;
      if ('score' in entry) expect(entry.score).toBeGreaterThan(0);
    });
    expect(clicks.length).toBeGreaterThan(8);
    expect(good / clicks.length).toBeGreaterThanOrEqual(0.7);
    expect(named / clicks.length).toBeGreaterThanOrEqual(0.7);
  });

  it('uses the class given for every seed, and says why a seed gets no box', async () => {
    const car = clicks.find((c) => frame.objects[c.object].classId === 'car')!;
    const out = path.join(work, 'car.json');
    const road: Vec3 = [3, 3, frame.groundZ];
    const air: Vec3 = [0, 0, 30];
    expect(await runFit([bin, ...atArgs([car.at, road, air]), '--class', 'car', '-o', out], capture().err)).toBe(0);
    const [fit, onRoad, inAir] = read(out).fits;
    expect(fit).toMatchObject({ classId: 'car' });
    expect(cuboidBevIou(boxOf(fit), frame.objects[car.object].cuboid)).toBeGreaterThan(0.7);
    expect(onRoad).toEqual({ at: road, box: null, reason: 'the point nearest the seed is ground' });
    expect(inAir).toEqual({ at: air, box: null, reason: 'no point within 1 m of the seed' });
  });

  it('keeps boxes in the cloud frame of a georeferenced PCD, given where the sensor stood', async () => {
    const shift: Vec3 = [500_000.5, 4_200_000.25, 120];
    const rows: number[][] = [];
    for (let i = 0; i < frame.objectOf.length; i++) rows.push([frame.points[4 * i] + shift[0], frame.points[4 * i + 1] + shift[1], frame.points[4 * i + 2] + shift[2]]);
    const pcd = path.join(work, 'utm.pcd');
    writeFileSync(pcd, writePcd({ encoding: 'binary', fields: ['x', 'y', 'z'].map((name) => ({ name, size: 8 as const, type: 'F' as const })), points: rows }));
    const car = clicks.find((c) => frame.objects[c.object].classId === 'car')!;
    const at: Vec3 = [car.at[0] + shift[0], car.at[1] + shift[1], car.at[2] + shift[2]];
    const out = path.join(work, 'utm.json');
    expect(await runFit([pcd, '--at', at.join(','), '--class', 'car', '--sensor', shift.join(','), '-o', out], capture().err)).toBe(0);
    const truth = frame.objects[car.object].cuboid;
    const shifted = { ...truth, center: [truth.center[0] + shift[0], truth.center[1] + shift[1], truth.center[2] + shift[2]] as Vec3 };
    expect(cuboidBevIou(boxOf(read(out).fits[0]), shifted)).toBeGreaterThan(0.7);
  });

  it('refuses bad input with exit 1 naming the file, and bad usage with exit 2', async () => {
    const missing = path.join(work, 'missing.bin');
    let log = capture();
    expect(await runFit([missing, '--at', '1,2,3', '-o', path.join(work, 'x.json')], log.err)).toBe(1);
    expect(log.text()).toContain(`${missing}: no such file`);

    const nan = path.join(work, 'nan.bin');
    writeFileSync(nan, new Uint8Array(new Float32Array([1, 2, 3, 0, 4, Number.NaN, 6, 0]).buffer));
    log = capture();
    expect(await runFit([nan, '--at', '1,2,3', '-o', path.join(work, 'x.json')], log.err)).toBe(1);
    expect(log.text()).toMatch(new RegExp(`${nan.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: point 1: y is not a finite number`));

    const truncated = path.join(work, 'short.bin');
    writeFileSync(truncated, new Uint8Array(10));
    log = capture();
    expect(await runFit([truncated, '--at', '1,2,3', '-o', path.join(work, 'x.json')], log.err)).toBe(1);
    expect(log.text()).toContain(truncated);

    for (const args of [
      [bin, '-o', path.join(work, 'x.json')],
      [bin, '--at', '1,2', '-o', path.join(work, 'x.json')],
      [bin, '--at', '1,2,z', '-o', path.join(work, 'x.json')],
      [bin, '--at', '1,2,3'],
      [bin, '--at', '1,2,3', '--class', 'spaceship', '-o', path.join(work, 'x.json')],
      ['--at', '1,2,3', '-o', path.join(work, 'x.json')],
    ]) {
      log = capture();
      expect(await runFit(args, log.err)).toBe(2);
      expect(log.text()).toContain('Usage:');
    }
  });
});
