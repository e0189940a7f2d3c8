import type { CuboidAnnotation } from '../annotations/cuboid/schema';
import { composeTransforms } from '../camera/rigidTransform';
import type { AnnotationChange } from '../editor/changes';
import type { Editor } from '../editor/editor';
import type { Cuboid } from '../geometry/cuboid';
import { shortId } from '../model/ids';
import { lidarFromNamedFrame } from '../scene/captureCalibration';
import type { GroundTruthCuboid, SceneManifest } from '../scene/manifest';
import { refuse, type TrackEditRefusal } from './trackFrames';
import type { GroundTruthSource } from './trackSettings';

export interface GroundTruthCopyRequest {
  readonly manifest: Pick<SceneManifest, 'sensors' | 'frames' | 'groundTruth'>;
  /** The LiDAR whose frame editable boxes are stated in (the cloud the view shows). */
  readonly lidarId: string;
  /** The ground-truth box picked: its objectId and the frame it was picked on. */
  readonly objectId: string;
  readonly frameId: string;
  /** 'box': that box alone; 'track': every box of its object, on every frame. */
  readonly copy: 'box' | 'track';
  /** The ontology's classes; a ground-truth class outside it is refused (the host would refuse the write). */
  readonly classIds?: ReadonlySet<string>;
}

export type GroundTruthCopy = { readonly ok: true; readonly trackId: string; readonly created: readonly CuboidAnnotation[] } | TrackEditRefusal;

/**
 * Copies a ground-truth box, or its whole object across frames, into the editable layer as a new
 * track, one undo step. The boxes are placed in the LiDAR frame the editor works in and keep their
 * class; the dataset's attributes stay with the ground truth, which the track's `source` names (see
 * groundTruthSourceSchema for why the link is kept on the track).
 */
export function copyGroundTruth(editor: Editor, request: GroundTruthCopyRequest): GroundTruthCopy {
  const { manifest } = request;
  const picked = manifest.groundTruth.find((b) => b.objectId === request.objectId && b.frameId === request.frameId);
  if (!picked) return refuse('Select a ground-truth box to copy');
  const sameObject = (b: GroundTruthCuboid) => (picked.trackId !== undefined ? b.trackId === picked.trackId : b.objectId === picked.objectId);
  const boxes = request.copy === 'box' ? [picked] : manifest.groundTruth.filter(sameObject);
  const missing = [...new Set(boxes.map((b) => b.classId))].filter((c) => request.classIds && !request.classIds.has(c));
  if (missing.length > 0) return refuse(`The ontology has no class ${missing.map((c) => JSON.stringify(c)).join(', ')}: add it before copying this ground truth`);
  const source: GroundTruthSource = {
    groundTruthObjectId: picked.objectId,
    ...(picked.trackId !== undefined ? { groundTruthTrackId: picked.trackId } : {}),
    copied: request.copy,
  };
  const already = [...editor.storedTrackSettings()].find(([trackId, s]) => editor.trackOf(trackId) && s.source && s.source.groundTruthObjectId === source.groundTruthObjectId && s.source.groundTruthTrackId === source.groundTruthTrackId);
  if (already && request.copy === 'track') return refuse(`This ground-truth object was already copied as track ${shortId(already[0])}`);

  const frames = new Map(manifest.frames.map((f) => [f.frameId, f] as const));
  const trackId = editor.newId();
  const changes: AnnotationChange[] = [];
  const created: CuboidAnnotation[] = [];
  for (const box of boxes) {
    const frame = frames.get(box.frameId);
    if (!frame || editor.frameIndexOf(box.frameId) === undefined) continue;
    const cuboid = placed(manifest, frame, request.lidarId, box);
    if (!cuboid) continue;
    const after = editor.draftCuboid({ frameId: box.frameId, trackId, classId: box.classId, cuboid });
    changes.push({ objectId: after.objectId, before: null, after });
    created.push(after);
  }
  if (created.length === 0) return refuse(`The ground truth cannot be placed in ${request.lidarId}'s frame (no pose or calibration for it)`);
  const label = request.copy === 'box' ? 'copy ground-truth box' : `copy ground-truth track (${created.length} boxes)`;
  editor.commitChanges(label, changes, [{ trackId, before: null, after: { source } }]);
  return { ok: true, trackId, created };
}

/** A ground-truth box in the LiDAR frame of its own frame, or null where the scene cannot place it. */
function placed(manifest: GroundTruthCopyRequest['manifest'], frame: SceneManifest['frames'][number], lidarId: string, box: GroundTruthCuboid): Cuboid | null {
  const lidarFromBox = lidarFromNamedFrame(manifest, frame, lidarId, box.cuboid.frame);
  if (!lidarFromBox) return null;
  const pose = composeTransforms(lidarFromBox, { translation: box.cuboid.center, rotation: box.cuboid.rotation });
  return { frame: lidarId, center: pose.translation, size: box.cuboid.size, rotation: pose.rotation };
}
