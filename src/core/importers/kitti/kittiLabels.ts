import { composeTransforms, inverseTransform, kittiCamera, type KittiObjectCalib, type RigidTransform } from '../../camera';
import { applyTransform } from '../../camera/rigidTransform';
import type { Cuboid } from '../../geometry/cuboid';
import { quatFromYaw, rotateVec3 } from '../../geometry/quaternion';
import type { Vec3 } from '../../geometry/vec3';

/** One line of a KITTI object `label_2` file, as the devkit defines it. */
export interface KittiLabel {
  readonly type: string;
  readonly truncated: number;
  readonly occluded: number;
  readonly alpha: number;
  /** left, top, right, bottom in image_2 pixels. */
  readonly bbox: readonly [number, number, number, number];
  readonly height: number;
  readonly width: number;
  readonly length: number;
  /** Bottom centre of the box in the rectified camera 0 frame (x right, y down, z forward). */
  readonly bottomInRect0: Vec3;
  /** Rotation about the rectified camera's y axis (down), radians. */
  readonly rotationY: number;
  /** Present in detection results, absent in ground truth. */
  readonly score?: number;
  readonly line: number;
}

/** Parses a `label_2/*.txt`; an error names the file, the line and the field. */
export function parseKittiLabels(text: string, source: string): KittiLabel[] {
  const labels: KittiLabel[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (line) labels.push(kittiLabelFromFields(line.split(/\s+/), `${source} line ${i + 1}`, i + 1));
  });
  return labels;
}

/**
 * One label from its whitespace-separated fields (type first), for callers that read other
 * layouts around the same 15 fields (KITTI tracking puts frame and track id in front).
 * `where` starts error messages; `fieldOffset` is added to the field numbers they give.
 */
export function kittiLabelFromFields(f: readonly string[], where: string, line: number, fieldOffset = 0): KittiLabel {
  if (f.length !== 15 && f.length !== 16) {
    throw new Error(`${where}: expected ${15 + fieldOffset} fields (${16 + fieldOffset} with a score), found ${f.length + fieldOffset}`);
  }
  const n = f.slice(1).map((v, k) => {
    const x = Number(v);
    if (!Number.isFinite(x)) throw new Error(`${where}: field ${k + 2 + fieldOffset} is not a finite number`);
    return x;
  });
  return {
    type: f[0],
    truncated: n[0],
    occluded: n[1],
    alpha: n[2],
    bbox: [n[3], n[4], n[5], n[6]],
    height: n[7],
    width: n[8],
    length: n[9],
    bottomInRect0: [n[10], n[11], n[12]],
    rotationY: n[13],
    score: f.length === 16 ? n[14] : undefined,
    line,
  };
}

/** The transform that takes rectified camera 0 coordinates (where labels live) to the Velodyne's. */
export function veloFromRect0(calib: KittiObjectCalib, source?: string): RigidTransform {
  const camera = kittiCamera(calib, 2, source);
  return composeTransforms(inverseTransform(camera.cameraFromVelo), camera.cameraFromRect0);
}

/**
 * A KITTI label as Cairn's cuboid in the Velodyne frame: the bottom centre raised by half the
 * height (camera y points down), size as length / width / height, and the heading (the box's
 * length axis, (cos ry, 0, −sin ry) in the camera) turned into a yaw about the Velodyne's z.
 */
export function kittiLabelToCuboid(label: KittiLabel, veloFromRect: RigidTransform, frame = 'velodyne'): Cuboid {
  const [x, y, z] = label.bottomInRect0;
  const centre = applyTransform(veloFromRect, [x, y - label.height / 2, z]);
  const heading = rotateVec3(veloFromRect.rotation, [Math.cos(label.rotationY), 0, -Math.sin(label.rotationY)]);
  return {
    frame,
    center: centre,
    size: [label.length, label.width, label.height],
    rotation: quatFromYaw(Math.atan2(heading[1], heading[0])),
  };
}

/** KITTI's object types in the default ontology; what has no exact class is reported, not dropped. */
export const KITTI_CLASS_MAP: Readonly<Record<string, { classId: string; note?: string }>> = {
  Car: { classId: 'car' },
  Van: { classId: 'car', note: 'Van imported as car' },
  Truck: { classId: 'truck' },
  Pedestrian: { classId: 'pedestrian' },
  Person_sitting: { classId: 'pedestrian', note: 'Person_sitting imported as pedestrian' },
  Cyclist: { classId: 'cyclist' },
  Tram: { classId: 'other', note: 'Tram imported as other' },
  Misc: { classId: 'other', note: 'Misc imported as other' },
};
