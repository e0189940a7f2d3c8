import { describe, expect, it } from 'vitest';
import { quatFromYaw } from '../geometry/quaternion';
import { labelWord } from './labelWord';
import { nearestPoint, SelectionWorkerState } from './selectionRequest';

// A row of points one metre apart along x (x = 0 … 19), at y = z = 0.
const N = 20;
const row = new Float32Array(4 * N);
for (let i = 0; i < N; i++) row[4 * i] = i;

describe('the selection worker', () => {
  it('answers each shape with the increasing indices it selects, against the frame it holds', () => {
    const worker = new SelectionWorkerState();
    expect(worker.handle({ type: 'select', requestId: 1, frameId: 'f', shape: { kind: 'brush', centres: [[3, 0, 0]], radius: 1 } })).toEqual({
      type: 'failed',
      requestId: 1,
      message: 'the selection worker holds no points of frame f',
    });
    expect(worker.handle({ type: 'points', frameId: 'f', points: row, stride: 4 })).toBeNull();
    const indices = (reply: ReturnType<SelectionWorkerState['handle']>): number[] => {
      if (reply?.type !== 'selected') throw new Error(`no selection: ${JSON.stringify(reply)}`);
      return [...reply.indices];
    };
    expect(indices(worker.handle({ type: 'select', requestId: 2, frameId: 'f', shape: { kind: 'brush', centres: [[3, 0, 0], [10, 0, 0.8]], radius: 1.2 } }))).toEqual([2, 3, 4, 10]);
    expect(indices(worker.handle({ type: 'select', requestId: 3, frameId: 'f', shape: { kind: 'box', cuboid: { frame: 'lidar', center: [15, 0, 0], size: [3.2, 1, 1], rotation: quatFromYaw(0) } } }))).toEqual([14, 15, 16]);
    // Looking down −x from x = 30 with an orthographic-like projection: (u, v) = (y, z) / 1; w = 1.
    const viewProjection = [0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1];
    expect(indices(worker.handle({ type: 'select', requestId: 4, frameId: 'f', shape: { kind: 'viewPolygon', viewProjection, polygon: [-0.5, -0.5, 0.5, -0.5, 0.5, 0.5, -0.5, 0.5] } })).length).toBe(N);
    // Region growing with steps of 1.5 m takes the whole row, but not across locked points 8 and 9.
    const labels = new Uint32Array(N);
    labels[8] = labels[9] = labelWord(40);
    expect(indices(worker.handle({ type: 'select', requestId: 5, frameId: 'f', shape: { kind: 'grow', at: [2.1, 0, 0], radius: 1.5, locked: [40] }, labels }))).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(worker.handle({ type: 'select', requestId: 6, frameId: 'f', shape: { kind: 'grow', at: [2.5, 5, 0], radius: 1.5 } })).toMatchObject({ type: 'selected', note: 'No point near the click to grow from.' });
    expect(worker.handle({ type: 'select', requestId: 7, frameId: 'g', shape: { kind: 'grow', at: [0, 0, 0], radius: 1 } })).toMatchObject({ type: 'failed' });
  });

  it('a cylinder brush takes whole vertical columns within its radius, whatever the height hit', () => {
    // A pole at (5, 5) from the ground to 4 m, a tree trunk at (8, 5), ground around them, and a
    // point 0.6 m beside the pole at mid height.
    const cloud = new Float32Array([
      5, 5, 0, 0, // 0 pole foot
      5, 5, 1, 0, // 1
      5.2, 5.1, 2, 0, // 2 (0.22 m off the axis)
      5, 5, 4, 0, // 3 pole top
      5.6, 5, 2, 0, // 4 beside the pole, 0.6 m off
      8, 5, 0.5, 0, // 5 trunk
      8, 5.3, 3, 0, // 6 trunk, 0.3 m off its axis
      6.5, 5, 0, 0, // 7 ground between them
      5, 5, -30, 0, // 8 far below the pole (a cylinder is unbounded in z)
    ]);
    const worker = new SelectionWorkerState();
    worker.handle({ type: 'points', frameId: 'f', points: cloud, stride: 4 });
    const select = (centres: [number, number, number][], radius: number, brush?: 'sphere' | 'cylinder') => {
      const reply = worker.handle({ type: 'select', requestId: 1, frameId: 'f', shape: { kind: 'brush', centres, radius, brush } });
      if (reply?.type !== 'selected') throw new Error(JSON.stringify(reply));
      return [...reply.indices];
    };
    // The cursor hits the pole at 1 m: the cylinder takes all of it, foot to top and below, not the point 0.6 m off.
    expect(select([[5, 5, 1]], 0.5, 'cylinder')).toEqual([0, 1, 2, 3, 8]);
    // A sphere of the same radius there takes only what is within 0.5 m in 3D.
    expect(select([[5, 5, 1]], 0.5, 'sphere')).toEqual([1]);
    expect(select([[5, 5, 1]], 0.5)).toEqual([1]);
    // A stroke from the pole to the trunk: both columns, and the ground point between (within 0.5 m of no centre) left out.
    expect(select([[5, 5, 3], [8, 5, 1]], 0.5, 'cylinder')).toEqual([0, 1, 2, 3, 5, 6, 8]);
    // A wider cylinder reaches the point beside the pole.
    expect(select([[5, 5, 3], [8, 5, 1]], 0.65, 'cylinder')).toEqual([0, 1, 2, 3, 4, 5, 6, 8]);
  });

  it('finds the nearest point within the pick radius', () => {
    expect(nearestPoint(row, 4, [4.4, 0.1, 0], 0.5)).toBe(4);
    expect(nearestPoint(row, 4, [4.5, 0.9, 0], 0.5)).toBe(-1);
  });
});
