import { z } from 'zod';

/**
 * Cairn's scene manifest, version 1: what a store must hold for Cairn to open a sequence (or a
 * reconstruction) without code. Paths are relative to the store root, so one manifest works from a
 * folder, HTTP or S3. The published JSON Schema (resources/schema/) is generated from this file and
 * docs/scene-manifest.md documents it; a test keeps the three in step.
 */

const vec3 = z.tuple([z.number(), z.number(), z.number()]).readonly();
const quat = z.tuple([z.number(), z.number(), z.number(), z.number()]).readonly().describe('unit quaternion (x, y, z, w)');

export const relativePathSchema = z
  .string()
  .min(1)
  .max(1024)
  .refine((p) => !p.startsWith('/') && !p.split(/[\\/]/).includes('..') && !p.includes('\\'), {
    message: 'must be a relative path inside the store (no leading "/", no "..", no backslashes)',
  })
  .describe('a path relative to the store root, "/"-separated, without ".."');

export const rigidTransformSchema = z
  .object({ translation: vec3.describe('metres'), rotation: quat })
  .describe('a rigid transform named by its spaces, e.g. egoFromSensor maps sensor coordinates to ego coordinates');

const brownConrady = z.object({
  model: z.literal('brown-conrady'),
  k1: z.number(),
  k2: z.number(),
  p1: z.number(),
  p2: z.number(),
  k3: z.number(),
});

const kannalaBrandt = z.object({
  model: z.literal('kannala-brandt'),
  k1: z.number(),
  k2: z.number(),
  k3: z.number(),
  k4: z.number(),
});

const intrinsicsBase = {
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  fx: z.number().positive(),
  fy: z.number().positive(),
  cx: z.number().describe('principal point, pixels, with integer values at pixel centres (OpenCV)'),
  cy: z.number(),
};

export const cameraIntrinsicsSchema = z.discriminatedUnion('model', [
  z.object({ model: z.literal('pinhole'), ...intrinsicsBase, distortion: brownConrady.optional() }),
  z.object({ model: z.literal('fisheye'), ...intrinsicsBase, distortion: kannalaBrandt }),
]);

const lidarSensor = z.object({
  sensorId: z.string().min(1),
  kind: z.literal('lidar'),
  egoFromSensor: rigidTransformSchema,
  beams: z.number().int().positive().optional(),
});

const cameraSensor = z.object({
  sensorId: z.string().min(1),
  kind: z.literal('camera'),
  opticalConvention: z.literal('opencv').describe('x right, y down, z forward'),
  egoFromSensor: rigidTransformSchema,
  intrinsics: cameraIntrinsicsSchema,
});

export const sensorSchema = z.discriminatedUnion('kind', [lidarSensor, cameraSensor]);

export const POINT_CLOUD_ENCODINGS = [
  'kitti-bin-xyzi',
  'nuscenes-bin-xyzir',
  'pcd',
  'ply',
  'las',
  'laz',
] as const;

/**
 * Where a capture differs from its frame or sensor: its own timestamp and ego pose (cameras firing
 * as a LiDAR sweeps past), or its own extrinsics (KITTI object frames come from different drives,
 * each with its calibration file).
 */
const captureOverrides = {
  timestamp: z.number().optional().describe('seconds; the frame timestamp when absent'),
  worldFromEgo: rigidTransformSchema.optional().describe("ego pose at this capture; the frame's when absent"),
  egoFromSensor: rigidTransformSchema.optional().describe("extrinsics for this capture; the sensor's when absent"),
};

export const pointCloudRefSchema = z.object({
  path: relativePathSchema,
  encoding: z.enum(POINT_CLOUD_ENCODINGS),
  /** Checked against the file when given; absent where the writer of the manifest did not have the file. */
  pointCount: z.number().int().nonnegative().optional(),
  bounds: z.object({ min: vec3, max: vec3 }).optional(),
  intensityRange: z.tuple([z.number(), z.number()]).optional(),
  ...captureOverrides,
});

export const imageRefSchema = z.object({
  path: relativePathSchema,
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  ...captureOverrides,
  intrinsics: cameraIntrinsicsSchema.optional().describe("intrinsics for this capture; the sensor's when absent"),
});

export const frameSchema = z.object({
  frameId: z.uuid(),
  index: z.number().int().nonnegative(),
  timestamp: z.number().describe('seconds'),
  worldFromEgo: rigidTransformSchema,
  /** The dataset's own name for the frame (a file stem, a sample token). */
  sourceId: z.string().optional(),
  /** Other names the dataset gives the same frame: a nuScenes key frame's sample token beside its LiDAR sample_data token. */
  sourceAliases: z.array(z.string()).max(8).optional(),
  /** nuScenes distinguishes annotated key frames from the sweeps between them. */
  keyFrame: z.boolean().optional(),
  pointClouds: z.record(z.string(), pointCloudRefSchema),
  images: z.record(z.string(), imageRefSchema).default({}),
});

const attributeValue = z.union([z.string(), z.number(), z.boolean()]);

export const groundTruthCuboidSchema = z.object({
  objectId: z.uuid(),
  frameId: z.uuid(),
  classId: z.string().min(1),
  /** One physical object across frames (a KITTI tracking id, a nuScenes instance). */
  trackId: z.string().min(1).optional(),
  /** The dataset's own class name where it differs from classId. */
  sourceClass: z.string().optional(),
  attributes: z.record(z.string(), attributeValue).optional(),
  cuboid: z.object({
    frame: z.string().min(1).describe('"ego", "world" or a sensorId'),
    center: vec3,
    size: vec3.describe('length (x), width (y), height (z), metres'),
    rotation: quat,
  }),
  /**
   * An object the dataset marks as not to be scored (a nuScenes annotation 0–40 % visible): kept
   * and shown, but a detection of it is neither a hit nor a miss.
   */
  ignore: z.boolean().optional(),
});

/**
 * A region of one camera image the dataset leaves unlabelled on purpose (a KITTI DontCare box: far,
 * crowded or hard objects): nothing inside it is ground truth, and a detection there is neither a
 * hit nor a miss.
 */
export const ignoreRegionSchema = z.object({
  regionId: z.uuid(),
  frameId: z.uuid(),
  cameraId: z.string().min(1).describe('the camera sensor whose image holds the region'),
  box: z
    .object({ x0: z.number(), y0: z.number(), x1: z.number(), y1: z.number() })
    .describe('image pixels, x right and y down from the top-left corner, x0 < x1 and y0 < y1'),
  /** The dataset's own name for the region ("DontCare"). */
  sourceClass: z.string().optional(),
});

/** A scene-graph edge: subject –predicate→ object, between tracks or per-frame objects. */
export const relationSchema = z.object({
  relationId: z.uuid(),
  subject: z.string().min(1).describe('a trackId or an objectId'),
  predicate: z.string().min(1),
  object: z.string().min(1).describe('a trackId or an objectId'),
  /** Inclusive frame index ranges in which the relation holds; always when absent. */
  frameIntervals: z.array(z.tuple([z.number().int().nonnegative(), z.number().int().nonnegative()])).optional(),
  attributes: z.record(z.string(), attributeValue).optional(),
});

/** A structure-from-motion result kept in its own format and read by Cairn's reader. */
export const reconstructionSchema = z.object({
  format: z.literal('colmap'),
  /** Folder holding cameras, images and points3D (.bin or .txt), and rigs/frames for COLMAP ≥ 3.12. */
  model: relativePathSchema,
  /** Folder holding the images named in the model. */
  images: relativePathSchema.optional(),
  /**
   * The model's files as the importer found them (`cameras.bin`, …): the viewer fetches exactly
   * these; without the list it tries each name as .bin then .txt.
   */
  files: z.array(z.string().regex(/^(cameras|images|points3D|rigs|frames)\.(bin|txt)$/)).max(5).optional(),
});

/** Labels kept in ASAM OpenLABEL 1.0: its cuboids join the ground truth and its relations the scene graph. */
export const openLabelRefSchema = z.object({
  path: relativePathSchema,
  /** Cairn frame ("world", "ego", a sensor id) for an OpenLABEL coordinate system, where the guess is wrong. */
  frameNames: z.record(z.string(), z.string().min(1)).optional(),
  /** Cairn class for an OpenLABEL type, where lower-casing the type is not it. */
  classMap: z.record(z.string(), z.string().min(1)).optional(),
});

export const sceneManifestSchema = z.object({
  format: z.literal('cairn.scene'),
  version: z.literal(1),
  sceneId: z.uuid(),
  name: z.string().min(1),
  description: z.string().optional(),
  /** Where the store holding the files is, when it is not the manifest's own folder. */
  dataRoot: z
    .string()
    .min(1)
    .optional()
    .describe('an absolute folder, an http(s):// URL or an s3://bucket/prefix URL; the folder holding the manifest when absent'),
  sensors: z.array(sensorSchema).default([]),
  /** Static named transforms beyond the sensors' egoFromSensor (e.g. an IMU); parent ← child. */
  transforms: z
    .array(z.object({ parent: z.string().min(1), child: z.string().min(1), parentFromChild: rigidTransformSchema }))
    .default([]),
  frames: z.array(frameSchema).default([]),
  groundTruth: z.array(groundTruthCuboidSchema).default([]),
  /** Image regions the dataset says to ignore when scoring (KITTI DontCare). */
  ignoreRegions: z.array(ignoreRegionSchema).default([]),
  relations: z.array(relationSchema).default([]),
  /**
   * A robotics log the frames read their sweeps and images from in place: a capture's path is
   * then `log/<log time, ns>/<topic without its leading "/">.<pcd|jpg|png>`, the message the host
   * reads from the log (through its own index) when the viewer asks, not a file.
   */
  log: z
    .object({
      format: z.enum(['mcap', 'rosbag', 'sqlite3']).describe('the container: MCAP, a ROS 1 bag, or a rosbag2 recording stored with the sqlite3 plugin (.db3 files, read on this machine only)'),
      files: z.array(z.string().min(1)).min(1).describe('the log file (a rosbag2 recording: its split files in order) as absolute paths, http(s):// or s3:// URLs, or paths relative to the manifest'),
    })
    .optional(),
  /** OpenLABEL frame number i is this scene's frame index i. */
  openLabel: openLabelRefSchema.optional(),
  reconstruction: reconstructionSchema.optional(),
});

export type SceneManifest = z.infer<typeof sceneManifestSchema>;
export type SceneManifestInput = z.input<typeof sceneManifestSchema>;
export type SceneFrame = z.infer<typeof frameSchema>;
export type SceneSensor = z.infer<typeof sensorSchema>;
export type CameraIntrinsics = z.infer<typeof cameraIntrinsicsSchema>;
export type PointCloudRef = z.infer<typeof pointCloudRefSchema>;
export type GroundTruthCuboid = z.infer<typeof groundTruthCuboidSchema>;
export type SceneRelation = z.infer<typeof relationSchema>;
export type IgnoreRegion = z.infer<typeof ignoreRegionSchema>;
export type PointCloudEncoding = (typeof POINT_CLOUD_ENCODINGS)[number];

/** A folder of scenes: what `cairn import` writes next to the scene manifests. */
export const datasetManifestSchema = z.object({
  format: z.literal('cairn.dataset'),
  version: z.literal(1),
  name: z.string().min(1),
  scenes: z.array(z.object({ name: z.string().min(1), manifest: relativePathSchema })).min(1),
});

export type DatasetManifest = z.infer<typeof datasetManifestSchema>;

function describeProblems(error: z.ZodError): string {
  return error.issues
    .slice(0, 8)
    .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
    .join('; ');
}

/** Parses and cross-checks a manifest; the error names the source and every problem found. */
export function parseSceneManifest(json: unknown, source: string): SceneManifest {
  const result = sceneManifestSchema.safeParse(json);
  if (!result.success) throw new Error(`${source}: not a valid Cairn scene manifest: ${describeProblems(result.error)}`);
  const manifest = result.data;
  const problems = crossCheckManifest(manifest);
  if (problems.length) throw new Error(`${source}: ${problems.slice(0, 8).join('; ')}`);
  return manifest;
}

export function parseDatasetManifest(json: unknown, source: string): DatasetManifest {
  const result = datasetManifestSchema.safeParse(json);
  if (!result.success) throw new Error(`${source}: not a valid Cairn dataset manifest: ${describeProblems(result.error)}`);
  return result.data;
}

/** What the schema alone cannot say: ids that must exist, be unique, and numbers that must be finite. */
export function crossCheckManifest(manifest: SceneManifest): string[] {
  const problems: string[] = [];
  if (manifest.frames.length === 0 && !manifest.reconstruction) problems.push('a scene needs at least one frame or a reconstruction');
  const sensorIds = new Set<string>();
  for (const sensor of manifest.sensors) {
    if (sensorIds.has(sensor.sensorId)) problems.push(`sensor id "${sensor.sensorId}" appears twice`);
    sensorIds.add(sensor.sensorId);
    if (!finiteTransform(sensor.egoFromSensor)) problems.push(`sensor "${sensor.sensorId}": egoFromSensor is not a finite rigid transform`);
  }
  const frameIds = new Set<string>();
  manifest.frames.forEach((frame, position) => {
    if (frame.index !== position) problems.push(`frame ${position} has index ${frame.index}: frames must be listed in index order from 0`);
    if (frameIds.has(frame.frameId)) problems.push(`frame id ${frame.frameId} appears twice`);
    frameIds.add(frame.frameId);
    if (!Number.isFinite(frame.timestamp)) problems.push(`frame ${frame.index}: timestamp is not a number`);
    if (!finiteTransform(frame.worldFromEgo)) problems.push(`frame ${frame.index}: worldFromEgo is not a finite rigid transform`);
    for (const id of [...Object.keys(frame.pointClouds), ...Object.keys(frame.images)]) {
      if (!sensorIds.has(id)) problems.push(`frame ${frame.index} refers to unknown sensor "${id}"`);
    }
    for (const [id, ref] of [...Object.entries(frame.pointClouds), ...Object.entries(frame.images)]) {
      if (ref.worldFromEgo && !finiteTransform(ref.worldFromEgo)) problems.push(`frame ${frame.index} ${id}: worldFromEgo is not a finite rigid transform`);
      if (ref.egoFromSensor && !finiteTransform(ref.egoFromSensor)) problems.push(`frame ${frame.index} ${id}: egoFromSensor is not a finite rigid transform`);
    }
  });
  const objectIds = new Set<string>();
  const trackIds = new Set<string>();
  for (const box of manifest.groundTruth) {
    if (!frameIds.has(box.frameId)) problems.push(`ground truth ${box.objectId} refers to unknown frame ${box.frameId}`);
    const key = `${box.objectId}@${box.frameId}`;
    if (objectIds.has(key)) problems.push(`ground truth object ${box.objectId} appears twice in frame ${box.frameId}`);
    objectIds.add(key);
    objectIds.add(box.objectId);
    if (box.trackId) trackIds.add(box.trackId);
  }
  const regionIds = new Set<string>();
  for (const region of manifest.ignoreRegions) {
    const name = `ignore region ${region.regionId}`;
    if (regionIds.has(region.regionId)) problems.push(`${name} appears twice`);
    regionIds.add(region.regionId);
    if (!frameIds.has(region.frameId)) problems.push(`${name} refers to unknown frame ${region.frameId}`);
    if (manifest.sensors.find((s) => s.sensorId === region.cameraId)?.kind !== 'camera') problems.push(`${name} refers to "${region.cameraId}", which is no camera of the scene`);
    const { x0, y0, x1, y1 } = region.box;
    if (![x0, y0, x1, y1].every(Number.isFinite) || !(x0 < x1 && y0 < y1)) problems.push(`${name}: its box must have finite x0 < x1 and y0 < y1`);
  }
  for (const relation of manifest.relations) {
    for (const end of [relation.subject, relation.object]) {
      if (!objectIds.has(end) && !trackIds.has(end)) problems.push(`relation ${relation.relationId} refers to unknown object or track "${end}"`);
    }
    for (const [from, to] of relation.frameIntervals ?? []) {
      if (to < from) problems.push(`relation ${relation.relationId}: frame interval [${from}, ${to}] is reversed`);
    }
  }
  return problems;
}

function finiteTransform(t: { translation: readonly number[]; rotation: readonly number[] }): boolean {
  if (![...t.translation, ...t.rotation].every(Number.isFinite)) return false;
  const n = Math.hypot(...t.rotation);
  return Math.abs(n - 1) < 1e-3;
}
