/**
 * The ROS messages the robotics importer reads, as the ROS 1 and ROS 2 deserialisers hand them
 * over (ROS 1 times carry `nsec`, ROS 2 times `nanosec`). Only the fields Cairn uses are named.
 */
export interface RosTime {
  readonly sec: number;
  readonly nsec?: number;
  readonly nanosec?: number;
}

export interface RosHeader {
  readonly stamp: RosTime;
  readonly frame_id: string;
}

export interface RosVector3 {
  readonly x: number;
  readonly y: number;
  readonly z: number;
}

export interface RosQuaternion extends RosVector3 {
  readonly w: number;
}

export interface RosPose {
  readonly position: RosVector3;
  readonly orientation: RosQuaternion;
}

export interface RosTransformStamped {
  readonly header: RosHeader;
  readonly child_frame_id: string;
  readonly transform: { readonly translation: RosVector3; readonly rotation: RosQuaternion };
}

/** ROS time as seconds (float64 keeps microseconds for dates near 2020). */
export function rosTimeSeconds(t: RosTime): number {
  return t.sec + (t.nsec ?? t.nanosec ?? 0) * 1e-9;
}

/** Log times (MCAP, rosbag) are nanoseconds. */
export function nanosToSeconds(ns: bigint): number {
  const whole = ns / 1_000_000_000n;
  return Number(whole) + Number(ns - whole * 1_000_000_000n) * 1e-9;
}

/**
 * TF frame ids as one name: ROS 1 allowed a leading "/" ("/base_link"), tf2 does not, and a log
 * may mix both, so "/radar" and "radar" are the same frame.
 */
export function normalizeFrameId(frameId: string): string {
  return frameId.trim().replace(/^\/+/, '');
}
