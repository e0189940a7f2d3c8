import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import type { CuboidAnnotation } from '../../core/model/annotation';
import os from 'node:os';
import path from 'node:path';

/** The version of the shipped default ontology: what a workspace the host seeds makes records under. */
export const SHIPPED_ONTOLOGY_VERSION: number = (JSON.parse(readFileSync(path.join(__dirname, '..', '..', '..', 'resources', 'ontology', 'default.json'), 'utf8')) as { version: number }).version;

export const FIXTURE_SCENE_ID = '6f1c2b9e-3d4a-4e5f-8a6b-7c8d9e0f1a2b';
export const FIXTURE_FRAME_IDS = ['0b7d1c3e-5f6a-4b8c-9d0e-1f2a3b4c5d6e', '1c8e2d4f-6a7b-4c9d-8e1f-2a3b4c5d6e7f'];

/**
 * A resources folder for host tests: the real default ontology (and its history) and a two-frame scene of known
 * points, so tests can check the exact bytes the host serves.
 */
export function makeFixtureResources(): { dir: string; framePoints: Float32Array[] } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cairn-resources-'));
  mkdirSync(path.join(dir, 'ontology'));
  for (const file of ['default.json', 'default.history.json']) copyFileSync(path.join(__dirname, '..', '..', '..', 'resources', 'ontology', file), path.join(dir, 'ontology', file));
  mkdirSync(path.join(dir, 'sample', 'lidar'), { recursive: true });
  const framePoints = FIXTURE_FRAME_IDS.map((_, f) => {
    const pts = new Float32Array(1000 * 4);
    for (let i = 0; i < 1000; i++) pts.set([i * 0.01 + f, (i % 37) * 0.1, -1.8 + (i % 5) * 0.01, (i % 100) / 100], i * 4);
    writeFileSync(path.join(dir, 'sample', 'lidar', `${f}.bin`), Buffer.from(pts.buffer));
    return pts;
  });
  const manifest = {
    format: 'cairn.scene',
    version: 1,
    sceneId: FIXTURE_SCENE_ID,
    name: 'Fixture scene',
    sensors: [{ sensorId: 'lidar_top', kind: 'lidar', egoFromSensor: { translation: [0, 0, 1.8], rotation: [0, 0, 0, 1] } }],
    frames: FIXTURE_FRAME_IDS.map((frameId, f) => ({
      frameId,
      index: f,
      timestamp: f * 0.1,
      worldFromEgo: { translation: [f, 0, 0], rotation: [0, 0, 0, 1] },
      pointClouds: { lidar_top: { path: `lidar/${f}.bin`, encoding: 'kitti-bin-xyzi', pointCount: 1000 } },
      images: {},
    })),
  };
  writeFileSync(path.join(dir, 'sample', 'scene.json'), JSON.stringify(manifest, null, 2));
  return { dir, framePoints };
}

/** A valid car in the fixture scene's first frame, as a client would send it; `over` replaces fields. */
export function fixtureCuboidRecord(objectId: string, over: Partial<CuboidAnnotation> = {}): CuboidAnnotation {
  return {
    kind: 'cuboid',
    objectId,
    trackId: objectId,
    sceneId: FIXTURE_SCENE_ID,
    frameId: FIXTURE_FRAME_IDS[0],
    classId: 'car',
    cuboid: { frame: 'lidar_top', center: [5, 0, -1], size: [4.5, 1.9, 1.6], rotation: [0, 0, 0, 1] },
    attributes: {},
    ontologyVersion: SHIPPED_ONTOLOGY_VERSION,
    author: 'tester',
    createdAt: 1,
    updatedAt: 1,
    ...over,
  };
}
