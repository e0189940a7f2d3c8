import type { AgreementBox } from '../../../core/agreement/types';
import { composeTransforms } from '../../../core/camera/rigidTransform';
import type { Cuboid } from '../../../core/geometry/cuboid';
import { yawOf } from '../../../core/geometry/quaternion';
import { lidarFromNamedFrame } from '../../../core/scene/captureCalibration';
import type { SceneFrame, SceneManifest } from '../../../core/scene/manifest';

/** The LiDAR a frame's boxes are shown and matched in: its first point cloud, as the app shows it. */
export const lidarOf = (frame: SceneFrame): string | null => Object.keys(frame.pointClouds)[0] ?? null;

/** A cuboid moved into the frame's LiDAR frame; null where the manifest cannot place its frame. */
export function cuboidInLidar(manifest: SceneManifest, frame: SceneFrame, lidarId: string, cuboid: Cuboid): Cuboid | null {
  const lidarFromBox = lidarFromNamedFrame(manifest, frame, lidarId, cuboid.frame);
  if (!lidarFromBox) return null;
  const placed = composeTransforms(lidarFromBox, { translation: cuboid.center, rotation: cuboid.rotation });
  return { frame: lidarId, center: placed.translation, size: cuboid.size, rotation: placed.rotation };
}

/**
 * The frame's ground truth as the matcher reads it, in the frame's LiDAR frame: the scored boxes,
 * or with `ignored` the ones the dataset does not score (flagged ignore).
 */
export function groundTruthBoxes(manifest: SceneManifest, frame: SceneFrame, lidarId: string, ignored = false): AgreementBox[] {
  return manifest.groundTruth.flatMap((g) => {
    if (g.frameId !== frame.frameId || (g.ignore === true) !== ignored) return [];
    const c = cuboidInLidar(manifest, frame, lidarId, g.cuboid);
    return c ? [{ objectId: g.objectId, trackId: g.trackId ?? g.objectId, classId: g.classId, attributes: {}, center: c.center, size: c.size, yaw: yawOf(c.rotation) }] : [];
  });
}

/** The keys predictions may name a frame by: the dataset's own names (a nuScenes sweep and its sample), its index, its id. */
export function frameKeys(frame: SceneFrame): { frameKey: string; aliases: string[] } {
  const index = String(frame.index);
  return { frameKey: frame.sourceId ?? index, aliases: [...(frame.sourceAliases ?? []), index, frame.frameId].filter((k) => k !== frame.sourceId) };
}
