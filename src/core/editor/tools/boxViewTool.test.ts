import { describe, expect, it } from 'vitest';
import { validateCuboid, type Cuboid } from '../../geometry/cuboid';
import { quatFromYaw, rotateVec3, yawOf } from '../../geometry/quaternion';
import { add, type Vec3 } from '../../geometry/vec3';
import { NUDGE_COARSE_M, NUDGE_FINE_DEG, NUDGE_FINE_M } from '../boxViews/nudge';
import { ROTATE_KNOB_OFFSET_PX } from '../boxViews/handles';
import type { BoxView } from '../boxViews/viewFrames';
import { boxViewTool, BOX_VIEW_TOOL_ID } from './boxViewTool';
import { NO_MODIFIERS, type Modifiers } from './events';
import { interpolatedBoxId } from './frameBoxes';
import { boxViewEvent, TEST_ZOOM } from './testing/boxViewEvents';
import { createToolHarness, type ToolHarness, type ToolHarnessOptions } from './testing/toolHarness';

const YAW = Math.PI / 6;
// As the editor stores it: the quaternion normalised, so an untouched box compares equal.
const START: Cuboid = validateCuboid({ frame: 'lidar', center: [10, 5, 0.8], size: [4.5, 1.9, 1.6], rotation: quatFromYaw(YAW) });

function setUp(editor?: ToolHarnessOptions['editor']) {
  const h = createToolHarness({ tools: [boxViewTool(() => TEST_ZOOM)], tool: BOX_VIEW_TOOL_ID, editor });
  const id = h.editor.createCuboid({ frameId: 'frame-0', classId: 'car', cuboid: START }).objectId;
  h.selected = id;
  return { h, id };
}

function boxOf(h: ToolHarness, id: string): Cuboid {
  const r = h.editor.get(id);
  if (r?.kind !== 'cuboid') throw new Error(`no cuboid ${id}`);
  return r.cuboid;
}

/** The centre of a face, given as a box-local direction (±1 on one axis). */
function faceCentre(c: Cuboid, dir: Vec3): Vec3 {
  return add(c.center, rotateVec3(c.rotation, [(dir[0] * c.size[0]) / 2, (dir[1] * c.size[1]) / 2, (dir[2] * c.size[2]) / 2]));
}

/** Press at `from`, move in steps to `to` and release, in view coordinates of the box the drag starts on. */
function dragIn(h: ToolHarness, view: BoxView, from: readonly [number, number], to: readonly [number, number], frameBox: Cuboid = START, modifiers?: Partial<Modifiers>) {
  h.tools.pointerDown(boxViewEvent(frameBox, view, from[0], from[1], { modifiers }));
  for (let i = 1; i <= 6; i++) {
    const t = i / 6;
    h.tools.pointerMove(boxViewEvent(frameBox, view, from[0] + (to[0] - from[0]) * t, from[1] + (to[1] - from[1]) * t, { modifiers }));
  }
  h.tools.pointerUp(boxViewEvent(frameBox, view, to[0], to[1], { modifiers }));
}

const key = (h: ToolHarness, k: string, modifiers: Partial<Modifiers> = {}) => h.tools.keyDown({ key: k, modifiers: { ...NO_MODIFIERS, ...modifiers } });

const expectVec = (a: Vec3, b: Vec3, digits = 9) => a.forEach((x, i) => expect(x).toBeCloseTo(b[i], digits));

describe('box view tool: faces and edges', () => {
  it('drags the front face in the side view with the rear face fixed: length and centre change, one undo step', () => {
    const { h, id } = setUp();
    const before = h.operations.length;
    dragIn(h, 'side', [2.25, 0.1], [3.05, -0.3]);
    const c = boxOf(h, id);
    expect(c.size[0]).toBeCloseTo(4.5 + 0.8, 9);
    expect(c.size[1]).toBe(1.9);
    expect(c.size[2]).toBe(1.6);
    expectVec(faceCentre(c, [-1, 0, 0]), faceCentre(START, [-1, 0, 0]));
    expectVec(faceCentre(c, [1, 0, 0]), add(faceCentre(START, [1, 0, 0]), rotateVec3(START.rotation, [0.8, 0, 0])));
    expect(h.operations).toHaveLength(before + 1);
    expect(h.operations.at(-1)!.label).toBe('resize cuboid (face)');
    expect(h.tools.path).toBe('boxView.idle');
    h.editor.undo();
    expect(boxOf(h, id)).toEqual(START);
  });

  it('drags the rear face in the top view and the bottom face in the front view, each with its opposite fixed', () => {
    const { h, id } = setUp();
    dragIn(h, 'top', [-2.25, 0.3], [-1.25, 0.3]);
    let c = boxOf(h, id);
    expect(c.size[0]).toBeCloseTo(3.5, 9);
    expectVec(faceCentre(c, [1, 0, 0]), faceCentre(START, [1, 0, 0]));
    const afterTop = c;
    dragIn(h, 'front', [0.2, -0.8], [0.2, -1.3], afterTop);
    c = boxOf(h, id);
    expect(c.size[2]).toBeCloseTo(2.1, 9);
    expectVec(faceCentre(c, [0, 0, 1]), faceCentre(afterTop, [0, 0, 1]));
  });

  it('drags an edge (a corner of the view) on two axes at once, the opposite edge fixed', () => {
    const { h, id } = setUp();
    // The side view's top-front corner is the box's upper front edge.
    dragIn(h, 'side', [2.25, 0.8], [2.75, 1.2]);
    const c = boxOf(h, id);
    expect(c.size[0]).toBeCloseTo(5, 9);
    expect(c.size[2]).toBeCloseTo(2, 9);
    expectVec(faceCentre(c, [-1, 0, -1]), faceCentre(START, [-1, 0, -1]));
    expect(h.operations.at(-1)!.label).toBe('resize cuboid (edge)');
  });

  it('stops a face dragged past its opposite at the smallest edge, the opposite face still fixed', () => {
    const { h, id } = setUp();
    // The front view's right face is the box's left side (+y); drag it well past the right side.
    dragIn(h, 'front', [0.95, 0], [-3, 0]);
    const c = boxOf(h, id);
    expect(c.size[1]).toBeCloseTo(0.01, 9);
    expectVec(faceCentre(c, [0, -1, 0]), faceCentre(START, [0, -1, 0]));
  });

  it('moves the box with a drag inside it, and a press that stays within the slop edits nothing', () => {
    const { h, id } = setUp();
    const before = h.operations.length;
    h.tools.pointerDown(boxViewEvent(START, 'side', 0, 0));
    h.tools.pointerMove(boxViewEvent(START, 'side', 2 / TEST_ZOOM, 0));
    h.tools.pointerUp(boxViewEvent(START, 'side', 2 / TEST_ZOOM, 0));
    expect(boxOf(h, id)).toEqual(START);
    expect(h.operations).toHaveLength(before);
    dragIn(h, 'side', [0, 0], [1, 0.5]);
    expectVec(boxOf(h, id).center, add(START.center, rotateVec3(START.rotation, [1, 0, 0.5])));
    expect(boxOf(h, id).size).toEqual(START.size);
  });

  it('takes no press outside the box, with no box selected, or from another view or button', () => {
    const { h, id } = setUp();
    dragIn(h, 'top', [4, 3], [5, 3]);
    h.tools.pointerDown(boxViewEvent(START, 'top', 2.25, 0, { button: 2 }));
    expect(h.tools.busy).toBe(false);
    h.tools.pointerDown({ ...boxViewEvent(START, 'top', 2.25, 0), viewId: '3d' });
    expect(h.tools.busy).toBe(false);
    h.selected = null;
    dragIn(h, 'top', [2.25, 0], [3, 0]);
    expect(h.lastMessage).toBe('Select a box to edit it in the box views.');
    expect(boxOf(h, id)).toEqual(START);
  });

  it('Escape mid-drag puts the box back and keeps no operation; the late release does nothing', () => {
    const { h, id } = setUp();
    const before = h.operations.length;
    h.tools.pointerDown(boxViewEvent(START, 'side', 2.25, 0));
    h.tools.pointerMove(boxViewEvent(START, 'side', 3, 0));
    expect(boxOf(h, id).size[0]).toBeCloseTo(5.25, 9);
    h.escape();
    expect(boxOf(h, id)).toEqual(START);
    expect(h.tools.busy).toBe(false);
    h.tools.pointerMove(boxViewEvent(START, 'side', 4, 0));
    h.tools.pointerUp(boxViewEvent(START, 'side', 4, 0));
    expect(boxOf(h, id)).toEqual(START);
    expect(h.operations).toHaveLength(before);
  });

  it('stores an edit of an interpolated box as a keyframe of its track, one undo step', () => {
    const h = createToolHarness({ tools: [boxViewTool(() => TEST_ZOOM)], tool: BOX_VIEW_TOOL_ID, editor: { frameOrder: ['frame-before', 'frame-0', 'frame-after'] } });
    const a = h.editor.createCuboid({ frameId: 'frame-before', classId: 'car', cuboid: { ...START, center: [8, 5, 0.8] } });
    h.editor.createCuboid({ frameId: 'frame-after', classId: 'car', cuboid: { ...START, center: [12, 5, 0.8] }, trackId: a.trackId });
    h.selected = interpolatedBoxId(a.trackId);
    const before = h.operations.length;
    dragIn(h, 'side', [2.25, 0], [3.25, 0]);
    const keyframe = h.editor.inFrame('frame-0');
    expect(keyframe).toHaveLength(1);
    expect(keyframe[0].trackId).toBe(a.trackId);
    const c = boxOf(h, keyframe[0].objectId);
    expect(c.size[0]).toBeCloseTo(5.5, 9);
    expectVec(faceCentre(c, [-1, 0, 0]), faceCentre(START, [-1, 0, 0]));
    expect(h.operations).toHaveLength(before + 1);
    h.editor.undo();
    expect(h.editor.inFrame('frame-0')).toHaveLength(0);
  });
});

describe('box view tool: rotation', () => {
  it('turns the box about its vertical axis by the angle swept round its centre in the top view, centre and size kept', () => {
    const { h, id } = setUp();
    const knob = 2.25 + ROTATE_KNOB_OFFSET_PX / TEST_ZOOM;
    const to: [number, number] = [knob * Math.cos(Math.PI / 4), knob * Math.sin(Math.PI / 4)];
    dragIn(h, 'top', [knob, 0], to);
    const c = boxOf(h, id);
    expect(yawOf(c.rotation)).toBeCloseTo(YAW + Math.PI / 4, 9);
    expectVec(c.center, START.center);
    expect(c.size).toEqual(START.size);
    expect(h.operations.at(-1)!.label).toBe('rotate cuboid');
  });

  it('has no knob in the side or front views', () => {
    const { h, id } = setUp();
    const knob = 2.25 + ROTATE_KNOB_OFFSET_PX / TEST_ZOOM;
    dragIn(h, 'side', [knob, 0], [knob, 1]);
    expect(boxOf(h, id)).toEqual(START);
  });
});

describe('box view tool: keyboard nudges', () => {
  it('steps the box 10 cm with an arrow and 1 cm with Shift, along the axes of the view the pointer is in, each one undo step', () => {
    const { h, id } = setUp();
    h.tools.pointerMove(boxViewEvent(START, 'side', 5, 5));
    const before = h.operations.length;
    key(h, 'ArrowRight');
    expectVec(boxOf(h, id).center, add(START.center, rotateVec3(START.rotation, [NUDGE_COARSE_M, 0, 0])));
    key(h, 'ArrowUp', { shift: true });
    expectVec(boxOf(h, id).center, add(START.center, rotateVec3(START.rotation, [NUDGE_COARSE_M, 0, NUDGE_FINE_M])));
    h.tools.pointerMove(boxViewEvent(START, 'front', 5, 5));
    key(h, 'ArrowLeft');
    expectVec(boxOf(h, id).center, add(START.center, rotateVec3(START.rotation, [NUDGE_COARSE_M, -NUDGE_COARSE_M, NUDGE_FINE_M])));
    expect(boxOf(h, id).size).toEqual(START.size);
    expect(h.operations).toHaveLength(before + 3);
    h.editor.undo();
    h.editor.undo();
    h.editor.undo();
    expect(boxOf(h, id)).toEqual(START);
  });

  it('turns the box with Q and E in the top view (1°, Shift 0.1°), not in the others; Ctrl chords are left alone', () => {
    const { h, id } = setUp();
    h.tools.pointerMove(boxViewEvent(START, 'top', 5, 5));
    key(h, 'q');
    expect(yawOf(boxOf(h, id).rotation)).toBeCloseTo(YAW + Math.PI / 180, 9);
    key(h, 'E', { shift: true });
    expect(yawOf(boxOf(h, id).rotation)).toBeCloseTo(YAW + Math.PI / 180 - (NUDGE_FINE_DEG * Math.PI) / 180, 9);
    const turned = boxOf(h, id);
    h.tools.pointerMove(boxViewEvent(START, 'side', 5, 5));
    key(h, 'q');
    key(h, 'ArrowRight', { ctrl: true });
    expect(boxOf(h, id)).toEqual(turned);
  });

  it('steps nothing before the pointer has been in a view', () => {
    const { h, id } = setUp();
    key(h, 'ArrowRight');
    expect(boxOf(h, id)).toEqual(START);
  });
});
