import { describe, expect, it } from 'vitest';
import { toCuboidLocal, type Cuboid } from '../../geometry/cuboid';
import { quatFromYaw, rotateVec3, yawOf } from '../../geometry/quaternion';
import { add } from '../../geometry/vec3';
import { createToolHarness, type ToolHarness } from '../tools/testing/toolHarness';
import { nudgeSelected, shrinkSelected, snapSelectedToGround, type BoxActionContext } from './boxActions';

const GROUND_Z = -1.7;
const YAW = 0.4;
/** The object the points sample: a car-sized block standing a little above the road. */
const OBJECT: Cuboid = { frame: 'lidar', center: [10, 5, -0.75], size: [4, 1.7, 1.3], rotation: quatFromYaw(YAW) };

/** A road around (10, 5) with a few centimetres of ripple, and the object's six faces sampled edge to edge. */
function scene(): Float32Array {
  const xyz: number[] = [];
  for (let x = -2; x <= 22; x += 0.3) {
    for (let y = -7; y <= 17; y += 0.3) xyz.push(x, y, GROUND_Z + 0.02 * Math.sin(3 * x + 5 * y), 0);
  }
  const steps = 8;
  for (let i = 0; i <= steps; i++) {
    for (let j = 0; j <= steps; j++) {
      const a = -1 + (2 * i) / steps;
      const b = -1 + (2 * j) / steps;
      for (const face of [[1, a, b], [-1, a, b], [a, 1, b], [a, -1, b], [a, b, 1], [a, b, -1]]) {
        const local = [(face[0] * OBJECT.size[0]) / 2, (face[1] * OBJECT.size[1]) / 2, (face[2] * OBJECT.size[2]) / 2] as const;
        const p = add(OBJECT.center, rotateVec3(OBJECT.rotation, local));
        xyz.push(p[0], p[1], p[2], 0);
      }
    }
  }
  return Float32Array.from(xyz);
}

function setUp(cuboid: Cuboid, points: Float32Array = scene()) {
  const h = createToolHarness({ frame: { frameId: 'frame-0', sensorId: 'lidar', points, stride: 4 } });
  const id = h.editor.createCuboid({ frameId: 'frame-0', classId: 'car', cuboid }).objectId;
  h.selected = id;
  const ctx: BoxActionContext = { editor: h.editor, frame: () => h.frame, selectedId: () => h.selected, say: (m) => void h.messages.push(m) };
  // As stored: normalising a quaternion again may move its last bit, so compare with the record.
  return { h, id, ctx, stored: boxOf(h, id) };
}

function boxOf(h: ToolHarness, id: string): Cuboid {
  const r = h.editor.get(id);
  if (r?.kind !== 'cuboid') throw new Error(`no cuboid ${id}`);
  return r.cuboid;
}

describe('auto-shrink', () => {
  it('shrinks a loose box to the points inside it above the road, its heading kept, one undo step', () => {
    const loose: Cuboid = { frame: 'lidar', center: [10.3, 5.2, -0.8], size: [5.6, 2.8, 2.2], rotation: quatFromYaw(YAW) };
    const { h, id, ctx, stored } = setUp(loose);
    const before = h.operations.length;
    expect(shrinkSelected(ctx)).toBe(true);
    const c = boxOf(h, id);
    // The sampled object's extremes, to the precision its Float32 coordinates carry.
    c.size.forEach((s, k) => expect(s).toBeCloseTo(OBJECT.size[k], 5));
    c.center.forEach((x, k) => expect(x).toBeCloseTo(OBJECT.center[k], 5));
    expect(yawOf(c.rotation)).toBeCloseTo(YAW, 12);
    expect(h.operations).toHaveLength(before + 1);
    expect(h.operations.at(-1)!.label).toBe('shrink cuboid to points');
    h.editor.undo();
    expect(boxOf(h, id)).toEqual(stored);
  });

  it('keeps the box and says why when too few points stand inside it', () => {
    const empty: Cuboid = { frame: 'lidar', center: [0, 12, -1], size: [2, 2, 2], rotation: quatFromYaw(0) };
    const { h, id, ctx, stored } = setUp(empty);
    const before = h.operations.length;
    expect(shrinkSelected(ctx)).toBe(false);
    expect(boxOf(h, id)).toEqual(stored);
    expect(h.operations).toHaveLength(before);
    expect(h.lastMessage).toMatch(/Fewer than 3 points/);
  });
});

describe('snap to ground', () => {
  it('moves a floating box’s bottom down to the road with its top fixed', () => {
    const floating: Cuboid = { frame: 'lidar', center: [10, 5, -0.5], size: [4.2, 1.8, 1.4], rotation: quatFromYaw(YAW) };
    const { h, id, ctx } = setUp(floating);
    expect(snapSelectedToGround(ctx)).toBe(true);
    const c = boxOf(h, id);
    expect(c.center[2] + c.size[2] / 2).toBeCloseTo(-0.5 + 0.7, 12);
    expect(c.center[2] - c.size[2] / 2).toBeCloseTo(GROUND_Z, 1);
    expect(c.size[0]).toBe(4.2);
    expect(c.center[0]).toBe(10);
    expect(h.operations.at(-1)!.label).toBe('snap cuboid to ground');
  });

  it('raises a box sunk into the road to it', () => {
    const sunk: Cuboid = { frame: 'lidar', center: [10, 5, -1.2], size: [4.2, 1.8, 1.6], rotation: quatFromYaw(YAW) };
    const { h, id, ctx } = setUp(sunk);
    snapSelectedToGround(ctx);
    const bottom = boxOf(h, id).center[2] - boxOf(h, id).size[2] / 2;
    expect(bottom).toBeCloseTo(GROUND_Z, 1);
    expect(bottom).toBeGreaterThan(-2);
  });

  it('says so and keeps the box where the frame has no points around it', () => {
    const box: Cuboid = { frame: 'lidar', center: [10, 5, -0.5], size: [4, 2, 1.5], rotation: quatFromYaw(0) };
    const { h, id, ctx, stored } = setUp(box, new Float32Array(0));
    expect(snapSelectedToGround(ctx)).toBe(false);
    expect(boxOf(h, id)).toEqual(stored);
    expect(h.lastMessage).toBe('No ground found around the box to snap to.');
  });
});

describe('nudges without the tool', () => {
  it('step in the given view’s axes, as the commands run them', () => {
    const box: Cuboid = { frame: 'lidar', center: [10, 5, -0.5], size: [4, 2, 1.5], rotation: quatFromYaw(YAW) };
    const { h, id, ctx } = setUp(box);
    nudgeSelected(ctx, 'top', { kind: 'move', du: 0, dv: 0.1 });
    const local = toCuboidLocal(box, boxOf(h, id).center);
    expect(local[0]).toBeCloseTo(0, 12);
    expect(local[1]).toBeCloseTo(0.1, 12);
    h.selected = null;
    expect(nudgeSelected(ctx, 'top', { kind: 'move', du: 1, dv: 0 })).toBe(false);
  });
});
