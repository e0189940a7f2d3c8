import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyTransform } from '../../camera/rigidTransform';
import { openPointCloud } from '../../formats/openPointCloud';
import { readAll } from '../../formats/testing/readAll';
import { writeE57 } from '../../formats/testing/writeE57';
import { memorySource } from '../../io/byteSource';
import { parseSceneManifest } from '../../scene/manifest';
import { importE57 } from './e57Import';

const DIR = path.resolve(__dirname, '../../../../../shared/data/e57');

async function runImport(name: string, bytes: Uint8Array) {
  const files = new Map<string, Uint8Array>();
  const result = await importE57(memorySource(name, bytes), {
    write: async (scene, relative, data) => {
      const chunks: Uint8Array[] = [];
      if (data instanceof Uint8Array) chunks.push(data);
      else for await (const c of data) chunks.push(c);
      const whole = new Uint8Array(chunks.reduce((n, c) => n + c.byteLength, 0));
      chunks.reduce((at, c) => (whole.set(c, at), at + c.byteLength), 0);
      files.set(`${scene}/${relative}`, whole);
    },
  });
  return { result, files, manifest: result.scenes[0] && parseSceneManifest(result.scenes[0].manifest, name) };
}

// A 2×2 PNG header is all imageSize needs to size it.
const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 64, 0, 0, 0, 48, 8, 2, 0, 0, 0]);

describe('E57 import', () => {
  it('a frame per scan with its pose, points as PCD in the scan frame, a posed pinhole image as a camera', async () => {
    const turn = { rotation: [0, 0, Math.SQRT1_2, Math.SQRT1_2] as const, translation: [10, 0, 0] as const };
    const xyz = [{ name: 'cartesianX', kind: 'float64' as const }, { name: 'cartesianY', kind: 'float64' as const }, { name: 'cartesianZ', kind: 'float64' as const }];
    const bytes = writeE57({
      scans: [
        { name: 'first', fields: [...xyz, { name: 'colorRed', kind: 'integer', minimum: 0, maximum: 255 }, { name: 'colorGreen', kind: 'integer', minimum: 0, maximum: 255 }, { name: 'colorBlue', kind: 'integer', minimum: 0, maximum: 255 }], records: [[1, 2, 3, 255, 0, 10]], cartesianBounds: { min: [1, 2, 3], max: [1, 2, 3] } },
        { name: 'second', pose: turn, fields: [...xyz, { name: 'cartesianInvalidState', kind: 'integer', minimum: 0, maximum: 2 }], records: [[1, 0, 0, 0], [5, 5, 5, 2]] },
      ],
      images: [
        { name: 'cam', kind: 'png', bytes: png, width: 64, height: 48, associatedScan: 1, pose: { rotation: [0, 0, 0, 1], translation: [10, 1, 0] }, pinhole: { focalLength: 0.004, pixelWidth: 1e-5, pixelHeight: 2e-5, principalPointX: 32, principalPointY: 24 } },
        { name: 'ref', kind: 'png', bytes: png, width: 64, height: 48 },
      ],
    });
    const { result, files, manifest } = await runImport('two.e57', bytes);
    expect(result.scenes.map((s) => s.name)).toEqual(['two']);
    // The second scan's invalid point stays in its PCD as NaN (so the header's count is known before reading); readers skip it.
    expect(manifest.frames.map((f) => [f.sourceId, f.pointClouds.scanner.pointCount, f.worldFromEgo.translation])).toEqual([['first', 1, [0, 0, 0]], ['second', 2, [10, 0, 0]]]);
    const camera = manifest.sensors.find((s) => s.kind === 'camera')!;
    expect(camera).toMatchObject({ intrinsics: { model: 'pinhole', width: 64, height: 48, fx: 400, fy: 200, cx: 32, cy: 24 } });
    // egoFromCamera of the second scan: the camera sits 1 m along the file's y, which is the turned scan's +x.
    applyTransform(camera.egoFromSensor, [0, 0, 0]).forEach((v, k) => expect(v).toBeCloseTo([1, 0, 0][k], 12));
    expect(Object.keys(manifest.frames[1].images)).toEqual([camera.sensorId]);
    expect([...files.keys()].sort()).toEqual(['two/clouds/scan-000.pcd', 'two/clouds/scan-001.pcd', 'two/images/cam.png', 'two/images/ref.png']);
    const first = await readAll(await openPointCloud(memorySource('scan-000.pcd', files.get('two/clouds/scan-000.pcd')!)));
    expect([first.positions, first.rgb]).toEqual([[1, 2, 3], [255 * 257, 0, 10 * 257]]);
    const second = await readAll(await openPointCloud(memorySource('scan-001.pcd', files.get('two/clouds/scan-001.pcd')!)));
    expect(second.positions).toEqual([1, 0, 0]);
    expect(result.report.notConverted.map((n) => [n.what, n.count])).toEqual([['points with an invalid cartesian or spherical state', 1], ['visualReference images', 1]]);
  });

  describe.skipIf(!existsSync(DIR))('real files', () => {
    const load = (name: string) => runImport(name, new Uint8Array(readFileSync(path.join(DIR, name))));

    it('A_B.e57: two scans become two frames; every PCD holds its scan', async () => {
      const { manifest, files } = await load('A_B.e57');
      expect(manifest.frames.map((f) => [f.sourceId, f.pointClouds.scanner.pointCount])).toEqual([['B2 - Cloud', 2], ['A4 - Cloud', 4]]);
      for (const f of manifest.frames) {
        const cloud = await readAll(await openPointCloud(memorySource('scan.pcd', files.get(`A_B/${f.pointClouds.scanner.path}`)!)));
        expect(cloud.count).toBe(f.pointClouds.scanner.pointCount);
        expect(cloud.rgb.length).toBe(3 * cloud.count);
      }
    });

    it('pumpAVisualReferenceImage.e57: the reference photo is extracted and listed, not a camera', async () => {
      const { manifest, files, result } = await load('pumpAVisualReferenceImage.e57');
      expect(manifest.frames[0].pointClouds.scanner.pointCount).toBe(155201);
      expect(manifest.sensors.map((s) => s.kind)).toEqual(['lidar']);
      expect(files.get('pumpAVisualReferenceImage/images/pumpVisual.jpg')!.byteLength).toBe(1504576);
      expect(result.report.notConverted.map((n) => n.what)).toContain('visualReference images');
    });

    it('PinholeImageWithDistortionParameters.e57: the Leica CV_* calibration makes cameras', async () => {
      const { manifest, result } = await load('PinholeImageWithDistortionParameters.e57');
      const cameras = manifest.sensors.filter((s) => s.kind === 'camera');
      expect(cameras).toHaveLength(1);
      expect(cameras[0].intrinsics).toEqual({
        model: 'pinhole', width: 1, height: 1, fx: Math.fround(31.31), fy: Math.fround(32.32), cx: Math.fround(21.21), cy: Math.fround(22.22),
        distortion: { model: 'brown-conrady', k1: Math.fround(1.01), k2: Math.fround(2.02), k3: Math.fround(3.03), p1: Math.fround(11.11), p2: Math.fround(12.12) },
      });
      const problems = result.report.problems.map((p) => p.problem);
      expect(problems.filter((p) => p.includes('CV_K4, CV_K5, CV_K6'))).toHaveLength(1);
      // Images 2 and 3 have no focal length anywhere (image 2 only K1, K2).
      expect(problems.filter((p) => p.includes('no usable focal length'))).toHaveLength(2);
    });

    it('tiny_pc_and_images.e57: the all-zero pinhole blob is reported, not written as an image', async () => {
      const { result, files } = await load('tiny_pc_and_images.e57');
      expect([...files.keys()].sort()).toEqual(['tiny_pc_and_images/clouds/scan-000.pcd', 'tiny_pc_and_images/images/spherical.png', 'tiny_pc_and_images/images/visual.jpg']);
      expect(result.report.problems.filter((p) => p.severity === 'error').map((p) => p.problem)).toEqual([
        expect.stringMatching(/^image 2 \("pinhole"\): its 1073-byte png blob is not a readable image/),
        expect.stringMatching(/^image 3 \("cylindrical"\): its 1073-byte png blob is not a readable image/),
      ]);
    });
  });
});
