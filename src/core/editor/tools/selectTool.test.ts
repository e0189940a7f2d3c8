import { describe, expect, it } from 'vitest';
import { testCuboid } from '../testEditor';
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
