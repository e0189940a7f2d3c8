import { describe, expect, it } from 'vitest';
import { applyTransform } from '../camera/rigidTransform';
import type { RosTransformStamped } from './rosTypes';
import { TfBuffer } from './tfBuffer';

const tf = (parent: string, child: string, t: number, xyz: [number, number, number], yaw = 0): RosTransformStamped => ({
  header: { stamp: { sec: Math.floor(t), nsec: Math.round((t % 1) * 1e9) }, frame_id: parent },
  child_frame_id: child,
  transform: { translation: { x: xyz[0], y: xyz[1], z: xyz[2] }, rotation: { x: 0, y: 0, z: Math.sin(yaw / 2), w: Math.cos(yaw / 2) } },
});

describe('TfBuffer', () => {
  it('chains static and moving edges, interpolating the moving one in time', () => {
    const buffer = new TfBuffer();
    buffer.add(tf('base_link', 'lidar', 0, [1, 0, 2]), true);
    buffer.add(tf('map', 'base_link', 10, [0, 0, 0]), false);
    buffer.add(tf('map', 'base_link', 12, [4, 0, 0], Math.PI / 2), false);
    const mapFromLidar = buffer.resolve('map', 'lidar', 11);
    const p = applyTransform(mapFromLidar, [0, 0, 0]);
    // Half way: base_link at x = 2 turned 45°, so the LiDAR 1 m ahead sits at (2 + cos45°, sin45°).
    expect(p[0]).toBeCloseTo(2 + Math.SQRT1_2, 9);
    expect(p[1]).toBeCloseTo(Math.SQRT1_2, 9);
    expect(p[2]).toBeCloseTo(2, 9);
    // Held outside the recorded span.
    expect(applyTransform(buffer.resolve('map', 'lidar', 100), [0, 0, 0])[0]).toBeCloseTo(4, 9);
  });

  it('treats "/radar" and "radar" as one frame', () => {
    const buffer = new TfBuffer();
    buffer.add(tf('/cloud', '/radar', 1, [0.5, 0, 0]), false);
    expect(buffer.frames()).toEqual(['cloud', 'radar']);
    expect(applyTransform(buffer.resolve('cloud', '/radar', 1), [0, 0, 0])).toEqual([0.5, 0, 0]);
  });

  it('names both frames and both trees when the chain is broken', () => {
    const buffer = new TfBuffer();
    buffer.add(tf('base_link', 'lidar', 0, [0, 0, 0]), true);
    buffer.add(tf('camera_link', 'camera_optical', 0, [0, 0, 0]), true);
    expect(() => buffer.resolve('base_link', 'camera_optical', 0)).toThrow(/no transform from "camera_optical" to "base_link": the TF tree does not connect them \(camera_link and base_link are separate trees\)/);
    expect(() => buffer.resolve('base_link', 'nowhere', 0)).toThrow(/"nowhere" appears in no \/tf or \/tf_static message/);
  });

  it('does not mistake a ROS frame called "world" for Cairn\'s world', () => {
    const buffer = new TfBuffer();
    buffer.add(tf('world', 'base_link', 0, [3, 0, 0]), true);
    expect(applyTransform(buffer.resolve('world', 'base_link', 0), [0, 0, 0])).toEqual([3, 0, 0]);
    expect(buffer.staticEdges()).toHaveLength(1);
  });
});
