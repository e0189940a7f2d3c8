import { existsSync } from 'node:fs';
import path from 'node:path';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { nodeDatasetFiles } from '../../../main/import/nodeDatasetFiles';
import { parseSceneManifest } from '../../scene/manifest';
import { DatasetRootError } from '../datasetFiles';
import { importColmap } from './colmapImport';
import type { ColmapModel } from './colmapModel';
import { computeReconstructionStats } from './reconstructionStats';
import { memoryDatasetFiles } from './testing/memoryDatasetFiles';
import { ringModel } from './testing/ringModel';
import { writeColmapBinary, writeColmapText } from './testing/writeColmapModel';

const png = (width: number, height: number) => new Uint8Array(PNG.sync.write(new PNG({ width, height })));

function project(entries: Record<string, ColmapModel | Uint8Array>, text = false): Map<string, Uint8Array> {
  const files = new Map<string, Uint8Array>();
  for (const [at, value] of Object.entries(entries)) {
    if (value instanceof Uint8Array) files.set(at, value);
    else for (const f of (text ? writeColmapText : writeColmapBinary)(value)) files.set(at ? `${at}/${f.name}` : f.name, f.bytes);
  }
  return files;
}

function pictures(model: ColmapModel, folder: string): Record<string, Uint8Array> {
  const out: Record<string, Uint8Array> = {};
  for (const image of model.images.values()) {
    const camera = model.cameras.get(image.cameraId)!;
    out[`${folder}/${image.name}`] = png(camera.width, camera.height);
  }
  return out;
}

const untriangulated = (m: ColmapModel) => [...m.images.values()].reduce((n, im) => n + im.point3DIds.filter((id) => id === -1).length, 0);

/** The model as COLMAP's image_undistorter would write it for images `factor` times smaller. */
function undistorted(model: ColmapModel, factor: number): ColmapModel {
  const cameras = new Map([...model.cameras].map(([id, c]) => [id, { ...c, width: c.width / factor, height: c.height / factor, params: c.params.map((p) => p / factor) }]));
  const images = new Map([...model.images].map(([id, im]) => [id, { ...im, xys: im.xys.map((v) => v / factor) }]));
  return { ...model, cameras, images };
}

describe('importColmap', () => {
  const ring = ringModel({ images: 8, points: 120 });

  it('imports a project with sparse/0 and images/: one reconstruction scene, no frames, nothing wrong', async () => {
    const files = memoryDatasetFiles('/data/garden', project({ 'sparse/0': ring, ...pictures(ring, 'images') }));
    const result = await importColmap(files);
    expect(result.name).toBe('COLMAP garden');
    expect(result.scenes).toHaveLength(1);
    const scene = result.scenes[0];
    expect(scene.name).toBe('sparse_0');
    const manifest = parseSceneManifest(scene.manifest, 'scene.json');
    expect(manifest).toMatchObject({ name: 'garden/sparse/0', frames: [], reconstruction: { format: 'colmap', model: 'sparse/0', images: 'images' } });
    expect(manifest.description).toContain(`8 images, ${ring.points3D.size} points`);
    expect(result.report.problems).toEqual([]);
    expect(result.report.notConverted).toEqual([{ what: '2D keypoints without a 3D point', count: untriangulated(ring), why: expect.stringContaining('never triangulated') }]);
    const again = await importColmap(files);
    expect(again.scenes[0].manifest.sceneId).toBe(manifest.sceneId);
    const elsewhere = await importColmap(memoryDatasetFiles('/data/other', project({ 'sparse/0': ring })));
    expect(elsewhere.scenes[0].manifest.sceneId).not.toBe(manifest.sceneId);
  });

  it('imports a model folder given directly, in the text format, and says where the pictures would be', async () => {
    const result = await importColmap(memoryDatasetFiles('/data/garden/sparse/0', project({ '': ring }, true)));
    expect(result.scenes).toHaveLength(1);
    expect(result.scenes[0].manifest).toMatchObject({ name: 'garden/sparse/0', reconstruction: { model: '.' } });
    expect(result.scenes[0].manifest.reconstruction).not.toHaveProperty('images');
    expect(result.report.problems).toEqual([
      { file: '.', severity: 'warning', problem: expect.stringMatching(/^no pictures: none of images\/ holds any.*import the project folder/) },
    ]);
  });

  it('reports missing pictures, pictures of the wrong size and cameras Cairn cannot hold', async () => {
    const cameras = new Map(ring.cameras);
    cameras.set(3, { ...ring.cameras.get(3)!, model: 'FOV', modelId: 7, params: [288, 288, 160, 120, 0.3] });
    const model = { ...ring, cameras };
    const images = pictures(model, 'images');
    delete images['images/view_02.png'];
    images['images/view_05.png'] = png(160, 120);
    const result = await importColmap(memoryDatasetFiles('/p', project({ 'sparse/0': model, ...images })));
    expect(result.scenes).toHaveLength(1);
    expect(result.report.problems).toEqual([
      { file: 'sparse/0/cameras.bin', severity: 'warning', problem: expect.stringMatching(/^camera 3 \(FOV\) cannot become a Cairn camera: FOV with ω = 0.3/) },
      { file: 'images/view_02.png', severity: 'warning', problem: expect.stringMatching(/^missing: the model names image 2 \(view_02.png\)/) },
      { file: 'images/view_05.png', severity: 'warning', problem: 'image 5 is 160×120 px, but its camera 5 (PINHOLE) is 320×240: its keypoints will not line up with the picture' },
    ]);
  });

  it('finds dense/N/sparse with dense/N/images and detects the undistorter’s stored errors', async () => {
    const sparse = ringModel({ images: 6, points: 80, width: 960, height: 720, noisePx: 1.5 });
    const dense = undistorted(sparse, 3);
    const files = memoryDatasetFiles('/p', project({ 'sparse/0': sparse, 'dense/0/sparse': dense, ...pictures(sparse, 'images'), ...pictures(dense, 'dense/0/images') }));
    const result = await importColmap(files);
    expect(result.scenes.map((s) => [s.name, s.manifest.reconstruction])).toEqual([
      ['sparse_0', { format: 'colmap', model: 'sparse/0', images: 'images', files: ['cameras.bin', 'images.bin', 'points3D.bin'] }],
      ['dense_0', { format: 'colmap', model: 'dense/0/sparse', images: 'dense/0/images', files: ['cameras.bin', 'images.bin', 'points3D.bin'] }],
    ]);
    expect(result.report.problems).toEqual([]);
    const stats = computeReconstructionStats(dense).summary;
    expect(stats.meanStoredError / stats.meanReprojectionError).toBeCloseTo(3, 6);
    const stored = result.report.notConverted.find((n) => n.what === 'stored per-point errors of p/dense/0')!;
    expect(stored.count).toBe(dense.points3D.size);
    expect(stored.why).toMatch(/image_undistorter.*sparse\/0's original images.*\(×3\.00\).*focal lengths to this model's \(×3\.00\)/);
  });

  it('takes a dense/ folder (N/sparse with N/images) or one dense/N folder as the root', async () => {
    const dense = undistorted(ringModel({ images: 4, points: 60, width: 960, height: 720, noisePx: 1.5 }), 3);
    const denseFolder = await importColmap(memoryDatasetFiles('/p/dense', project({ '0/sparse': dense, ...pictures(dense, '0/images') })));
    expect(denseFolder.scenes.map((s) => [s.name, s.manifest.name, s.manifest.reconstruction])).toEqual([
      ['0', 'p/dense/0', { format: 'colmap', model: '0/sparse', images: '0/images', files: ['cameras.bin', 'images.bin', 'points3D.bin'] }],
    ]);
    const one = await importColmap(memoryDatasetFiles('/p/dense/0', project({ sparse: dense, ...pictures(dense, 'images') })));
    expect(one.scenes.map((s) => [s.manifest.name, s.manifest.reconstruction])).toEqual([['p/dense/0/sparse', { format: 'colmap', model: 'sparse', images: 'images', files: ['cameras.bin', 'images.bin', 'points3D.bin'] }]]);
    for (const result of [denseFolder, one]) {
      expect(result.report.problems).toEqual([]);
      expect(result.report.notConverted.find((n) => n.what.startsWith('stored per-point errors'))?.why).toMatch(/undistorted model.*\(×3\.00\)/);
    }
  });

  it('keeps the models it can read and names the file of one it cannot', async () => {
    const files = project({ 'sparse/0': ring, 'sparse/1': ring, ...pictures(ring, 'images') });
    const broken = files.get('sparse/1/points3D.bin')!;
    files.set('sparse/1/points3D.bin', broken.subarray(0, broken.length - 5));
    const result = await importColmap(memoryDatasetFiles('/p', files));
    expect(result.scenes.map((s) => s.name)).toEqual(['sparse_0']);
    expect(result.report.problems).toEqual([
      { file: 'sparse/1/points3D.bin', severity: 'error', problem: expect.stringMatching(/^byte \d+: point3D \d+ track length is \d+, but .* only \d+ are left; the model is not imported$/) },
    ]);
  });

  it('refuses a folder that holds no model, saying what it looked for', async () => {
    await expect(importColmap(memoryDatasetFiles('/p', new Map([['images/a.png', png(4, 4)]])))).rejects.toThrow(DatasetRootError);
    await expect(importColmap(memoryDatasetFiles('/p', new Map([['images/a.png', png(4, 4)]])))).rejects.toThrow(/not a COLMAP model or project.*dense\/N\/sparse/);
  });
});

const REAL = path.resolve(__dirname, '../../../../../shared/data/colmap/test_colmap');

describe.skipIf(!existsSync(REAL))('importColmap on the real project in shared/data (bartoszek/test_colmap)', () => {
  it('imports sparse/0 (no pictures in the repository) and dense/0 (with its undistorted JPEGs)', async () => {
    const result = await importColmap(nodeDatasetFiles(REAL));
    expect(result.scenes.map((s) => [s.name, s.manifest.name, s.manifest.reconstruction])).toEqual([
      ['sparse_0', 'test_colmap/sparse/0', { format: 'colmap', model: 'sparse/0', files: ['cameras.bin', 'images.bin', 'points3D.bin'] }],
      ['dense_0', 'test_colmap/dense/0', { format: 'colmap', model: 'dense/0/sparse', images: 'dense/0/images', files: ['cameras.bin', 'images.bin', 'points3D.bin'] }],
    ]);
    expect(result.report.problems).toEqual([{ file: 'sparse/0', severity: 'warning', problem: expect.stringMatching(/^no pictures: none of sparse\/images\/, images\/ holds any/) }]);
    expect(result.report.notConverted).toEqual([
      { what: '2D keypoints without a 3D point', count: 2 * (16646 - 5931), why: expect.any(String) },
      { what: 'stored per-point errors of test_colmap/dense/0', count: 1443, why: expect.stringMatching(/against 0\.\d+ px recomputed.*sparse\/0's focal lengths/) },
    ]);
    for (const scene of result.scenes) parseSceneManifest(scene.manifest, scene.name);
  });
});
