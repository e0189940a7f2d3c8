import { applyTransform, composeTransforms, inverseTransform, type RigidTransform } from '../../../camera/rigidTransform';
import type { Vec3 } from '../../../geometry/vec3';
import { cameraModelByName, type ColmapCameraModelInfo } from '../cameraModels';
import type { ColmapCamera, ColmapImage, ColmapModel, ColmapPoint3D } from '../colmapModel';
import { makeColmapProjector } from '../colmapProjection';
import { lookAt } from './colmapFixture';

export interface RingModelOptions {
  readonly images?: number;
  /** Points on the sphere; the ground disc gets half as many again. */
  readonly points?: number;
  readonly width?: number;
  readonly height?: number;
  /** Keypoints sit this far (px, on average) from their point's projection. */
  readonly noisePx?: number;
  /** Keypoints per image that observe no 3D point. */
  readonly untriangulated?: number;
  readonly cameraModel?: 'PINHOLE' | 'SIMPLE_RADIAL';
  /**
   * Maps the generator's z-up world into the model's: COLMAP fixes no up axis, and a real model's
   * is wherever the first image pair put it, so a viewer has to find "up" itself.
   */
  readonly colmapFromWorld?: RigidTransform;
  /** Image names are `view_NN.<extension>`. */
  readonly extension?: string;
}

/** A tilt of about 110° about a skew axis, so the model's up is nowhere near an axis. */
export const TILTED_WORLD: RigidTransform = { rotation: [0.62, -0.35, 0.41, 0.5706], translation: [3, -1.5, 7] };

/** Deterministic uniform numbers in [0, 1): the fixture must be the same on every run. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const norm = (q: readonly number[]) => {
  const n = Math.hypot(...q);
  return q.map((v) => v / n) as unknown as [number, number, number, number];
};

/**
 * A scene with known answers for importer and viewer tests: cameras on a ring of radius 4 at
 * height 1.2, all looking at a unit sphere of points standing on a ground disc of radius 2.
 * A sphere point is seen by the cameras on its side (plus a random drop), so track lengths vary;
 * every keypoint lies `noisePx` on average from its point's exact projection, in a random
 * direction, and each point's stored error is its true mean (stored and recomputed agree).
 */
export function ringModel(options: RingModelOptions = {}): ColmapModel {
  const n = options.images ?? 12;
  const width = options.width ?? 320;
  const height = options.height ?? 240;
  const noise = options.noisePx ?? 0.8;
  const rand = random(7);
  const info = cameraModelByName(options.cameraModel ?? 'PINHOLE') as ColmapCameraModelInfo;
  const f = width * 0.9;
  const params = info.name === 'PINHOLE' ? [f, f, width / 2, height / 2] : [f, width / 2, height / 2, -0.04];
  const toColmap = options.colmapFromWorld ?? { rotation: [0, 0, 0, 1], translation: [0, 0, 0] };
  const rotation = norm(toColmap.rotation);
  const colmapFromWorld: RigidTransform = { rotation, translation: toColmap.translation };
  const worldFromColmap = inverseTransform(colmapFromWorld);

  const worldPoints: { xyz: Vec3; normal: Vec3 | null }[] = [];
  const sphere = options.points ?? 400;
  for (let i = 0; i < sphere; i++) {
    // A Fibonacci sphere: evenly spread, no clumps that would hide the colours in a screenshot.
    const z = 1 - (2 * (i + 0.5)) / sphere;
    const r = Math.sqrt(1 - z * z);
    const a = i * Math.PI * (3 - Math.sqrt(5));
    const normal: Vec3 = [r * Math.cos(a), r * Math.sin(a), z];
    worldPoints.push({ xyz: [normal[0], normal[1], normal[2] + 1], normal });
  }
  for (let i = 0; i < sphere / 2; i++) {
    const r = 1.2 + 0.8 * Math.sqrt(rand());
    const a = 2 * Math.PI * rand();
    worldPoints.push({ xyz: [r * Math.cos(a), r * Math.sin(a), 0], normal: null });
  }

  const cameras = new Map<number, ColmapCamera>();
  const images = new Map<number, ColmapImage>();
  const tracks = worldPoints.map(() => ({ imageIds: [] as number[], idxs: [] as number[], errors: [] as number[] }));
  const out = new Float64Array(2);
  for (let id = 1; id <= n; id++) {
    const a = (2 * Math.PI * (id - 1)) / n;
    const centre: Vec3 = [4 * Math.cos(a), 4 * Math.sin(a), 1.2];
    const camFromWorld = lookAt(centre, [0, 0, 0.6]);
    const camera: ColmapCamera = { id, modelId: info.id, model: info.name, width, height, params };
    const project = makeColmapProjector(camera);
    cameras.set(id, camera);
    const xys: number[] = [];
    const ids: number[] = [];
    worldPoints.forEach((p, i) => {
      const toCamera: Vec3 = [centre[0] - p.xyz[0], centre[1] - p.xyz[1], centre[2] - p.xyz[2]];
      if (p.normal && p.normal[0] * toCamera[0] + p.normal[1] * toCamera[1] + p.normal[2] * toCamera[2] <= 0) return;
      if (rand() < 0.15) return;
      const [x, y, z] = applyTransform(camFromWorld, p.xyz);
      if (!project(x, y, z, out) || out[0] < 1 || out[1] < 1 || out[0] > width - 1 || out[1] > height - 1) return;
      const e = noise * 2 * rand();
      const d = 2 * Math.PI * rand();
      xys.push(out[0] + e * Math.cos(d), out[1] + e * Math.sin(d));
      ids.push(i + 1);
      tracks[i].imageIds.push(id);
      tracks[i].idxs.push(ids.length - 1);
      tracks[i].errors.push(e);
    });
    for (let k = 0; k < (options.untriangulated ?? 10); k++) {
      xys.push(2 + (width - 4) * rand(), 2 + (height - 4) * rand());
      ids.push(-1);
    }
    images.set(id, {
      id,
      cameraId: id,
      name: `view_${String(id).padStart(2, '0')}.${options.extension ?? 'png'}`,
      camFromWorld: composeTransforms(camFromWorld, worldFromColmap),
      xys: Float64Array.from(xys),
      point3DIds: Float64Array.from(ids),
    });
  }

  const points3D = new Map<number, ColmapPoint3D>();
  worldPoints.forEach((p, i) => {
    const t = tracks[i];
    // COLMAP keeps only points seen from two views or more.
    if (t.imageIds.length < 2) {
      for (let k = 0; k < t.imageIds.length; k++) images.get(t.imageIds[k])!.point3DIds[t.idxs[k]] = -1;
      return;
    }
    const shade = Math.round(60 + 150 * (p.xyz[2] / 2));
    points3D.set(i + 1, {
      id: i + 1,
      xyz: applyTransform(colmapFromWorld, p.xyz),
      rgb: p.normal ? [shade, 90, 255 - shade] : [120, 110, 90],
      error: t.errors.reduce((s, e) => s + e, 0) / t.errors.length,
      imageIds: Uint32Array.from(t.imageIds),
      point2DIdxs: Uint32Array.from(t.idxs),
    });
  });
  return { source: 'ring', format: 'binary', hasRigs: false, cameras, images, points3D, rigs: new Map(), frames: new Map(), warnings: [] };
}
