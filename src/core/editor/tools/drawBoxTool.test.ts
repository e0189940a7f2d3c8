import { describe, expect, it } from 'vitest';
import { yawOf } from '../../geometry/quaternion';
import { MIN_FOOTPRINT_M } from './drawBoxTool';
import { createToolHarness } from './testing/toolHarness';

const cuboidOf = (r: unknown) => (r as { cuboid: { center: number[]; size: number[]; rotation: [number, number, number, number]; frame: string } }).cuboid;

describe('draw box tool', () => {
  it('drags a footprint into a box of the class height standing on the ground: one record, one operation, one undo', () => {
    const h = createToolHarness({ tool: 'draw', groundZ: -1.7 });
    h.drag({ x: 10, y: 1 }, { x: 14, y: -1 });
    const records = h.editor.all();
    expect(records).toHaveLength(1);
    const c = cuboidOf(records[0]);
    expect(c.frame).toBe('lidar');
    expect(c.center[0]).toBeCloseTo(12);
    expect(c.center[1]).toBeCloseTo(0);
    expect(c.center[2]).toBeCloseTo(-1.7 + 0.8);
    expect(c.size[0]).toBeCloseTo(4);
    expect(c.size[1]).toBeCloseTo(2);
    expect(c.size[2]).toBeCloseTo(1.6);
    expect(yawOf(c.rotation)).toBeCloseTo(0);
    expect(records[0].frameId).toBe('frame-0');
    expect(records[0].classId).toBe('car');
    // The growing box was one gesture: one saved operation creating it, and the tool hands back to select.
    expect(h.operations).toHaveLength(1);
    expect(h.operations[0].changes).toHaveLength(1);
    expect(h.operations[0].changes[0].before).toBeNull();
    expect(h.selected).toBe(records[0].objectId);
    expect(h.tools.currentId).toBe('select');
    expect(h.editor.undo()).toBe(true);
    expect(h.editor.all()).toHaveLength(0);
    expect(h.editor.redo()).toBe(true);
    expect(h.editor.all()).toHaveLength(1);
  });

  it('shows the box and the footprint while dragging, from the tool state', () => {
    const h = createToolHarness({ tool: 'draw' });
    h.down({ x: 0, y: 0 });
    expect(h.tools.path).toBe('draw.pointing');
    h.move({ x: 3, y: 2 });
    expect(h.tools.path).toBe('draw.dragging');
    expect(h.tools.snapshot().overlay).toEqual({ kind: 'footprint', from: [0, 0, 0], to: [3, 2, 0] });
    expect(h.editor.all()).toHaveLength(1);
    // Nothing is saved until release.
    expect(h.operations).toHaveLength(0);
    h.up({ x: 3, y: 2 });
    expect(h.tools.snapshot().overlay).toBeNull();
    expect(h.operations).toHaveLength(1);
  });

  it('Escape mid-drag takes the box back out through cancelGesture and leaves nothing to undo', () => {
    const h = createToolHarness({ tool: 'draw' });
    h.down({ x: 0, y: 0 });
    h.move({ x: 4, y: 2 });
    expect(h.editor.all()).toHaveLength(1);
    h.escape();
    expect(h.editor.all()).toHaveLength(0);
    expect(h.tools.path).toBe('draw.idle');
    h.up({ x: 4, y: 2 });
    expect(h.editor.all()).toHaveLength(0);
    expect(h.operations).toHaveLength(0);
    expect(h.editor.canUndo).toBe(false);
    expect(h.tools.snapshot().overlay).toBeNull();
  });

  it('a drag smaller than the minimum footprint makes nothing and says why', () => {
    const h = createToolHarness({ tool: 'draw' });
    const small = MIN_FOOTPRINT_M * 0.8;
    h.drag({ x: 0, y: 0 }, { x: small, y: small });
    expect(h.editor.all()).toHaveLength(0);
    expect(h.operations).toHaveLength(0);
    expect(h.lastMessage).toMatch(/Too small/);
    // Grown past the minimum and dragged back under it: still nothing.
    h.down({ x: 0, y: 0 });
    h.move({ x: 3, y: 3 });
    h.move({ x: small, y: 0 });
    h.up({ x: small, y: 0 });
    expect(h.editor.all()).toHaveLength(0);
    expect(h.operations).toHaveLength(0);
    // A click is no drag at all.
    h.click({ x: 5, y: 5 });
    expect(h.editor.all()).toHaveLength(0);
    expect(h.lastMessage).toMatch(/Drag a footprint/);
    expect(h.tools.currentId).toBe('draw');
  });

  it('a thin footprint gets the minimum width', () => {
    const h = createToolHarness({ tool: 'draw' });
    h.drag({ x: 0, y: 0 }, { x: 5, y: 0 });
    expect(cuboidOf(h.editor.all()[0]).size[1]).toBeCloseTo(MIN_FOOTPRINT_M);
  });

  it('refuses, saying why, with no frame, no class, or a press on the sky', () => {
    const h = createToolHarness({ tool: 'draw', frame: null });
    h.drag({ x: 0, y: 0 }, { x: 4, y: 2 });
    expect(h.lastMessage).toMatch(/No scan/);
    h.frame = { frameId: 'f', sensorId: 'lidar', points: new Float32Array(0), stride: 4 };
    h.activeClass = null;
    h.drag({ x: 0, y: 0 }, { x: 4, y: 2 });
    expect(h.lastMessage).toMatch(/Choose a class/);
    h.activeClass = { classId: 'car', defaultSize: [4.5, 1.9, 1.6] };
    h.drag({ x: 0, y: 0, hit: { ground: null } }, { x: 4, y: 2 });
    expect(h.lastMessage).toMatch(/Press on the ground/);
    expect(h.editor.all()).toHaveLength(0);
  });

  it('put away mid-drag (another tool chosen), it keeps nothing', () => {
    const h = createToolHarness({ tool: 'draw' });
    h.down({ x: 0, y: 0 });
    h.move({ x: 4, y: 2 });
    h.tools.setCurrent('select');
    expect(h.editor.all()).toHaveLength(0);
    expect(h.operations).toHaveLength(0);
    h.up({ x: 4, y: 2 });
    expect(h.editor.all()).toHaveLength(0);
  });
});
