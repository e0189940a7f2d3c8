import { composeTransforms, mat3ToQuat, quatToMat3, type RigidTransform } from '../../../core/camera';
import { quatMultiply, type Quat } from '../../../core/geometry/quaternion';
import type { Vec3 } from '../../../core/geometry/vec3';
import { boxCorners, projectThrough, type SceneBox } from './raycastScene';

/** What a fixture KITTI rig is made of; the calibration text is derived from it. */
export interface KittiRig {
  readonly fx: number;
  readonly cx: number;
  readonly cy: number;
  /** Small rotation of camera 0 relative to the ideal mount (roll, pitch, yaw about the Velodyne's axes), radians. */
  readonly mountAngles: Vec3;
  /** Camera 0 origin in the Velodyne frame, metres. */
  readonly cameraPosition: Vec3;
  /** R0_rect as rotations about the camera's x, y, z axes, radians. */
  readonly rectAngles: Vec3;
  /** Offsets t_i = K⁻¹·p₄ of cameras 0..3 in the rectified frame (camera 2 is ~6 cm left, camera 3 ~0.48 m right). */
  readonly offsets: readonly [Vec3, Vec3, Vec3, Vec3];
  /** veloFromImu. */
  readonly veloFromImu: RigidTransform;
}

export interface KittiCalibFixture {
  /** The text of the calibration file. */
  readonly text: string;
  /** P_i · R0_rect · Tr_velo_to_cam for cameras 2 and 3: Velodyne points to pixels, 3×4 row-major. */
  readonly velodyneToImage: { readonly 2: number[]; readonly 3: number[] };
  /** rect0FromVelo = R0_rect · Tr_velo_to_cam, where labels live. */
  readonly rect0FromVelo: RigidTransform;
}

const axisQuat = (axis: 0 | 1 | 2, angle: number): Quat => {
  const q: [number, number, number, number] = [0, 0, 0, Math.cos(angle / 2)];
  q[axis] = Math.sin(angle / 2);
  return q;
};
const eulerQuat = (a: Vec3): Quat => quatMultiply(quatMultiply(axisQuat(2, a[2]), axisQuat(1, a[1])), axisQuat(0, a[0]));

/** The ideal mount: camera x = −Velodyne y, camera y = −Velodyne z, camera z = Velodyne x. */
const CAMERA_FROM_VELO_AXES = mat3ToQuat([0, -1, 0, 0, 0, -1, 1, 0, 0]);

const row34 = (r: number[], t: Vec3) => [r[0], r[1], r[2], t[0], r[3], r[4], r[5], t[1], r[6], r[7], r[8], t[2]];
/** Numbers as JavaScript prints them: the shortest text that reads back to the same double, so the importer sees exactly these values. */
const line = (key: string, values: readonly number[], colon: boolean) => `${key}${colon ? ':' : ''} ${values.map((v) => String(v === 0 ? 0 : v)).join(' ')}`;

/**
 * A KITTI calibration file for a rig, in the object layout (`R0_rect:`, `Tr_velo_to_cam:`) or the
 * tracking one (`R_rect`, `Tr_velo_cam`, `Tr_imu_velo`, no colons), with the matrices a test
 * needs to check against.
 */
export function kittiCalibFixture(rig: KittiRig, layout: 'object' | 'tracking'): KittiCalibFixture {
  const cam0FromVeloRotation = quatMultiply(CAMERA_FROM_VELO_AXES, eulerQuat(rig.mountAngles));
  // The camera sits at cameraPosition in the Velodyne frame: t = −R·position.
  const r = quatToMat3(cam0FromVeloRotation);
  const p = rig.cameraPosition;
  const trT: Vec3 = [-(r[0] * p[0] + r[1] * p[1] + r[2] * p[2]), -(r[3] * p[0] + r[4] * p[1] + r[5] * p[2]), -(r[6] * p[0] + r[7] * p[1] + r[8] * p[2])];
  const tr = row34(r, trT);
  const r0 = quatToMat3(quatMultiply(quatMultiply(axisQuat(2, rig.rectAngles[2]), axisQuat(1, rig.rectAngles[1])), axisQuat(0, rig.rectAngles[0])));
  const projections = rig.offsets.map(([tx, ty, tz]) => [rig.fx, 0, rig.cx, rig.fx * tx + rig.cx * tz, 0, rig.fx, rig.cy, rig.fx * ty + rig.cy * tz, 0, 0, 1, tz]);
  const imu = rig.veloFromImu;
  const imuRow = row34(quatToMat3(imu.rotation), imu.translation);
  const text = [
    ...projections.map((pm, i) => line(`P${i}`, pm, true)),
    line(layout === 'object' ? 'R0_rect' : 'R_rect', r0, layout === 'object'),
    line(layout === 'object' ? 'Tr_velo_to_cam' : 'Tr_velo_cam', tr, layout === 'object'),
    line(layout === 'object' ? 'Tr_imu_to_velo' : 'Tr_imu_velo', imuRow, layout === 'object'),
    '',
  ].join('\n');

  // Everything below from the numbers as written, so tests compare against the file's own values.
  const parsed = Object.fromEntries(text.trim().split('\n').map((l) => {
    const [key, ...values] = l.replace(':', '').split(/\s+/);
    return [key, values.map(Number)];
  }));
  const R0 = parsed[layout === 'object' ? 'R0_rect' : 'R_rect'];
  const Tr = parsed[layout === 'object' ? 'Tr_velo_to_cam' : 'Tr_velo_cam'];
  const R0h = [R0[0], R0[1], R0[2], 0, R0[3], R0[4], R0[5], 0, R0[6], R0[7], R0[8], 0, 0, 0, 0, 1];
  const Trh = [...Tr, 0, 0, 0, 1];
  const mul = (a: number[], rows: number, b: number[]) => {
    const out: number[] = [];
    for (let i = 0; i < rows; i++) for (let j = 0; j < 4; j++) out.push(a[i * 4] * b[j] + a[i * 4 + 1] * b[4 + j] + a[i * 4 + 2] * b[8 + j] + a[i * 4 + 3] * b[12 + j]);
    return out;
  };
  const rectFromVelo = mul(R0h, 4, Trh);
  const rect0FromVelo = composeTransforms(
    { translation: [0, 0, 0], rotation: mat3ToQuat([R0[0], R0[1], R0[2], R0[3], R0[4], R0[5], R0[6], R0[7], R0[8]]) },
    { translation: [Tr[3], Tr[7], Tr[11]], rotation: mat3ToQuat([Tr[0], Tr[1], Tr[2], Tr[4], Tr[5], Tr[6], Tr[8], Tr[9], Tr[10]]) },
  );
  return {
    text,
    velodyneToImage: { 2: mul(parsed.P2, 3, rectFromVelo), 3: mul(parsed.P3, 3, rectFromVelo) },
    rect0FromVelo,
  };
}

export interface LabelGeometry {
  /** Bottom centre in the rectified camera 0 frame. */
  readonly location: Vec3;
  readonly rotationY: number;
  readonly alpha: number;
  /** left, top, right, bottom in image_2 pixels, clipped to the image; null when no corner is in front of the camera. */
  readonly bbox: [number, number, number, number] | null;
}

/**
 * The KITTI label fields of a Velodyne-frame box: its bottom centre in the rectified camera
 * frame, and the rotation_y whose heading, taken back to the Velodyne frame and projected on
 * the ground, is the box's yaw (exactly, whatever the small tilts of the rig).
 */
export function kittiLabelGeometry(box: Pick<SceneBox, 'center' | 'size' | 'yaw'>, calib: KittiCalibFixture, image: { width: number; height: number }): LabelGeometry {
  const t = calib.rect0FromVelo;
  const r = quatToMat3(t.rotation);
  const apply = (v: Vec3): Vec3 => [
    r[0] * v[0] + r[1] * v[1] + r[2] * v[2] + t.translation[0],
    r[3] * v[0] + r[4] * v[1] + r[5] * v[2] + t.translation[1],
    r[6] * v[0] + r[7] * v[1] + r[8] * v[2] + t.translation[2],
  ];
  const c = apply(box.center);
  const location: Vec3 = [c[0], c[1] + box.size[2] / 2, c[2]];
  // Heading d = (cos ry, 0, −sin ry) must have no component along the Velodyne's n = (−sin yaw, cos yaw, 0): d · (R n) = 0.
  const n: Vec3 = [-Math.sin(box.yaw), Math.cos(box.yaw), 0];
  const m: Vec3 = [r[0] * n[0] + r[1] * n[1] + r[2] * n[2], r[3] * n[0] + r[4] * n[1] + r[5] * n[2], r[6] * n[0] + r[7] * n[1] + r[8] * n[2]];
  let rotationY = Math.atan2(m[0], m[2]);
  const heading = [Math.cos(box.yaw), Math.sin(box.yaw), 0];
  const back = [
    r[0] * Math.cos(rotationY) - r[6] * Math.sin(rotationY),
    r[1] * Math.cos(rotationY) - r[7] * Math.sin(rotationY),
  ];
  if (back[0] * heading[0] + back[1] * heading[1] < 0) rotationY = wrap(rotationY + Math.PI);
  const alpha = wrap(rotationY - Math.atan2(location[0], location[2]));
  const pixels = boxCorners(box).map((corner) => projectThrough(calib.velodyneToImage[2], corner)).filter((p) => p !== null);
  const clampU = (u: number) => Math.min(Math.max(u, 0), image.width - 1);
  const clampV = (v: number) => Math.min(Math.max(v, 0), image.height - 1);
  const bbox: LabelGeometry['bbox'] = pixels.length
    ? [clampU(Math.min(...pixels.map((p) => p.u))), clampV(Math.min(...pixels.map((p) => p.v))), clampU(Math.max(...pixels.map((p) => p.u))), clampV(Math.max(...pixels.map((p) => p.v)))]
    : null;
  return { location, rotationY, alpha, bbox };
}

const wrap = (a: number) => Math.atan2(Math.sin(a), Math.cos(a));

/** A label_2 line (without frame / track id) for a box of a KITTI type. */
export function kittiLabelFields(type: string, box: Pick<SceneBox, 'size'>, g: LabelGeometry): string {
  const [l, w, h] = box.size;
  const bbox = (g.bbox ?? [0, 0, 0, 0]).map((v) => v.toFixed(2));
  return [type, '0.00', '0', String(g.alpha), ...bbox, String(h), String(w), String(l), ...g.location.map(String), String(g.rotationY)].join(' ');
}
