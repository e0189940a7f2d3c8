import { readFileSync } from 'node:fs';
import { parseCommandArgs } from './commandArgs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fitAtPoint, suggestFitOptions, type ClassPrior, type CuboidAtPointOptions } from '../core/assist';
import { openPointCloud } from '../core/formats';
import { coordinateProblem, findBadCoordinate } from '../core/formats/coordinateLimits';
import { yawOf } from '../core/geometry/quaternion';
import type { Vec3 } from '../core/geometry/vec3';
import { appRoot, resourcesDir } from './appPaths';
import { assertRegularFile } from './services/pointclouds/regularFile';
import { fileSource } from './services/stores/fileSource';

export const FIT_HELP = `  cairn fit <cloud file> --at x,y,z [--at x,y,z ...] [--class ID] [--sensor x,y,z] -o <boxes.json>
      Fit to point, headless: for each seed point, the box of the object under it (centre, size,
      yaw, in the cloud's frame; the whole object, completed away from the sensor to its class's
      size), the class (the one given, else suggested from the box's size) and a score, or the
      reason there is none. Reads LAS, LAZ, COPC, PCD, PLY or KITTI .bin. Exit status 0 on
      success, 1 when the cloud cannot be read, 2 on usage errors.
      --class ID       the class of every seed (from the default ontology): its typical size
      --sensor x,y,z   where the scan was taken from (default 0,0,0: a scan in the sensor's frame)
      A value starting with a minus sign goes after an equals sign: --at=-4.2,1,0.5
`;

/** boxes.json: one entry per --at, in order. */
export interface FitDocument {
  readonly format: 'cairn-fit';
  readonly version: 1;
  readonly source: string;
  readonly points: number;
  readonly fits: readonly FitEntry[];
}

export type FitEntry =
  | {
      readonly at: Vec3;
      readonly box: { readonly center: Vec3; readonly size: Vec3; readonly yaw: number };
      readonly classId: string | null;
      readonly score: number | null;
      readonly pointCount: number;
    }
  | { readonly at: Vec3; readonly box: null; readonly reason: string };

const REASONS = {
  'no-point-near-seed': 'no point within 1 m of the seed',
  'seed-on-ground': 'the point nearest the seed is ground',
  'too-few-points': 'fewer than 3 points around the seed',
} as const;

function parseVec3(text: string, flag: string): Vec3 {
  const parts = text.split(',').map((s) => s.trim());
  const v = parts.map(Number);
  if (parts.length !== 3 || parts.some((s) => s === '') || !v.every(Number.isFinite)) throw new Error(`${flag} takes x,y,z (three numbers), got "${text}"`);
  return [v[0], v[1], v[2]];
}

/** The whole cloud as x, y, z (float64: georeferenced coordinates keep their precision). */
async function readCloud(file: string, err: { write(chunk: string): unknown }): Promise<Float64Array> {
  await assertRegularFile(file);
  const source = fileSource(file);
  try {
    const laz = async () => (await import('../core/formats/laz/lazPerfDecoder')).defaultLazDecoder();
    const reader = await openPointCloud(source, { fileName: file, laz });
    const total = reader.header.pointCount;
    if (total === 0) throw new Error('holds no points');
    let xyz = new Float64Array(3 * total);
    let n = 0;
    for await (const batch of reader.batches(200_000)) {
      if (3 * (n + batch.count) > xyz.length) {
        const grown = new Float64Array(Math.max(2 * xyz.length, 3 * (n + batch.count)));
        grown.set(xyz.subarray(0, 3 * n));
        xyz = grown;
      }
      const bad = findBadCoordinate(batch.positions, batch.count);
      if (bad) throw new Error(`point ${n + bad.index}: ${coordinateProblem(bad)}`);
      xyz.set(batch.positions.subarray(0, 3 * batch.count), 3 * n);
      n += batch.count;
      err.write(`read ${n.toLocaleString('en-US')}/${total.toLocaleString('en-US')} points\n`);
    }
    if (n === 0) throw new Error('holds no points');
    return xyz.subarray(0, 3 * n);
  } catch (e) {
    const message = (e as Error).message;
    throw new Error(message.includes(file) ? message : `${file}: ${message}`, { cause: e });
  } finally {
    await source.close();
  }
}

function ontologyPriors(): ClassPrior[] {
  const file = path.join(resourcesDir(appRoot(__dirname)), 'ontology', 'default.json');
  const doc = JSON.parse(readFileSync(file, 'utf8')) as { classes: Array<{ classId: string; defaultSize: [number, number, number] }> };
  return doc.classes.map((c) => ({ classId: c.classId, size: c.defaultSize }));
}

/** `cairn fit`: returns the exit status. */
export async function runFit(args: string[], err: { write(chunk: string): unknown } = process.stderr): Promise<number> {
  const parsed = parseCommandArgs(
    'fit',
    FIT_HELP,
    args,
    { at: { type: 'string', multiple: true }, class: { type: 'string' }, sensor: { type: 'string' }, output: { type: 'string', short: 'o' } },
    err,
  );
  if (!parsed) return 2;
  const { values, positionals, usage } = parsed;
  if (positionals.length !== 1) return usage('give exactly one cloud file');
  if (!values.output) return usage('give the output file with -o <boxes.json>');
  if (!values.at?.length) return usage('give at least one seed point with --at x,y,z');
  let seeds: Vec3[];
  let sensor: Vec3;
  try {
    seeds = values.at.map((a) => parseVec3(a, '--at'));
    sensor = values.sensor === undefined ? [0, 0, 0] : parseVec3(values.sensor, '--sensor');
  } catch (e) {
    return usage((e as Error).message);
  }
  const priors = ontologyPriors();
  const chosen = values.class === undefined ? null : priors.find((p) => p.classId === values.class);
  if (chosen === undefined) return usage(`unknown class "${values.class}"; the ontology has ${priors.map((p) => p.classId).join(', ')}`);

  const largest = priors.reduce((a, b) => (b.size[0] > a.size[0] ? b : a)).size;

  const file = positionals[0];
  let xyz: Float64Array;
  try {
    xyz = await readCloud(file, err);
  } catch (e) {
    err.write(`cairn fit: ${(e as Error).message}\n`);
    return 1;
  }
  const fits: FitEntry[] = seeds.map((at, k) => {
    err.write(`fit ${k + 1}/${seeds.length} at ${at.join(',')}\n`);
    // As the app does for a chosen class; without one, bounded by the largest class and
    // suggesting from them all.
    const options: CuboidAtPointOptions = chosen
      ? { ...suggestFitOptions(at, chosen.size, sensor), classId: chosen.classId }
      : { ...suggestFitOptions(at, largest, sensor), classSize: undefined, classes: priors };
    const result = fitAtPoint(xyz, 3, at, 'cloud', options);
    if (!('cuboid' in result)) return { at, box: null, reason: REASONS[result.reason] };
    const { center, size, rotation } = result.cuboid;
    return { at, box: { center, size, yaw: yawOf(rotation) }, classId: result.classId, score: result.score, pointCount: result.pointCount };
  });
  const doc: FitDocument = { format: 'cairn-fit', version: 1, source: path.resolve(file), points: xyz.length / 3, fits };
  try {
    await writeFile(values.output, `${JSON.stringify(doc, null, 2)}\n`);
  } catch (e) {
    err.write(`cairn fit: ${values.output}: ${(e as Error).message}\n`);
    return 1;
  }
  const boxed = fits.filter((f) => f.box).length;
  err.write(`${boxed} of ${fits.length} seeds boxed → ${values.output}\n`);
  return 0;
}
