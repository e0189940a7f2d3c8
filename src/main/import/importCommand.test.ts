import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { readAllowedRoots } from '../services/access/allowedRootsFile';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDatasetManifest, parseSceneManifest } from '../../core/scene/manifest';
import { writeKittiObjectFixture, writeKittiTrackingFixture, writeNuScenesFixture } from '../testing/datasetFixtures';
import { IMPORT_HELP, runImport } from './importCommand';

let dir: string;
const fixtures: Record<string, string> = {};

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'cairn-import-cli-'));
  fixtures.kitti = writeKittiObjectFixture(path.join(dir, 'kitti')).root;
  fixtures['kitti-tracking'] = writeKittiTrackingFixture(path.join(dir, 'tracking')).root;
  fixtures.nuscenes = writeNuScenesFixture(path.join(dir, 'nuscenes')).root;
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(args: string[]): Promise<{ code: number; stderr: string }> {
  let stderr = '';
  const code = await runImport([...args, '--workspace', path.join(dir, 'workspace')], { write: (text: string) => (stderr += text) });
  return { code, stderr };
}

const readJson = (file: string): unknown => JSON.parse(readFileSync(file, 'utf8'));

describe('cairn import', () => {
  it.each([
    ['kitti', 'training', 3, 7],
    ['kitti-tracking', '0000', 10, 25],
    ['nuscenes', 'scene-0001', 5, 8],
  ])('%s: writes dataset.json, the scene manifests (resolving into the dataset) and the report', async (format, scene, frames, boxes) => {
    const out = path.join(dir, `out-${format}`);
    const { code, stderr } = await run([format, fixtures[format], '-o', out]);
    expect(code).toBe(0);
    expect(stderr).toContain(`1 scene, ${frames} frames, ${boxes} ground-truth boxes → ${out}`);
    const dataset = parseDatasetManifest(readJson(path.join(out, 'dataset.json')), 'dataset.json');
    expect(dataset.scenes).toEqual([{ name: scene, manifest: `${scene}/scene.json` }]);
    const manifest = parseSceneManifest(readJson(path.join(out, dataset.scenes[0].manifest)), 'scene.json');
    expect(manifest.dataRoot).toBe(path.resolve(fixtures[format]));
    expect(manifest.frames).toHaveLength(frames);
    expect(manifest.groundTruth).toHaveLength(boxes);
    for (const frame of manifest.frames) {
      for (const ref of [...Object.values(frame.pointClouds), ...Object.values(frame.images)]) expect(existsSync(path.join(manifest.dataRoot!, ref.path)), ref.path).toBe(true);
    }
    const report = readJson(path.join(out, 'import-report.json')) as { format: string; frames: number; problems: unknown[] };
    expect(report).toMatchObject({ format, frames, problems: [] });
    // The workspace, not the manifest, lets the host read the dataset where it lies.
    expect(readAllowedRoots(path.join(dir, 'workspace'))).toContainEqual(expect.objectContaining({ location: path.resolve(fixtures[format]), why: `cairn import ${format}` }));
  });

  it('writes the same manifests when run again', async () => {
    const out = path.join(dir, 'again');
    await run(['kitti', fixtures.kitti, '-o', out]);
    expect(readFileSync(path.join(out, 'training/scene.json'), 'utf8')).toBe(readFileSync(path.join(dir, 'out-kitti/training/scene.json'), 'utf8'));
  });

  it('exits 2 on usage errors, saying what is wrong', async () => {
    expect(await run([])).toMatchObject({ code: 2, stderr: expect.stringContaining('name the format and the dataset path') });
    expect(await run(['kitty', 'x', '-o', 'y'])).toMatchObject({ code: 2, stderr: expect.stringContaining('unknown format "kitty"; one of kitti, kitti-tracking, nuscenes') });
    expect(await run(['kitti', fixtures.kitti])).toMatchObject({ code: 2, stderr: expect.stringContaining('give the output folder with -o <dir>') });
    expect(await run(['kitti', 'a', 'b', '-o', 'y'])).toMatchObject({ code: 2, stderr: expect.stringContaining('one dataset path at a time') });
    expect(await run(['kitti', 'a', '--bogus'])).toMatchObject({ code: 2 });
    expect(IMPORT_HELP).toMatch(/cairn import <kitti\|kitti-tracking\|nuscenes[|>].*<path> -o <dir>/);
  });

  it('exits 1 when nothing can be imported', async () => {
    const empty = path.join(dir, 'empty');
    mkdirSync(empty);
    expect(await run(['kitti', empty, '-o', path.join(dir, 'out-empty')])).toMatchObject({ code: 1, stderr: expect.stringContaining('not a KITTI object dataset') });
    expect(await run(['nuscenes', path.join(dir, 'missing'), '-o', path.join(dir, 'out-missing')])).toMatchObject({ code: 1, stderr: expect.stringContaining('cannot read the dataset folder') });
    expect(existsSync(path.join(dir, 'out-empty', 'dataset.json'))).toBe(false);
    // The two KITTI layouts, each given to the other's importer, say which they are.
    expect(await run(['kitti-tracking', fixtures.kitti, '-o', path.join(dir, 'out-swap1')])).toMatchObject({ code: 1, stderr: expect.stringContaining('this is a KITTI object dataset (cairn import kitti)') });
    expect(await run(['kitti', fixtures['kitti-tracking'], '-o', path.join(dir, 'out-swap2')])).toMatchObject({ code: 1, stderr: expect.stringContaining('this is a KITTI tracking dataset (cairn import kitti-tracking)') });
  });
});
