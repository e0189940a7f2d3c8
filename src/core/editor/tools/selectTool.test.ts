import { describe, expect, it } from 'vitest';
import { testCuboid } from '../testEditor';
import { interpolatedBoxId } from './frameBoxes';
import { createToolHarness } from './testing/toolHarness';

function withTwoBoxes() {
  const h = createToolHarness({ tool: 'select' });
  const a = h.editor.createCuboid({ frameId: 'frame-0', classId: 'car', cuboid: testCuboid(10, 0) });
  const b = h.editor.createCuboid({ frameId: 'frame-0', classId: 'car', cuboid: testCuboid(20, 5) });
  return { h, a: a.objectId, b: b.objectId };
}

describe('select tool', () => {
  it('selects the box clicked and clears the selection on a click in empty space', () => {
    const { h, a, b } = withTwoBoxes();
    h.click({ x: 10, y: 0.5 });
    expect(h.selected).toBe(a);
    h.click({ x: 20, y: 5 });
    expect(h.selected).toBe(b);
    h.click({ x: 0, y: -8 });
    expect(h.selected).toBeNull();
    expect(h.tools.path).toBe('select.idle');
  });

  it('selects a box interpolated between two keyframes by its track’s id', () => {
    const h = createToolHarness({ tool: 'select', editor: { frameOrder: ['frame-before', 'frame-0', 'frame-after'] } });
    const a = h.editor.createCuboid({ frameId: 'frame-before', classId: 'car', cuboid: testCuboid(8, 0) });
    h.editor.createCuboid({ frameId: 'frame-after', classId: 'car', cuboid: testCuboid(12, 0), trackId: a.trackId });
    h.click({ x: 10, y: 0.5 });
    expect(h.selected).toBe(interpolatedBoxId(a.trackId));
  });

  it('takes a drag for the view orbiting: the selection stays as it was', () => {
    const { h, a } = withTwoBoxes();
    h.click({ x: 10, y: 0 });
    h.drag({ x: 0, y: -8 }, { x: 3, y: -8 });
    expect(h.selected).toBe(a);
  });

  it('ignores buttons other than the primary, and Escape mid-press selects nothing', () => {
    const { h, a } = withTwoBoxes();
    h.click({ x: 10, y: 0, button: 2 });
    expect(h.selected).toBeNull();
    h.down({ x: 10, y: 0 });
    expect(h.tools.busy).toBe(true);
    h.escape();
    h.up({ x: 10, y: 0 });
    expect(h.selected).toBeNull();
    h.click({ x: 10, y: 0 });
    expect(h.selected).toBe(a);
    // Selecting changes no record: nothing to undo or save.
    expect(h.operations).toHaveLength(2);
  });

  it('picks the box the overlay-free hit names, whatever is drawn over it', () => {
    const { h, b } = withTwoBoxes();
    // The view's picking reports the box under a relation arrow's label; the tool takes it as it is.
    h.click({ x: 0, y: -8, hit: { objectId: b } });
    expect(h.selected).toBe(b);
  });
});

function centreX(h: ReturnType<typeof withTwoBoxes>['h'], id: string): number {
  const r = h.editor.get(id);
  return r && 'cuboid' in r ? r.cuboid.center[0] : NaN;
}

describe('select tool: a drag of the gizmo handles', () => {
  const moveTo = (h: ReturnType<typeof withTwoBoxes>['h'], id: string, x: number) =>
    h.editor.updateCuboid(id, { cuboid: { center: [x, 0, 0.8] } }, 'move cuboid');

  it('is one undo step and one saved operation, and the press on a handle is no click', () => {
    const { h, a } = withTwoBoxes();
    h.click({ x: 10, y: 0 });
    const before = h.operations.length;
    // The view's picking and the gizmo both hear the press; the gizmo's handle sits off the box.
    h.down({ x: 10, y: 3 });
    expect(h.tools.beginHandleDrag('move cuboid')).toBe(true);
    expect(h.tools.path).toBe('select.transforming');
    for (const x of [10.5, 11, 12]) moveTo(h, a, x);
    h.up({ x: 10, y: 3 });
    expect(h.tools.endHandleDrag()).toBe(true);
    expect(h.selected).toBe(a);
    expect(h.operations).toHaveLength(before + 1);
    expect(h.operations.at(-1)!.label).toBe('move cuboid');
    h.editor.undo();
    expect(centreX(h, a)).toBe(10);
  });

  it('Escape mid-drag puts the box back through cancelGesture; the late release keeps nothing', () => {
    const { h, a } = withTwoBoxes();
    h.click({ x: 10, y: 0 });
    const before = h.operations.length;
    h.tools.beginHandleDrag('move cuboid');
    moveTo(h, a, 14);
    h.escape();
    expect(centreX(h, a)).toBe(10);
    expect(h.tools.handleDragging).toBe(false);
    expect(h.tools.endHandleDrag()).toBe(false);
    expect(h.operations).toHaveLength(before);
    expect(h.editor.canUndo).toBe(true); // the two creations, nothing more
    h.editor.undo();
    expect(h.editor.all()).toHaveLength(1);
  });

  it('a tool without handles does not take the drag', () => {
    const { h } = withTwoBoxes();
    h.tools.setCurrent('draw');
    expect(h.tools.beginHandleDrag('move cuboid')).toBe(false);
    expect(h.tools.path).toBe('draw.idle');
  });
});
