import { applyTransform } from '../camera/rigidTransform';
import type { Cuboid } from '../geometry/cuboid';
import { quatMultiply } from '../geometry/quaternion';
import { lidarFromNamedFrame } from '../scene/captureCalibration';
import type { SceneManifest } from '../scene/manifest';
import type { SceneGraphNode } from './sceneGraph';

/** A box that can be a node: a manifest ground-truth box or an editor annotation. */
export interface NodeCuboid {
  readonly objectId: string;
  readonly classId: string;
  readonly trackId?: string;
  readonly cuboid: Cuboid;
}

export interface FrameNodes {
  readonly nodes: readonly SceneGraphNode[];
  /** objectIds whose box is in a frame that cannot be placed in the LiDAR frame. */
  readonly unplaced: readonly string[];
}

export type NodeManifest = Pick<SceneManifest, 'sensors' | 'frames' | 'groundTruth'>;

/**
 * The nodes of one frame, placed in the frame's LiDAR frame `lidarId` (what the 3D view draws in)
 * with the same capture calibration as the ground-truth layer, so arrows meet the drawn boxes:
 * the manifest's ground truth for that frame, then the editor's annotations, which win over a
 * ground-truth box with the same objectId because they are the user's newer word on it.
 */
export function frameNodes(manifest: NodeManifest, frameIndex: number, lidarId: string, annotations: readonly NodeCuboid[] = []): FrameNodes {
  const frame = manifest.frames[frameIndex];
  if (!frame) return { nodes: [], unplaced: [] };
  const byId = new Map<string, SceneGraphNode>();
  const unplaced: string[] = [];
  const place = (box: NodeCuboid, source: SceneGraphNode['source']) => {
    const lidarFromBox = lidarFromNamedFrame(manifest, frame, lidarId, box.cuboid.frame);
    if (!lidarFromBox) {
      unplaced.push(box.objectId);
      return;
    }
    // An annotation that replaces a ground-truth box keeps its track, so relations still find it.
    const trackId = box.trackId ?? byId.get(box.objectId)?.trackId;
    byId.set(box.objectId, {
      nodeId: box.objectId,
      ...(trackId !== undefined ? { trackId } : {}),
      classId: box.classId,
      centre: applyTransform(lidarFromBox, box.cuboid.center),
      size: box.cuboid.size,
      rotation: quatMultiply(lidarFromBox.rotation, box.cuboid.rotation),
      source,
    });
  };
  for (const box of manifest.groundTruth) if (box.frameId === frame.frameId) place(box, 'groundTruth');
  for (const box of annotations) place(box, 'annotation');
  return { nodes: [...byId.values()], unplaced };
}
