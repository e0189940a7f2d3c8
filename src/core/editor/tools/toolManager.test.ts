import { describe, expect, it } from 'vitest';
import { StateNode } from './stateNode';
import { createToolHarness } from './testing/toolHarness';
import { defineTool } from './toolManager';
import { TOOLS } from './index';

describe('ToolManager', () => {
  it('holds the registered tools and switches between them, refusing names it does not know', () => {
    const h = createToolHarness();
    expect(h.tools.toolIds).toEqual(TOOLS.map((t) => t.id));
    expect(h.tools.currentId).toBe('select');
    h.tools.setCurrent('fit');
    expect(h.tools.path).toBe('fit.idle');
    expect(() => h.tools.setCurrent('lasso')).toThrow(/no tool lasso/);
    expect(h.tools.currentId).toBe('fit');
  });

  it('refuses a tool that does not start at rest, in a state named idle', () => {
    class Waiting extends StateNode {
      readonly id = 'waiting';
    }
    expect(() => createToolHarness({ tools: [...TOOLS, defineTool('lasso', [Waiting])] })).toThrow(/lasso must start in a state named idle/);
  });

  it('tells subscribers when what a view shows of the tools changed, and only then', () => {
    const h = createToolHarness({ tool: 'draw' });
    let calls = 0;
    h.tools.subscribe(() => calls++);
    const idle = h.tools.snapshot();
    h.move({ x: 1, y: 1 });
    expect(calls).toBe(0);
    expect(h.tools.snapshot()).toBe(idle);
    h.down({ x: 0, y: 0 });
    expect(calls).toBe(1);
    h.move({ x: 2, y: 1 });
    h.move({ x: 3, y: 1 });
    expect(calls).toBe(3);
    expect(h.tools.snapshot().overlay).toMatchObject({ kind: 'footprint', to: [3, 1, 0] });
  });

  it('cancel says whether a gesture was under way', () => {
    const h = createToolHarness({ tool: 'draw' });
    expect(h.tools.cancel()).toBe(false);
    h.down({ x: 0, y: 0 });
    expect(h.tools.busy).toBe(true);
    expect(h.tools.cancel()).toBe(true);
    expect(h.tools.busy).toBe(false);
  });

  it('other keys reach the tool without cancelling', () => {
    const h = createToolHarness({ tool: 'draw' });
    h.down({ x: 0, y: 0 });
    h.move({ x: 3, y: 2 });
    h.tools.keyDown({ key: 'Shift', modifiers: { shift: true, ctrl: false, alt: false, meta: false } });
    expect(h.tools.path).toBe('draw.dragging');
    h.up({ x: 3, y: 2 });
    expect(h.editor.all()).toHaveLength(1);
  });
});

describe('ToolManager messages', () => {
  it('a new press clears what a tool last said, and only when it had said something', () => {
    const h = createToolHarness({ tool: 'fit' });
    h.click({ x: 0, y: 0 });
    expect(h.lastMessage).toMatch(/No LiDAR point/);
    h.down({ x: 0, y: 0 });
    expect(h.messages.at(-1)).toBeNull();
    h.up({ x: 0, y: 0 });
    expect(h.lastMessage).toMatch(/No LiDAR point/);
    h.tools.setCurrent('select');
    h.click({ x: 0, y: 0 });
    expect(h.messages.at(-1)).toBeNull();
    const said = h.messages.length;
    // Nothing was said since: nothing to clear, the notice line is left to whoever owns it now.
    h.click({ x: 1, y: 0 });
    expect(h.messages.length).toBe(said);
  });
});
