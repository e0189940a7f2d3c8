import type { ToolContext } from './context';
import { movedBeyondSlop, type ToolPointerEvent } from './events';
import { StateNode } from './stateNode';
import type { ToolDefinition } from './toolManager';

/**
 * Select: a click on a box selects it, a click on empty space clears the selection; a drag is the
 * view orbiting and selects nothing.
 */
class SelectTool extends StateNode {
  constructor(ctx: ToolContext) {
    super('select', ctx);
    this.setChildren([new Idle(ctx, this), new Pointing(ctx, this)]);
  }
}

class Idle extends StateNode {
  constructor(ctx: ToolContext, parent: StateNode) {
    super('idle', ctx, parent);
  }

  override onPointerDown(e: ToolPointerEvent): void {
    if (e.button === 0) this.goTo('pointing', e);
  }
}

class Pointing extends StateNode {
  private start: readonly [number, number] = [0, 0];

  constructor(ctx: ToolContext, parent: StateNode) {
    super('pointing', ctx, parent);
  }

  override onEnter(info: unknown): void {
    this.start = (info as ToolPointerEvent).screen;
  }

  override onPointerMove(e: ToolPointerEvent): void {
    if (movedBeyondSlop(this.start, e.screen)) this.goTo('idle');
  }

  override onPointerUp(e: ToolPointerEvent): void {
    this.goTo('idle');
    if (e.button !== 0 || movedBeyondSlop(this.start, e.screen)) return;
    this.ctx.select(e.hit.objectId);
  }

  override onCancel(): void {
    this.goTo('idle');
  }
}

export const selectTool: ToolDefinition = { id: 'select', create: (ctx) => new SelectTool(ctx) };
