import { createHash } from 'node:crypto';
import { canonicalText } from '../../../core/revisions/canonical';
import type { RawData } from '../../../core/revisions';
import type { SceneFrame, SceneManifest } from '../../../core/scene/manifest';
import type { DataStore } from '../stores/dataStore';
import type { RawFileHasher } from './rawFileHasher';

/**
 * What calibrates one frame: every sensor's extrinsics and intrinsics, the static transforms, and
 * the frame's own per-capture overrides (KITTI object frames carry their own calibration file).
 * Poses and timestamps are motion, not calibration, so they stay out.
 */
export function frameCalibration(manifest: Pick<SceneManifest, 'sensors' | 'transforms'>, frame: Pick<SceneFrame, 'pointClouds' | 'images'>): unknown {
  const overrides: Record<string, unknown> = {};
  for (const [stream, ref] of Object.entries(frame.pointClouds)) if (ref.egoFromSensor) overrides[`pointClouds/${stream}`] = { egoFromSensor: ref.egoFromSensor };
  for (const [stream, ref] of Object.entries(frame.images)) {
    if (ref.egoFromSensor || ref.intrinsics) overrides[`images/${stream}`] = { egoFromSensor: ref.egoFromSensor ?? null, intrinsics: ref.intrinsics ?? null };
  }
  const sensors = Object.fromEntries(manifest.sensors.map((s) => [s.sensorId, s]));
  return { sensors, transforms: manifest.transforms, overrides };
}

/** The calibration version of a frame: the SHA-256 of its calibration's canonical JSON (equal calibrations, equal versions). */
export function calibrationVersion(manifest: Pick<SceneManifest, 'sensors' | 'transforms'>, frame: Pick<SceneFrame, 'pointClouds' | 'images'>): string {
  return createHash('sha256').update(canonicalText(JSON.parse(JSON.stringify(frameCalibration(manifest, frame)))), 'utf8').digest('hex');
}

/**
 * The lineage of labels made on these frames of a scene: each frame's raw files (LiDAR sweeps,
 * then images) with their hashes, and its calibration version. Frames the manifest does not hold
 * are skipped; a file that cannot be read is left out of its frame's list.
 */
export async function frameRawData(scene: { manifest: SceneManifest; store: DataStore }, frameIds: Iterable<string>, hasher: RawFileHasher): Promise<RawData> {
  const wanted = new Set(frameIds);
  const out: RawData[number][] = [];
  for (const frame of scene.manifest.frames) {
    if (!wanted.has(frame.frameId)) continue;
    const files: { stream: string; path: string; sha256: string }[] = [];
    for (const [stream, ref] of [...Object.entries(frame.pointClouds), ...Object.entries(frame.images)]) {
      const sha256 = await hasher.sha256(scene.store, ref.path);
      if (sha256) files.push({ stream, path: ref.path, sha256 });
    }
    out.push({ frameId: frame.frameId, files, calibration: calibrationVersion(scene.manifest, frame) });
  }
  return out;
}
