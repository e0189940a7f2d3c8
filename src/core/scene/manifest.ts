import { z } from 'zod';

/**
 * Cairn's scene manifest, version 1: what a store must hold for Cairn to open a sequence without
 * code. Paths are relative to the store root, so one manifest works from a folder, HTTP or S3.
 */

const vec3 = z.tuple([z.number(), z.number(), z.number()]);
const quat = z.tuple([z.number(), z.number(), z.number(), z.number()]);
const relativePath = z
  .string()
  .min(1)
  .max(1024)
  .refine((p) => !p.startsWith('/') && !p.split(/[\\/]/).includes('..') && !p.includes('\\'), {
    message: 'must be a relative path inside the store (no leading "/", no "..", no backslashes)',
  });

export const rigidTransformSchema = z.object({ translation: vec3, rotation: quat });

const brownConrady = z.object({
  model: z.literal('brown-conrady'),
  k1: z.number(),
  k2: z.number(),
  p1: z.number(),
  p2: z.number(),
  k3: z.number(),
});

export const cameraIntrinsicsSchema = z.object({
  model: z.literal('pinhole'),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  fx: z.number().positive(),
  fy: z.number().positive(),
  cx: z.number(),
  cy: z.number(),
  distortion: brownConrady.optional(),
});

const lidarSensor = z.object({
  sensorId: z.string().min(1),
  kind: z.literal('lidar'),
  egoFromSensor: rigidTransformSchema,
  beams: z.number().int().positive().optional(),
});

const cameraSensor = z.object({
  sensorId: z.string().min(1),
  kind: z.literal('camera'),
  opticalConvention: z.literal('opencv'),
  egoFromSensor: rigidTransformSchema,
  intrinsics: cameraIntrinsicsSchema,
});

export const pointCloudRefSchema = z.object({
  path: relativePath,
  encoding: z.literal('kitti-bin-xyzi'),
  pointCount: z.number().int().nonnegative(),
  bounds: z.object({ min: vec3, max: vec3 }).optional(),
  intensityRange: z.tuple([z.number(), z.number()]).optional(),
});

export const imageRefSchema = z.object({
  path: relativePath,
  width: z.number().int().positive(),
  height: z.number().int().positive(),
});

export const frameSchema = z.object({
  frameId: z.uuid(),
  index: z.number().int().nonnegative(),
  timestamp: z.number(),
  worldFromEgo: rigidTransformSchema,
  pointClouds: z.record(z.string(), pointCloudRefSchema),
  images: z.record(z.string(), imageRefSchema).default({}),
});

export const groundTruthCuboidSchema = z.object({
  objectId: z.uuid(),
  frameId: z.uuid(),
  classId: z.string().min(1),
  cuboid: z.object({ frame: z.string().min(1), center: vec3, size: vec3, rotation: quat }),
});

export const sceneManifestSchema = z.object({
  format: z.literal('cairn.scene'),
  version: z.literal(1),
  sceneId: z.uuid(),
  name: z.string().min(1),
  description: z.string().optional(),
  sensors: z.array(z.discriminatedUnion('kind', [lidarSensor, cameraSensor])).min(1),
  frames: z.array(frameSchema).min(1),
  groundTruth: z.array(groundTruthCuboidSchema).default([]),
});

export type SceneManifest = z.infer<typeof sceneManifestSchema>;
export type SceneFrame = z.infer<typeof frameSchema>;
export type CameraIntrinsics = z.infer<typeof cameraIntrinsicsSchema>;

/** Parses and cross-checks a manifest; the error names the source and every problem found. */
export function parseSceneManifest(json: unknown, source: string): SceneManifest {
  const result = sceneManifestSchema.safeParse(json);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new Error(`${source}: not a valid Cairn scene manifest: ${problems.slice(0, 8).join('; ')}`);
  }
  const manifest = result.data;
  const sensorIds = new Set(manifest.sensors.map((s) => s.sensorId));
  const frameIds = new Set<string>();
  for (const frame of manifest.frames) {
    if (frameIds.has(frame.frameId)) throw new Error(`${source}: frame id ${frame.frameId} appears twice`);
    frameIds.add(frame.frameId);
    for (const id of [...Object.keys(frame.pointClouds), ...Object.keys(frame.images)]) {
      if (!sensorIds.has(id)) throw new Error(`${source}: frame ${frame.index} refers to unknown sensor "${id}"`);
    }
  }
  return manifest;
}
