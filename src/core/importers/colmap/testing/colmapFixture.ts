import { applyTransform, composeTransforms, inverseTransform, mat3ToQuat, type RigidTransform } from '../../../camera/rigidTransform';
import type { Vec3 } from '../../../geometry/vec3';
import { COLMAP_CAMERA_MODELS } from '../cameraModels';
import type { ColmapCamera, ColmapFrame, ColmapImage, ColmapModel, ColmapPoint3D, ColmapRig } from '../colmapModel';
import { makeColmapProjector } from '../colmapProjection';

/** Mild, realistic parameters for each model, so every one projects a 640×480 view sensibly. */
const PARAMS: Record<string, number[]> = {
  SIMPLE_PINHOLE: [500, 320, 240],
  PINHOLE: [500, 510, 320.5, 239.5],
  SIMPLE_RADIAL: [500, 320, 240, -0.05],
  RADIAL: [500, 320, 240, -0.05, 0.01],
  OPENCV: [500, 505, 321, 241, -0.05, 0.01, 0.001, -0.002],
  OPENCV_FISHEYE: [300, 302, 320, 240, 0.02, -0.01, 0.003, -0.001],
  FULL_OPENCV: [500, 505, 321, 241, -0.05, 0.01, 0.001, -0.002, 0.001, 0.01, -0.002, 0.0005],
  FOV: [400, 402, 320, 240, 0.9],
  SIMPLE_RADIAL_FISHEYE: [300, 320, 240, 0.02],
  RADIAL_FISHEYE: [300, 320, 240, 0.02, -0.005],
  THIN_PRISM_FISHEYE: [300, 302, 320, 240, 0.02, -0.01, 0.0005, -0.0003, 0.003, -0.001, 0.0002, -0.0001],
};

/** One camera of each COLMAP model, ids 1..11 in model order. */
export function allModelCameras(): Map<number, ColmapCamera> {
  return new Map(
    COLMAP_CAMERA_MODELS.map((m) => [m.id + 1, { id: m.id + 1, modelId: m.id, model: m.name, width: 640, height: 480, params: PARAMS[m.name] }]),
  );
}

/**
 * cam_from_world of a camera at `centre` looking at `target`, world z up: optical x = right,
 * y = down, z = forward.
 */
export function lookAt(centre: Vec3, target: Vec3): RigidTransform {
  const f = normalize(sub(target, centre));
  const r = normalize(cross(f, [0, 0, 1]));
  const d = cross(f, r);
  // Rows of cam_from_world's rotation are the camera axes in world coordinates.
  const rotation = mat3ToQuat([...r, ...d, ...f]);
  const t = applyTransform({ rotation, translation: [0, 0, 0] }, centre);
  return { rotation, translation: [-t[0], -t[1], -t[2]] };
}

const sub = (a: Vec3, b: Vec3): Vec3 => [a[0] - b[0], a[1] - b[1], a[2] - b[2]];
const cross = (a: Vec3, b: Vec3): Vec3 => [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
const normalize = (a: Vec3): Vec3 => {
  const n = Math.hypot(...a);
  return [a[0] / n, a[1] / n, a[2] / n];
};

export interface FixtureOptions {
  /** Build the COLMAP ≥ 3.12 layout: images grouped in two-camera rig frames. */
  readonly rigs?: boolean;
  /** Keypoint of point 1 in image 1 moved by this many pixels (default (3, 4): error 5). */
  readonly shift?: readonly [number, number];
}

export const FIXTURE_POINTS: readonly Vec3[] = [
  [0, 0, 0],
  [0.5, 0.2, 0.1],
  [-0.4, 0.3, -0.2],
  [0.3, -0.5, 0.4],
  [-0.2, -0.3, 0.5],
  [0.6, 0.6, -0.3],
  [-0.6, 0.1, 0.2],
  [0.1, 0.4, -0.5],
];

/**
 * A small model with known answers: eleven images (one per camera model, every one on a circle
 * of radius 4 at height 1 looking at the origin) seeing eight points exactly, except keypoint of
 * point 1 in image 1, moved by `shift`; each image also holds one keypoint with no 3D point.
 * Stored errors are the true means, so recomputed and stored agree. With `rigs`, images 2k−1 and
 * 2k form frame k of a rig whose reference sensor is the odd image's camera.
 */
export function fixtureModel(options: FixtureOptions = {}): ColmapModel {
  const shift = options.shift ?? [3, 4];
  const cameras = allModelCameras();
  const poses = new Map<number, RigidTransform>();
  for (const id of cameras.keys()) {
    const a = (2 * Math.PI * id) / cameras.size;
    poses.set(id, lookAt([4 * Math.cos(a), 4 * Math.sin(a), 1], [0, 0, 0]));
  }
  const tracks = new Map<number, { imageIds: number[]; idxs: number[]; errors: number[] }>();
  FIXTURE_POINTS.forEach((_, i) => tracks.set(i + 1, { imageIds: [], idxs: [], errors: [] }));
  const images = new Map<number, ColmapImage>();
  const out = new Float64Array(2);
  for (const camera of cameras.values()) {
    const id = camera.id;
    const camFromWorld = poses.get(id)!;
    const project = makeColmapProjector(camera);
    const xys: number[] = [];
    const ids: number[] = [];
    FIXTURE_POINTS.forEach((p, i) => {
      const [x, y, z] = applyTransform(camFromWorld, p);
      if (!project(x, y, z, out)) throw new Error(`fixture point ${i + 1} is behind camera ${id}`);
      const moved = id === 1 && i === 0;
      xys.push(out[0] + (moved ? shift[0] : 0), out[1] + (moved ? shift[1] : 0));
      ids.push(i + 1);
      const t = tracks.get(i + 1)!;
      t.imageIds.push(id);
      t.idxs.push(ids.length - 1);
      t.errors.push(moved ? Math.hypot(...shift) : 0);
    });
    xys.push(10.5, 20.5);
    ids.push(-1);
    images.set(id, { id, cameraId: id, name: `img_${String(id).padStart(2, '0')}.jpg`, camFromWorld, xys: Float64Array.from(xys), point3DIds: Float64Array.from(ids) });
  }
  const points3D = new Map<number, ColmapPoint3D>();
  FIXTURE_POINTS.forEach((xyz, i) => {
    const t = tracks.get(i + 1)!;
    const error = t.errors.reduce((s, e) => s + e, 0) / t.errors.length;
    points3D.set(i + 1, { id: i + 1, xyz, rgb: [10 * i, 255 - 10 * i, 128], error, imageIds: Uint32Array.from(t.imageIds), point2DIdxs: Uint32Array.from(t.idxs) });
  });
  const base = { source: 'fixture', format: 'binary' as const, cameras, points3D, warnings: [] };
  if (!options.rigs) return { ...base, hasRigs: false, images, rigs: new Map(), frames: new Map() };
  return { ...base, ...rigLayout(images), hasRigs: true };
}

/**
 * Groups images (2k−1, 2k) into frame k of rig k: the odd image's camera is the reference, the
 * even one's pose relative to it is sensor_from_rig. The last, unpaired image gets a one-camera rig.
 */
function rigLayout(images: Map<number, ColmapImage>): { images: Map<number, ColmapImage>; rigs: Map<number, ColmapRig>; frames: Map<number, ColmapFrame> } {
  const rigs = new Map<number, ColmapRig>();
  const frames = new Map<number, ColmapFrame>();
  const out = new Map<number, ColmapImage>();
  const ids = [...images.keys()].sort((a, b) => a - b);
  for (let i = 0; i < ids.length; i += 2) {
    const k = i / 2 + 1;
    const ref = images.get(ids[i])!;
    const other = images.get(ids[i + 1]);
    const rigFromWorld = ref.camFromWorld;
    const sensors = other ? [{ sensor: { type: 'CAMERA' as const, id: other.cameraId }, sensorFromRig: composeTransforms(other.camFromWorld, inverseTransform(rigFromWorld)) }] : [];
    rigs.set(k, { id: k, refSensor: { type: 'CAMERA', id: ref.cameraId }, sensors });
    const dataIds = [ref, ...(other ? [other] : [])].map((im) => ({ sensor: { type: 'CAMERA' as const, id: im.cameraId }, id: im.id }));
    frames.set(k, { id: k, rigId: k, rigFromWorld, dataIds });
    out.set(ref.id, { ...ref, frameId: k });
    if (other) out.set(other.id, { ...other, frameId: k, camFromWorld: composeTransforms(sensors[0].sensorFromRig, rigFromWorld) });
  }
  return { images: out, rigs, frames };
}
