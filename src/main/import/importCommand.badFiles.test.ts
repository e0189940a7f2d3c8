import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureModel } from '../../core/importers/colmap/testing/colmapFixture';
import { writeColmapBinary } from '../../core/importers/colmap/testing/writeColmapModel';
import type { ImportReport } from '../../core/importers/importReport';
import { writeKittiObjectFixture, writeKittiTrackingFixture, writeNuScenesFixture } from '../testing/datasetFixtures';
import { runImport } from './importCommand';

/**
 * The bad-file corpus for `cairn import`: each case spoils one file of a generated dataset. The
 * import either goes on without it, listing it in the report (file and problem) and naming it
 * on stderr, or stops with exit 1 naming it.
 */
let work: string;
const bases: Record<string, string> = {};
const baseline: Record<string, ImportReport> = {};

async function run(format: string, root: string, out: string): Promise<{ code: number; stderr: string; report: ImportReport | null }> {
  let stderr = '';
  const code = await runImport([format, root, '-o', out, '--workspace', path.join(work, 'workspace')], { write: (text: string) => (stderr += text) });
  let report: ImportReport | null = null;
  try {
    report = JSON.parse(readFileSync(path.join(out, 'import-report.json'), 'utf8')) as ImportReport;
  } catch {
    // No report: the import stopped before writing one.
  }
  return { code, stderr, report };
}

/** Appends a line to a text file and returns its line number. */
function appendLine(file: string, line: string): number {
  const text = readFileSync(file, 'utf8');
  const before = text.endsWith('\n') ? text : `${text}\n`;
  writeFileSync(file, `${before}${line}\n`);
  return before.split('\n').length;
}

const KITTI_BOX = (h: string, w: string, l: string, z = '10') => `Car 0 0 0 100 100 200 200 ${h} ${w} ${l} 1 1.5 ${z} 0`;

beforeAll(() => {
  work = mkdtempSync(path.join(os.tmpdir(), 'cairn-import-bad-'));
  bases.kitti = writeKittiObjectFixture(path.join(work, 'base-kitti')).root;
  bases['kitti-tracking'] = writeKittiTrackingFixture(path.join(work, 'base-tracking')).root;
  bases.nuscenes = writeNuScenesFixture(path.join(work, 'base-nuscenes')).root;
}, 120_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

interface Skipped {
  readonly name: string;
  readonly format: 'kitti' | 'kitti-tracking' | 'nuscenes';
  /** Spoils the copy at `root`; returns the spoilt file (relative) and the problem expected. */
  readonly spoil: (root: string) => { file: string; problem: RegExp };
  /** What the import has less of than the clean dataset ('none': the bad line was an extra one). */
  readonly fewer: 'frames' | 'groundTruth' | 'none';
}

/** The second scan of a Velodyne folder, relative to the root. */
const velodyneScan = (root: string, folder: string) => `${folder}/${readdirSync(path.join(root, folder)).sort()[1]}`;

const skipped: Skipped[] = [
  ...[
    ['a negative height', KITTI_BOX('-1.5', '1.6', '3.9'), /the height is outside 0\.01 m – 1 km; label skipped$/],
    ['a 1e308 m length', KITTI_BOX('1.5', '1.6', '1e308'), /the length is outside 0\.01 m – 1 km; label skipped$/],
    ['a location 1e9 m away', KITTI_BOX('1.5', '1.6', '3.9', '1e9'), /location z is not finite or lies more than 10000000 m away; label skipped$/],
    ['a value that is not a number', KITTI_BOX('1.5', 'NaN', '3.9'), /field 10 is not a finite number; label skipped$/],
  ].map(([what, line, problem]) => ({
    name: `KITTI object label with ${what as string}`,
    format: 'kitti' as const,
    fewer: 'none' as const,
    spoil: (root: string) => {
      const file = 'training/label_2/000000.txt';
      const n = appendLine(path.join(root, file), line as string);
      return { file, problem: new RegExp(`^line ${n}: ${(problem as RegExp).source}`) };
    },
  })),
  {
    name: 'KITTI object zero-byte Velodyne scan',
    format: 'kitti',
    fewer: 'frames',
    spoil: (root) => {
      const file = velodyneScan(root, 'training/velodyne');
      writeFileSync(path.join(root, file), new Uint8Array(0));
      return { file, problem: /^the Velodyne scan is empty \(0 bytes\); frame skipped$/ };
    },
  },
  {
    name: 'KITTI object label file that is a FIFO',
    format: 'kitti',
    fewer: 'groundTruth',
    spoil: (root) => {
      const file = 'training/label_2/000000.txt';
      rmSync(path.join(root, file));
      execFileSync('mkfifo', [path.join(root, file)]);
      return { file, problem: /^is not a regular file .*; sample 000000 has no ground truth$/ };
    },
  },
  {
    name: 'KITTI tracking label with a zero width',
    format: 'kitti-tracking',
    fewer: 'none',
    spoil: (root) => {
      const file = 'training/label_02/0000.txt';
      const n = appendLine(path.join(root, file), `1 77 ${KITTI_BOX('1.5', '0', '3.9')}`);
      return { file, problem: new RegExp(`^line ${n}: the width is outside 0\\.01 m – 1 km; label skipped$`) };
    },
  },
  {
    name: 'KITTI tracking zero-byte Velodyne scan',
    format: 'kitti-tracking',
    fewer: 'frames',
    spoil: (root) => {
      const file = velodyneScan(root, 'training/velodyne/0000');
      writeFileSync(path.join(root, file), new Uint8Array(0));
      return { file, problem: /^the Velodyne scan is empty \(0 bytes\); frame skipped$/ };
    },
  },
  {
    name: 'nuScenes zero-byte LiDAR sweep',
    format: 'nuscenes',
    fewer: 'frames',
    spoil: (root) => {
      const table = JSON.parse(readFileSync(path.join(root, 'v1.0-mini/sample_data.json'), 'utf8')) as { filename: string; fileformat?: string }[];
      const file = table.find((sd) => sd.filename.includes('LIDAR_TOP'))!.filename;
      writeFileSync(path.join(root, file), new Uint8Array(0));
      return { file, problem: /^the sweep is empty \(0 bytes\); frame skipped$/ };
    },
  },
  {
    name: 'nuScenes annotation 1e308 m wide',
    format: 'nuscenes',
    fewer: 'groundTruth',
    spoil: (root) => {
      const file = 'v1.0-mini/sample_annotation.json';
      const table = JSON.parse(readFileSync(path.join(root, file), 'utf8')) as { token: string; size: number[] }[];
      table[0].size = [1e308, 4, 1.5];
      writeFileSync(path.join(root, file), JSON.stringify(table));
      return { file, problem: new RegExp(`^sample_annotation ${table[0].token}: the width is outside 0\\.01 m – 1 km; annotation skipped$`) };
    },
  },
];

/** A COLMAP project with the given sparse/N models, each missing the files named. */
function colmapProject(name: string, models: Record<string, string[]>): string {
  const root = path.join(work, name);
  for (const [n, missing] of Object.entries(models)) {
    const dir = path.join(root, 'sparse', n);
    mkdirSync(dir, { recursive: true });
    for (const f of writeColmapBinary(fixtureModel())) if (!missing.includes(f.name)) writeFileSync(path.join(dir, f.name), f.bytes);
  }
  return root;
}

describe('cairn import lists the bad files it skipped, naming them', () => {
  it.each(skipped)('$name', async ({ format, spoil, fewer }) => {
    const clean = baseline[format] ?? (baseline[format] = (await run(format, bases[format], path.join(work, `clean-${format}`))).report!);
    expect(clean.problems).toEqual([]);
    const root = path.join(work, `spoilt-${Math.random().toString(36).slice(2)}`);
    cpSync(bases[format], root, { recursive: true });
    const { file, problem } = spoil(root);
    const { code, stderr, report } = await run(format, root, path.join(root, '..', `${path.basename(root)}-out`));
    expect(code, stderr).toBe(0);
    // A skipped frame takes its labels along, each listed as a warning.
    expect(report!.problems.filter((p) => p.severity === 'error')).toEqual([{ file, severity: 'error', problem: expect.stringMatching(problem) }]);
    expect(stderr).toContain(`error: ${file}: `);
    if (fewer === 'frames') expect(report!.frames).toBe(clean.frames - 1);
    else expect(report!.frames).toBe(clean.frames);
    if (fewer === 'groundTruth') expect(report!.groundTruth).toBeLessThan(clean.groundTruth);
    else if (fewer === 'none') expect(report!.groundTruth).toBe(clean.groundTruth);
  });

  it('a COLMAP sparse/N missing one of its three files', async () => {
    const root = colmapProject('colmap-partial', { '0': [], '1': ['points3D.bin'] });
    const { code, stderr, report } = await run('colmap', root, path.join(work, 'colmap-partial-out'));
    expect(code, stderr).toBe(0);
    expect(report!.scenes.map((s) => s.name)).toEqual(['sparse_0']);
    expect(report!.problems).toContainEqual({ file: 'sparse/1', severity: 'error', problem: expect.stringMatching(/^incomplete COLMAP model: points3D\.bin is missing .*; the model is not imported$/) });
    expect(stderr).toContain('error: sparse/1: incomplete COLMAP model: points3D.bin is missing');
  });
});

describe('cairn import stops, naming the bad file, when nothing is left to import', () => {
  it('a COLMAP project whose only model lacks its cameras', async () => {
    const root = colmapProject('colmap-broken', { '0': ['cameras.bin'] });
    const { code, stderr } = await run('colmap', root, path.join(work, 'colmap-broken-out'));
    expect(code).toBe(1);
    expect(stderr).toContain(`cairn import: ${root}: sparse/0: incomplete COLMAP model: cameras.bin is missing`);
  });

  it('a KITTI object dataset whose only scan is empty', async () => {
    const root = path.join(work, 'kitti-one-empty');
    mkdirSync(path.join(root, 'velodyne'), { recursive: true });
    writeFileSync(path.join(root, 'velodyne', '000000.bin'), new Uint8Array(0));
    const { code, stderr, report } = await run('kitti', root, path.join(work, 'kitti-one-empty-out'));
    expect(code).toBe(1);
    expect(report!.problems).toContainEqual({ file: 'velodyne/000000.bin', severity: 'error', problem: 'the Velodyne scan is empty (0 bytes); frame skipped' });
    expect(stderr).toContain('velodyne/000000.bin: the Velodyne scan is empty');
  });
});
