import { describe, expect, it } from 'vitest';
import type { Vec3 } from '../../geometry/vec3';
import { createTestEditor } from '../testEditor';
import type { ToolContext } from './context';
import { NO_MODIFIERS, type ToolPointerEvent } from './events';
import { attachSegmentation, segmentTool, type SegmentGesture, type SegmentMode } from './segmentTool';
import { ToolManager } from './toolManager';

function setup(mode: SegmentMode) {
  const { editor } = createTestEditor();
  const said: (string | null)[] = [];
  const ctx: ToolContext = {
    editor,
    frame: () => ({ frameId: 'f', sensorId: 'lidar', points: new Float32Array(8), stride: 4 }),
    activeClass: () => null,
    selectedId: () => null,
    select: () => undefined,
    say: (m) => void said.push(m),
    setTool: () => undefined,
  };
  const applied: SegmentGesture[] = [];
  const previews: (SegmentGesture | null)[] = [];
  const current = { mode };
  attachSegmentation(editor, { mode: () => current.mode, preview: (g) => void previews.push(g), apply: (g) => void applied.push(g) });
  const tools = new ToolManager(ctx, [segmentTool], 'segment');
  return { tools, applied, previews, said, current };
}

const at = (x: number, y: number, point: Vec3 | null = null, button = 0): ToolPointerEvent => ({
  viewId: '3d',
  ray: { origin: [0, 0, 10], direction: [0, 0, -1] },
  screen: [x, y],
  hit: { objectId: null, point, ground: point ? null : [x, y, 0] },
  button,
  modifiers: NO_MODIFIERS,
});

describe('the segment tool', () => {
  it('lasso: a drag is one outline in view pixels, shown as it grows and applied once on release', () => {
    const { tools, applied, previews } = setup('lasso');
    tools.pointerDown(at(10, 10));
    tools.pointerMove(at(11, 10)); // under the lasso's step: dropped
    tools.pointerMove(at(50, 10));
    tools.pointerMove(at(50, 60));
    expect(tools.busy).toBe(true);
    tools.pointerUp(at(50, 60));
    expect(applied).toEqual([{ kind: 'outline', viewId: '3d', screen: [[10, 10], [50, 10], [50, 60]], closed: true }]);
    expect(previews.at(-1)).toBeNull();
    expect(tools.busy).toBe(false);
  });

  it('polygon: clicks place vertices; a click on the first closes it; Escape drops it', () => {
    const { tools, applied } = setup('polygon');
    tools.pointerDown(at(0, 0));
    tools.pointerUp(at(0, 0));
    tools.pointerDown(at(100, 0));
    tools.pointerDown(at(100, 100));
    tools.cancel();
    expect(applied).toEqual([]);
    tools.pointerDown(at(0, 0));
    tools.pointerDown(at(100, 0));
    tools.pointerDown(at(100, 100));
    tools.pointerDown(at(4, 3)); // within CLOSE_POLYGON_PX of the first vertex
    expect(applied).toEqual([{ kind: 'outline', viewId: '3d', screen: [[0, 0], [100, 0], [100, 100]], closed: true }]);
  });

  it('brush: the centres along a drag (points, else the ground) are one stroke', () => {
    const { tools, applied } = setup('brush');
    tools.pointerDown(at(1, 1, [5, 0, -1]));
    tools.pointerMove(at(2, 1));
    tools.pointerUp(at(3, 1, [6, 0, -1]));
    expect(applied).toEqual([{ kind: 'brush', centres: [[5, 0, -1], [2, 1, 0], [6, 0, -1]] }]);
  });

  it('grow: a click on a point grows from it; a drag (the view orbiting) or a click on nothing does not', () => {
    const { tools, applied, said } = setup('grow');
    tools.pointerDown(at(10, 10, [3, 4, 0]));
    tools.pointerMove(at(40, 10, [3, 4, 0]));
    tools.pointerUp(at(40, 10, [3, 4, 0]));
    tools.pointerDown(at(10, 10));
    tools.pointerUp(at(10, 10));
    expect(said.at(-1)).toMatch(/No LiDAR point under the cursor/);
    tools.pointerDown(at(10, 10, [3, 4, 0]));
    tools.pointerUp(at(11, 10, [3, 4, 0]));
    expect(applied).toEqual([{ kind: 'grow', at: [3, 4, 0] }]);
  });

  it('without the app\'s segmentation attached, says so and stays idle', () => {
    const { editor } = createTestEditor();
    const said: (string | null)[] = [];
    const ctx: ToolContext = { editor, frame: () => null, activeClass: () => null, selectedId: () => null, select: () => undefined, say: (m) => void said.push(m), setTool: () => undefined };
    const tools = new ToolManager(ctx, [segmentTool], 'segment');
    tools.pointerDown(at(0, 0));
    expect(tools.busy).toBe(false);
    expect(said).toContain('Segmentation is not available in this view.');
  });
});
