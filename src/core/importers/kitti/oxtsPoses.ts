import { IDENTITY_TRANSFORM, type RigidTransform } from '../../camera';
import { quatConjugate, quatMultiply, quatNormalize, rotateVec3, type Quat } from '../../geometry/quaternion';

/** The first six of the 30 values of a KITTI OXTS line: the rest are rates, accelerations and accuracies. */
export interface OxtsPacket {
  /** Degrees. */
  readonly lat: number;
  readonly lon: number;
  /** Metres. */
  readonly alt: number;
  /** Radians, about the IMU's x (forward), y (left) and z (up) axes. */
  readonly roll: number;
  readonly pitch: number;
  readonly yaw: number;
}

/** The equatorial radius the KITTI devkit uses for its Mercator projection. */
export const EARTH_RADIUS_M = 6378137;

/** Parses one OXTS line; throws saying which field is missing or not a finite number. */
export function parseOxtsLine(line: string): OxtsPacket {
  const fields = line.trim().split(/\s+/).filter(Boolean);
  if (fields.length < 6) throw new Error(`expected 30 values (lat lon alt roll pitch yaw …), found ${fields.length}`);
  const names = ['lat', 'lon', 'alt', 'roll', 'pitch', 'yaw'] as const;
  const v = names.map((name, i) => {
    const x = Number(fields[i]);
    if (!Number.isFinite(x)) throw new Error(`${name} (value ${i + 1}) is "${fields[i]}", not a finite number`);
    return x;
  });
  if (Math.abs(v[0]) > 90 || Math.abs(v[1]) > 180) throw new Error(`lat ${v[0]}, lon ${v[1]} is not a position on Earth`);
  return { lat: v[0], lon: v[1], alt: v[2], roll: v[3], pitch: v[4], yaw: v[5] };
}

/** The Mercator scale of the devkit: cos(latitude) of a reference point, so metres are true there. */
export function mercatorScale(latDeg: number): number {
  return Math.cos((latDeg * Math.PI) / 180);
}

/** Mercator east / north metres of a position at a given scale (the devkit's latlonToMercator). */
export function latLonToMercator(latDeg: number, lonDeg: number, scale: number): [number, number] {
  const mx = (scale * lonDeg * Math.PI * EARTH_RADIUS_M) / 180;
  const my = scale * EARTH_RADIUS_M * Math.log(Math.tan(((90 + latDeg) * Math.PI) / 360));
  return [mx, my];
}

const axisQuat = (axis: 0 | 1 | 2, angle: number): Quat => {
  const q: [number, number, number, number] = [0, 0, 0, Math.cos(angle / 2)];
  q[axis] = Math.sin(angle / 2);
  return q;
};

/**
 * The IMU's pose in the Mercator frame (east, north, up): translation (mx, my, alt), rotation
 * Rz(yaw) · Ry(pitch) · Rx(roll), as the OXTS RT3000 manual and the KITTI devkit define it.
 */
export function oxtsMercatorPose(p: OxtsPacket, scale: number): RigidTransform {
  const [mx, my] = latLonToMercator(p.lat, p.lon, scale);
  return { translation: [mx, my, p.alt], rotation: quatMultiply(quatMultiply(axisQuat(2, p.yaw), axisQuat(1, p.pitch)), axisQuat(0, p.roll)) };
}

/**
 * worldFromImu for every frame, with the world the IMU frame of the first valid packet (so
 * coordinates stay small) and the Mercator scale from that packet's latitude, as the devkit does.
 * A frame without a valid packet (null) keeps the previous frame's pose, or the identity before
 * the first valid one.
 */
export function oxtsLocalPoses(packets: readonly (OxtsPacket | null)[]): RigidTransform[] {
  const origin = packets.find((p): p is OxtsPacket => p !== null);
  if (!origin) return packets.map(() => IDENTITY_TRANSFORM);
  const scale = mercatorScale(origin.lat);
  const first = oxtsMercatorPose(origin, scale);
  const firstFromMercator = quatConjugate(first.rotation);
  let previous = IDENTITY_TRANSFORM;
  return packets.map((p) => {
    if (p === null) return previous;
    const pose = oxtsMercatorPose(p, scale);
    // inverse(first) ∘ pose, with the translations subtracted before rotating: Mercator
    // coordinates are millions of metres, and rotating them first would cost digits.
    const t = pose.translation;
    const t0 = first.translation;
    previous = {
      translation: rotateVec3(firstFromMercator, [t[0] - t0[0], t[1] - t0[1], t[2] - t0[2]]),
      rotation: quatNormalize(quatMultiply(firstFromMercator, pose.rotation)),
    };
    return previous;
  });
}
