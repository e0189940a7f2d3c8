import { describe, expect, it } from 'vitest';
import { createTestEditor } from '../testEditor';
import type { ToolContext } from './context';
import { NO_MODIFIERS, type ToolPointerEvent } from './events';
import { StateNode } from './stateNode';

const log: string[] = [];

const ctx: ToolContext = {
  editor: createTestEditor().editor,
  frame: () => null,
  activeClass: () => null,
  selectedId: () => null,
  select: () => undefined,
  say: () => undefined,
  setTool: () => undefined,
};

class Leaf extends StateNode {
  constructor(
    readonly id: string,
    parent: StateNode,
    private readonly next: string,
  ) {
    super(ctx, parent);
  }
  override onEnter(info: unknown): void {
    log.push(`enter ${this.id} ${String(info)}`);
  }
  override onExit(): void {
    log.push(`exit ${this.id}`);
  }
  override onPointerDown(): void {
    log.push(`down ${this.id}`);
    this.goTo(this.next, 'from-' + this.id);
  }
}

class Root extends StateNode {
  readonly id = 'root';

  constructor() {
    super(ctx);
    this.setChildren([new Leaf('a', this, 'b'), new Leaf('b', this, 'a')]);
  }
  override onPointerDown(): void {
    log.push('down root');
  }
}

const down: ToolPointerEvent = {
  viewId: '3d',
  ray: { origin: [0, 0, 10], direction: [0, 0, -1] },
  screen: [0, 0],
  hit: { objectId: null, point: null, ground: null },
  button: 0,
  modifiers: NO_MODIFIERS,
};

describe('StateNode', () => {
  it('enters its first child, hears events before its child, and hands the event to one child only', () => {
    log.length = 0;
    const root = new Root();
    root.enter('start');
    expect(root.path).toBe('root.a');
    expect(log).toEqual(['enter a start']);
    root.handle({ type: 'pointerDown', event: down });
    // a moved the root to b: b is entered with a's info and does not hear the same press.
    expect(log).toEqual(['enter a start', 'down root', 'down a', 'exit a', 'enter b from-a']);
    expect(root.path).toBe('root.b');
    expect(root.isIn('b')).toBe(true);
    expect(root.isIn('a')).toBe(false);
    expect(root.leaf.id).toBe('b');
  });

  it('leaves the active child before itself, and refuses a child it does not have', () => {
    log.length = 0;
    const root = new Root();
    root.enter();
    root.exit();
    expect(log.at(-1)).toBe('exit a');
    expect(root.current).toBeNull();
    expect(() => root.transition('nowhere')).toThrow(/no child nowhere/);
  });
});
