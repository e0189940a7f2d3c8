import type { CameraRig, RigsOf } from '../../annotations/box2d/project';
import type { Box2dAnnotation } from '../../annotations/box2d/schema';
import type { CuboidAnnotation } from '../../annotations/cuboid/schema';
import { cuboidTrackAt } from '../../annotations/cuboid/trackAt';
import { projectCuboidBox, type ImageBox } from '../../camera/projectCuboidBox';
import type { CheckFrame, PlacedBox, RuleFinding } from '../types';

/** Intersection over union of two image boxes (0 when either is empty). */
export function imageBoxIou(a: ImageBox, b: ImageBox): number {
  const w = Math.min(a.x1, b.x1) - Math.max(a.x0, b.x0);
  const h = Math.min(a.y1, b.y1) - Math.max(a.y0, b.y0);
  if (!(w > 0 && h > 0)) return 0;
  const inter = w * h;
  const union = (a.x1 - a.x0) * (a.y1 - a.y0) + (b.x1 - b.x0) * (b.y1 - b.y0) - inter;
  return union > 0 ? inter / union : 0;
}

export interface ProjectionCheck {
  readonly findings: RuleFinding[];
  /** Boxes that could not be compared, by reason. */
  readonly skipped: Map<string, number>;
}

/**
 * Drawn 2D boxes linked to a cuboid track against the tight box of that track's cuboid on the same
 * frame, projected into the same camera: flagged when their IoU is below `minIou`, or when the
 * cuboid does not show in that image at all. Boxes projected by Cairn and still following their
 * cuboid are the projection and are not checked; ignore regions and 2D-only boxes have no cuboid.
 * Between keyframes the cuboid is the track's interpolation (linear, the default), as drawn.
 */
export function box2dProjectionFindings(
  boxes: readonly Box2dAnnotation[],
  tracks: readonly (readonly PlacedBox[])[],
  frames: readonly CheckFrame[],
  rigsOf: RigsOf,
  minIou: number,
): ProjectionCheck {
  const byTrack = new Map(tracks.map((t) => [t[0].record.trackId, t.map((b) => ({ frameIndex: b.frame.index, record: b.record }))]));
  const frameById = new Map(frames.map((f) => [f.frameId, f]));
  const findings: RuleFinding[] = [];
  const skipped = new Map<string, number>();
  const skip = (why: string) => skipped.set(why, (skipped.get(why) ?? 0) + 1);
  for (const box of boxes) {
    if (box.ignore || box.linkedTrackId === null || (box.derived && !box.derived.detached)) continue;
    const frame = frameById.get(box.frameId);
    if (!frame) {
      skip('on a frame the scene does not list');
      continue;
    }
    const keyframes = byTrack.get(box.linkedTrackId);
    const cuboid: CuboidAnnotation | null = keyframes ? cuboidTrackAt(keyframes, frame.index) : null;
    if (!cuboid) {
      skip('its 3D object has no box on that frame');
      continue;
    }
    const rig: CameraRig | undefined = rigsOf(frame.frameId).find((r) => r.cameraId === box.cameraId);
    const cameraFrom = rig?.cameraFrom(cuboid.cuboid.frame);
    if (!rig || !cameraFrom) {
      skip('the scene has no calibration placing its 3D box in that camera');
      continue;
    }
    const projected = projectCuboidBox(cuboid.cuboid, cameraFrom, rig.model, rig.width, rig.height);
    const iou = projected ? imageBoxIou(box.box, projected) : 0;
    if (projected && iou >= minIou) continue;
    findings.push({
      rule: 'box2d-projection',
      frameIndex: frame.index,
      frameId: frame.frameId,
      objectId: box.objectId,
      trackId: box.trackId,
      classId: box.classId,
      otherObjectId: cuboid.objectId,
      value: iou,
      limit: minIou,
      message: projected
        ? `IoU ${iou.toFixed(2)} with its 3D box projected into ${box.cameraId} (at least ${minIou} expected)`
        : `its 3D box does not show in ${box.cameraId}`,
    });
  }
  return { findings, skipped };
}
