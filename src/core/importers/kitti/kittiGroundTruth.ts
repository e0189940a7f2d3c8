import type { RigidTransform } from '../../camera';
import type { ImportReportBuilder } from '../importReport';
import type { GroundTruthInput, IgnoreRegionInput } from '../manifestParts';
import { boxValueProblem } from '../boxValues';
import { KITTI_CLASS_MAP, kittiLabelToCuboid, type KittiLabel } from './kittiLabels';
import { VELODYNE } from './kittiSensors';

export const DONT_CARE = 'DontCare';

/** The camera whose image KITTI's 2D boxes (and so its DontCare regions) are drawn in. */
export const DONT_CARE_CAMERA = 'cam2';

/**
 * A DontCare row as the scene's ignore region in image_2 (cam2). KITTI's edges are the centres of
 * the outermost pixels; an empty or inverted region keeps a hair's width, as kittiRead does.
 */
export function kittiIgnoreRegion(label: KittiLabel, ids: { regionId: string; frameId: string }): IgnoreRegionInput {
  const [left, top, right, bottom] = label.bbox;
  return { ...ids, cameraId: DONT_CARE_CAMERA, box: { x0: left, y0: top, x1: Math.max(right, left + 0.01), y1: Math.max(bottom, top + 0.01) }, sourceClass: DONT_CARE };
}

/**
 * A KITTI label as a ground-truth cuboid in the Velodyne frame; throws, naming the line, when
 * its box is not plausible (see boxValueProblem). What Cairn's cuboid cannot hold
 * (the observation angle, the 2D box, truncation and occlusion levels) is kept as attributes;
 * a type without an exact class is counted in the report and keeps its name in sourceClass.
 */
export function kittiGroundTruth(
  label: KittiLabel,
  veloFromRect0: RigidTransform,
  ids: { objectId: string; frameId: string; trackId?: string },
  report: ImportReportBuilder,
): GroundTruthInput {
  // KITTI writes -1 sizes only for DontCare regions, which never get here.
  const problem = boxValueProblem({ height: label.height, width: label.width, length: label.length }, label.bottomInRect0, 'location');
  if (problem) throw new Error(`line ${label.line}: ${problem}`);
  const mapped = KITTI_CLASS_MAP[label.type] ?? { classId: 'other', note: `${label.type} (not a KITTI class) imported as other` };
  if (mapped.note) report.notConverted(`KITTI class ${label.type}`, 1, `${mapped.note}; sourceClass keeps "${label.type}"`);
  const cuboid = kittiLabelToCuboid(label, veloFromRect0, VELODYNE);
  const [left, top, right, bottom] = label.bbox;
  return {
    objectId: ids.objectId,
    frameId: ids.frameId,
    classId: mapped.classId,
    ...(ids.trackId ? { trackId: ids.trackId } : {}),
    sourceClass: label.type,
    attributes: {
      truncated: label.truncated,
      occluded: label.occluded,
      alpha: label.alpha,
      bbox_left: left,
      bbox_top: top,
      bbox_right: right,
      bbox_bottom: bottom,
      ...(label.score !== undefined ? { score: label.score } : {}),
    },
    cuboid: { frame: cuboid.frame, center: cuboid.center, size: cuboid.size, rotation: cuboid.rotation },
  };
}
