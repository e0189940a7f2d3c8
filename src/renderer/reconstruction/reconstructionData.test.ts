import { describe, expect, it } from 'vitest';
import { applyTransform } from '../../core/camera/rigidTransform';
import { rotateVec3 } from '../../core/geometry/quaternion';
import { computeReconstructionStats } from '../../core/importers/colmap';
import { ringModel, TILTED_WORLD } from '../../core/importers/colmap/testing/ringModel';
import { writeColmapBinary } from '../../core/importers/colmap/testing/writeColmapModel';
import { keypointPointAt } from './imageOverlay';
import { parseReconstruction } from './parseReconstruction';
import { buildReconstructionData, FRUSTUM_FLOATS } from './reconstructionData';

const angle = (a: readonly number[], b: readonly number[]) =>
  (Math.acos(Math.min(1, (a[0] * b[0] + a[1] * b[1] + a[2] * b[2]) / Math.hypot(...a) / Math.hypot(...b))) * 180) / Math.PI;

describe('reconstruction data for the view', () => {
  const model = ringModel({ images: 10, points: 300, colmapFromWorld: TILTED_WORLD });
  const stats = computeReconstructionStats(model);
  const data = buildReconstructionData(model, stats);

  it('finds up from the cameras in a model tilted off every axis, and frames the points', () => {
    const [x, y, z, w] = TILTED_WORLD.rotation;
    const n = Math.hypot(x, y, z, w);
    const trueUp = rotateVec3([x / n, y / n, z / n, w / n], [0, 0, 1]);
    // The ring's cameras look down slightly at the sphere, so image-up leans inwards; around the ring that cancels.
    expect(angle(data.framing.up, trueUp)).toBeLessThan(1);
    // The target is inside the sphere-on-a-disc (its median), in the model's coordinates.
    const centre = applyTransform(TILTED_WORLD, [0, 0, 0.6]);
    expect(Math.hypot(...data.framing.target.map((v, a) => v - centre[a]))).toBeLessThan(0.6);
    expect(data.framing.radius).toBeGreaterThan(1);
    expect(data.framing.radius).toBeLessThan(2.5);
    // Looking from above the scene: the eye direction has a positive component along up.
    expect(data.framing.viewFrom[0] * data.framing.up[0] + data.framing.viewFrom[1] * data.framing.up[1] + data.framing.viewFrom[2] * data.framing.up[2]).toBeGreaterThan(0.3);
  });

  it('lays points and frustums out relative to the target, frustums in image order', () => {
    expect(data.points.positions.length).toBe(3 * model.points3D.size);
    const first = [...model.points3D.values()][0];
    for (let a = 0; a < 3; a++) expect(data.points.positions[a] + data.framing.target[a]).toBeCloseTo(first.xyz[a], 4);
    expect(data.frustums.length).toBe(FRUSTUM_FLOATS * 10);
    const image = model.images.get(data.images[3].imageId)!;
    const centre = applyTransform({ rotation: [-image.camFromWorld.rotation[0], -image.camFromWorld.rotation[1], -image.camFromWorld.rotation[2], image.camFromWorld.rotation[3]], translation: [0, 0, 0] }, image.camFromWorld.translation);
    for (let a = 0; a < 3; a++) expect(data.frustums[FRUSTUM_FLOATS * 3 + a] + data.framing.target[a]).toBeCloseTo(-centre[a], 4);
    // Frustums are a fraction of the ring's spacing (2·4·sin(18°) ≈ 2.5), not of the whole scene.
    expect(data.framing.frustumDepth).toBeGreaterThan(0.1);
    expect(data.framing.frustumDepth).toBeLessThan(2);
  });

  it('keeps each image’s figures with its camera size', () => {
    expect(data.images.map((im) => im.imageId)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(data.images[0]).toMatchObject({ name: 'view_01.png', width: 320, height: 240, cameraModel: 'PINHOLE', points2D: model.images.get(1)!.point3DIds.length });
  });
});

describe('parseReconstruction and its model queries', () => {
  const model = ringModel({ images: 6, points: 100, noisePx: 1 });
  const files = new Map(writeColmapBinary(model).map((f) => [f.name, f.bytes]));
  const { data, queries } = parseReconstruction(files, 'ring');

  it('answers a point’s observations with their residuals, and an image’s keypoints with projections', () => {
    const pointId = data.points.ids[5];
    const observations = queries.observations(pointId);
    expect(observations).toHaveLength(data.points.trackLength[5]);
    const mean = observations.reduce((s, o) => s + o.error, 0) / observations.length;
    expect(mean).toBeCloseTo(data.points.error[5], 5);

    const keypoints = queries.keypoints(1)!;
    const image = model.images.get(1)!;
    expect(keypoints.pointIds).toEqual(image.point3DIds);
    for (let k = 0; k < image.point3DIds.length; k++) {
      const residual = Math.hypot(keypoints.projected[2 * k] - image.xys[2 * k], keypoints.projected[2 * k + 1] - image.xys[2 * k + 1]);
      if (image.point3DIds[k] < 0) expect(keypoints.projected[2 * k]).toBeNaN();
      else expect(residual).toBeLessThanOrEqual(2.000001);
    }
    expect(queries.keypoints(999)).toBeNull();
  });

  it('finds the keypoint under a click on the drawn image', () => {
    const keypoints = queries.keypoints(2)!;
    const k = keypoints.pointIds.findIndex((id) => id >= 0);
    const canvas = { width: 640, height: 480 };
    const at = keypointPointAt(keypoints, { width: 320, height: 240 }, canvas, keypoints.xys[2 * k] * 2 + 3, keypoints.xys[2 * k + 1] * 2 - 2, 8);
    expect(at).toBe(keypoints.pointIds[k]);
    expect(keypointPointAt(keypoints, { width: 320, height: 240 }, canvas, -50, -50, 8)).toBeNull();
  });

  it('names the file when the model cannot be read', () => {
    const broken = new Map(files);
    broken.set('images.bin', files.get('images.bin')!.subarray(0, 40));
    expect(() => parseReconstruction(broken, '/data/p/sparse/0')).toThrow(/^\/data\/p\/sparse\/0\/images\.bin \(byte \d+\): /);
  });
});
