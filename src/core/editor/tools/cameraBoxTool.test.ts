import { describe, expect, it } from 'vitest';
import type { CameraRig } from '../../annotations/box2d/project';
import type { PinholeModel } from '../../camera/cameraModel';
import { inverseTransform, mat3ToQuat, type RigidTransform } from '../../camera/rigidTransform';
import { validateCuboid, type Cuboid } from '../../geometry/cuboid';
import { IDENTITY_QUAT, yawOf } from '../../geometry/quaternion';
import type { Vec3 } from '../../geometry/vec3';
import { cameraBoxHandleAt, cameraBoxHandles, cameraBoxTool, cameraPointerEvent, CAMERA_BOX_TOOL_ID } from './cameraBoxTool';
import { interpolatedBoxId } from './frameBoxes';
import { createToolHarness, type ToolHarness } from './testing/toolHarness';

const pinhole: PinholeModel = { kind: 'pinhole', fx: 500, fy: 500, cx: 320, cy: 240 };
const distorted: PinholeModel = { ...pinhole, distortion: { k1: -0.2, k2: 0, p1: 0, p2: 0, k3: 0 } };

/** A camera 1.5 m above the LiDAR origin looking along +x: optical x right = −y, y down = −z, z forward = +x. */
const CAMERA_FROM_LIDAR: RigidTransform = inverseTransform({ translation: [0, 0, 1.5], rotation: mat3ToQuat([0, 0, 1, -1, 0, 0, 0, -1, 0]) });

const rigOf = (model: PinholeModel): CameraRig => ({ cameraId: 'cam', width: 640, height: 480, model, cameraFrom: (frame) => (frame === 'lidar' ? CAMERA_FROM_LIDAR : null) });

// 15 m ahead, 4 m long, 2 m wide, standing on z = 0; as the editor stores it.
const START: Cuboid = validateCuboid({ frame: 'lidar', center: [15, 0, 0.8], size: [4, 2, 1.6], rotation: IDENTITY_QUAT });

function setUp(model: PinholeModel = pinhole) {
  const rig = rigOf(model);
  const h = createToolHarness({ tools: [cameraBoxTool((viewId) => (viewId === 'cam' ? rig : null), () => 6)], tool: CAMERA_BOX_TOOL_ID });
  const id = h.editor.createCuboid({ frameId: 'frame-0', classId: 'car', cuboid: START }).objectId;
  h.selected = id;
  return { h, id, rig };
}

function at(rig: CameraRig, u: number, v: number) {
  const e = cameraPointerEvent('cam', rig, u, v, [u, v]);
  if (!e) throw new Error(`pixel (${u}, ${v}) has no ray`);
  return e;
}

/** Press at `from`, move in steps to `to`, release there (pixels). */
function drag(h: ToolHarness, rig: CameraRig, from: readonly [number, number], to: readonly [number, number]) {
  h.tools.pointerDown(at(rig, from[0], from[1]));
  for (let i = 1; i <= 5; i++) h.tools.pointerMove(at(rig, from[0] + ((to[0] - from[0]) * i) / 5, from[1] + ((to[1] - from[1]) * i) / 5));
  h.tools.pointerUp(at(rig, to[0], to[1]));
}

function boxOf(h: ToolHarness, id: string): Cuboid {
  const r = h.editor.get(id);
  if (r?.kind !== 'cuboid') throw new Error(`no cuboid ${id}`);
  return r.cuboid;
}

const expectVec = (a: Vec3, b: Vec3, digits = 9) => a.forEach((x, i) => expect(x, `component ${i}`).toBeCloseTo(b[i], digits));

describe('camera box tool: handles', () => {
  it('finds the footprint and the yaw knob on the face turned to the camera', () => {
    const handles = cameraBoxHandles(START, rigOf(pinhole));
    // The near bottom edge (x = 13) is 1.5/13 below the axis: v = 240 + 500·1.5/13; its ends 1/13 either side.
    const near = 240 + (500 * 1.5) / 13;
    expect(handles.footprint).not.toBeNull();
    const f = handles.footprint!;
    expect(f.some(([u, v]) => Math.abs(u - (320 - 500 / 13)) < 1e-9 && Math.abs(v - near) < 1e-9)).toBe(true);
    // The rear face (−x) looks at the camera: its centre (13, 0, 0.8) is 0.7/13 below the axis.
    expect(handles.yawKnob![0]).toBeCloseTo(320, 9);
    expect(handles.yawKnob![1]).toBeCloseTo(240 + (500 * 0.7) / 13, 9);
    expect(cameraBoxHandleAt(handles, 320, 290, 6)).toBe('move');
    expect(cameraBoxHandleAt(handles, 320, near + 4, 6)).toBe('move');
    expect(cameraBoxHandleAt(handles, 321, 267, 6)).toBe('yaw');
    expect(cameraBoxHandleAt(handles, 320, 200, 6)).toBeNull();
  });
});

describe('camera box tool: moving along the ground', () => {
  it('a drag inside the footprint moves the box by the ground displacement under the pointer, height kept, one undo step', () => {
    const { h, id, rig } = setUp();
    const before = h.operations.length;
    // (320, 290) is the ground 15 m ahead; (420, 290) is 3 m to its right (−y).
    drag(h, rig, [320, 290], [420, 290]);
    expectVec(boxOf(h, id).center, [15, -3, 0.8]);
    expect(boxOf(h, id).size).toEqual(START.size);
    expect(boxOf(h, id).rotation).toEqual(START.rotation);
    expect(h.operations.length).toBe(before + 1);
    expect(h.editor.undoLabel).toBe('move cuboid along the ground');
    h.editor.undo();
    expect(boxOf(h, id)).toEqual(START);
  });

  it('dragging the near bottom edge down the image pulls the box towards the camera', () => {
    const { h, id, rig } = setUp();
    // The near edge at 13 m to the pixel of the ground 10 m ahead (v = 240 + 500·1.5/10 = 315): 3 m nearer.
    drag(h, rig, [320, 240 + (500 * 1.5) / 13], [320, 315]);
    expectVec(boxOf(h, id).center, [12, 0, 0.8]);
  });

  it('undistorts through a Brown–Conrady camera: the pixel k1 = −0.2 moved is the same 3 m', () => {
    const { h, id, rig } = setUp(distorted);
    // (0, 0.1) distorts to (0, 0.0998): v = 289.9; (0.2, 0.1) to (0.198, 0.099): (419, 289.5).
    drag(h, rig, [320, 289.9], [419, 289.5]);
    expectVec(boxOf(h, id).center, [15, -3, 0.8], 6);
  });

  it('refuses a pointer above the horizon: the box stays, no undo step, and the annotator is told', () => {
    const { h, id, rig } = setUp();
    const before = h.operations.length;
    h.tools.pointerDown(at(rig, 320, 290));
    h.tools.pointerMove(at(rig, 320, 200));
    h.tools.pointerUp(at(rig, 320, 200));
    expect(boxOf(h, id)).toEqual(START);
    expect(h.operations.length).toBe(before);
    expect(h.editor.canUndo).toBe(true); // the cuboid's creation, nothing more
    expect(h.editor.undoLabel).not.toBe('move cuboid along the ground');
    expect(h.lastMessage).toMatch(/does not reach the ground/);
  });

  it('keeps the last place on the ground while the pointer is above the horizon', () => {
    const { h, id, rig } = setUp();
    h.tools.pointerDown(at(rig, 320, 290));
    h.tools.pointerMove(at(rig, 420, 290));
    h.tools.pointerMove(at(rig, 420, 100));
    h.tools.pointerUp(at(rig, 420, 100));
    expectVec(boxOf(h, id).center, [15, -3, 0.8]);
  });

  it('Escape mid-drag puts the box back with nothing to undo', () => {
    const { h, id, rig } = setUp();
    const label = h.editor.undoLabel;
    h.tools.pointerDown(at(rig, 320, 290));
    h.tools.pointerMove(at(rig, 420, 290));
    expectVec(boxOf(h, id).center, [15, -3, 0.8]);
    h.escape();
    expect(boxOf(h, id)).toEqual(START);
    expect(h.editor.undoLabel).toBe(label);
    expect(h.tools.busy).toBe(false);
  });

  it('a press without a move is a click: nothing changes', () => {
    const { h, id, rig } = setUp();
    const before = h.operations.length;
    h.tools.pointerDown(at(rig, 320, 290));
    h.tools.pointerMove(at(rig, 322, 291));
    h.tools.pointerUp(at(rig, 322, 291));
    expect(boxOf(h, id)).toEqual(START);
    expect(h.operations.length).toBe(before);
  });
});

describe('camera box tool: interpolated boxes', () => {
  it('stores a move of a box interpolated on the frame as a keyframe of its track, one undo step', () => {
    const rig = rigOf(pinhole);
    const h = createToolHarness({ tools: [cameraBoxTool(() => rig, () => 6)], tool: CAMERA_BOX_TOOL_ID, editor: { frameOrder: ['frame-before', 'frame-0', 'frame-after'] } });
    const a = h.editor.createCuboid({ frameId: 'frame-before', classId: 'car', cuboid: { ...START, center: [14, 0, 0.8] } });
    h.editor.createCuboid({ frameId: 'frame-after', classId: 'car', cuboid: { ...START, center: [16, 0, 0.8] }, trackId: a.trackId });
    h.selected = interpolatedBoxId(a.trackId);
    const before = h.operations.length;
    // Interpolated at 15 m, as START: the same pixels move it the same 3 m right.
    drag(h, rig, [320, 290], [420, 290]);
    const keyframe = h.editor.inFrame('frame-0');
    expect(keyframe).toHaveLength(1);
    expect(keyframe[0].trackId).toBe(a.trackId);
    expectVec(boxOf(h, keyframe[0].objectId).center, [15, -3, 0.8]);
    expect(h.operations).toHaveLength(before + 1);
    h.editor.undo();
    expect(h.editor.inFrame('frame-0')).toHaveLength(0);
  });
});

describe('camera box tool: yaw', () => {
  it('dragging the knob on the rear face to the right side turns the box 90° left about its centre', () => {
    const { h, id, rig } = setUp();
    // The knob is (13, 0, 0.8), 2 m behind the centre; the pixel of (15, −2, 0.8) is 2 m to its right:
    // the grabbed point sweeps from −x to −y about the centre, +90°.
    drag(h, rig, [320, 240 + (500 * 0.7) / 13], [320 + (500 * 2) / 15, 240 + (500 * 0.7) / 15]);
    const c = boxOf(h, id);
    expect(yawOf(c.rotation)).toBeCloseTo(Math.PI / 2, 9);
    expectVec(c.center, START.center);
    expect(c.size).toEqual(START.size);
    expect(h.editor.undoLabel).toBe('rotate cuboid');
  });

  it('a small sweep gives the angle the grabbed point turns through', () => {
    const { h, id, rig } = setUp();
    // From (13, 0) to (13, −0.5) at the centre's height, 2 m behind the centre: −x towards −y is a left turn of atan(0.5 / 2).
    drag(h, rig, [320, 240 + (500 * 0.7) / 13], [320 + (500 * 0.5) / 13, 240 + (500 * 0.7) / 13]);
    expect(yawOf(boxOf(h, id).rotation)).toBeCloseTo(Math.atan2(0.5, 2), 9);
  });
});
