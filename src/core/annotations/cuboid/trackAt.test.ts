import { describe, expect, it } from 'vitest';
import { quatFromYaw } from '../../geometry/quaternion';
import type { Vec3 } from '../../geometry/vec3';
import type { TrackKeyframe } from '../kind';
import type { CuboidAnnotation } from './schema';
import { cuboidTrackAt } from './trackAt';

const TRACK = '33333333-3333-4333-8333-333333333333';

function keyframe(frameIndex: number, x: number, size: Vec3, updatedAt: number): TrackKeyframe<CuboidAnnotation> {
  return {
    frameIndex,
    record: {
      kind: 'cuboid',
      objectId: `00000000-0000-4000-8000-${frameIndex.toString(16).padStart(12, '0')}`,
      trackId: TRACK,
      sceneId: '11111111-1111-4111-8111-111111111111',
      frameId: `22222222-2222-4222-8222-${frameIndex.toString(16).padStart(12, '0')}`,
      classId: 'car',
      ontologyVersion: 1,
      cuboid: { frame: 'lidar', center: [x, 0, 0.8], size, rotation: quatFromYaw(0) },
      attributes: { parked: false },
      author: 'ann',
      createdAt: 1,
      updatedAt,
    },
  };
}

describe('cuboidTrackAt', () => {
  const keys = [keyframe(0, 0, [4, 2, 1.5], 10), keyframe(10, 10, [5, 2, 1.5], 30), keyframe(20, 30, [4.5, 2, 1.5], 20)];

  it('gives a keyframe itself on its frame, and between keyframes the earlier record with the box moved', () => {
    expect(cuboidTrackAt(keys, 10)).toBe(keys[1].record);
    const at5 = cuboidTrackAt(keys, 5)!;
    expect({ ...at5, cuboid: undefined }).toEqual({ ...keys[0].record, cuboid: undefined });
    expect(at5.cuboid.center[0]).toBeCloseTo(5, 12);
    expect(cuboidTrackAt(keys, 21)).toBeNull();
    expect(cuboidTrackAt([], 0)).toBeNull();
  });

  it('gives a locked track the size of its most recently edited keyframe: the last resize wins', () => {
    expect(cuboidTrackAt(keys, 5)!.cuboid.size).toEqual([5, 2, 1.5]);
    expect(cuboidTrackAt(keys, 15)!.cuboid.size).toEqual([5, 2, 1.5]);
  });

  it('blends the size of an unlocked track and follows a spline when asked', () => {
    expect(cuboidTrackAt(keys, 15, { size: 'linear' })!.cuboid.size[0]).toBeCloseTo(4.75, 12);
    // Tangents 1.5 m/frame at frame 10 (central difference) and 2 at frame 20 (one-sided): the spline runs below the chord.
    expect(cuboidTrackAt(keys, 15, { centre: 'catmull-rom' })!.cuboid.center[0]).toBeCloseTo(19.375, 12);
    expect(cuboidTrackAt(keys, 15)!.cuboid.center[0]).toBeCloseTo(20, 12);
  });

  it('reads a track edited into a new keyframe list afresh: the size and place its keys held before do not stay', () => {
    expect(cuboidTrackAt(keys, 5)!.cuboid.size).toEqual([5, 2, 1.5]);
    const resized = [keys[0], keyframe(10, 12, [6, 2, 1.5], 40), keys[2]];
    expect(cuboidTrackAt(resized, 5)!.cuboid.size).toEqual([6, 2, 1.5]);
    expect(cuboidTrackAt(resized, 5)!.cuboid.center[0]).toBeCloseTo(6, 12);
    expect(cuboidTrackAt(keys, 5)!.cuboid.center[0]).toBeCloseTo(5, 12);
  });
});
