import type { ToolContext } from './context';
import { movedBeyondSlop, type ToolPointerEvent } from './events';
import { StateNode } from './stateNode';
import { HANDLE_DRAG_STATE, type ToolDefinition } from './toolManager';

/**
 * Select: a click on a box selects it, a click on empty space clears the selection; a drag is the
 * view orbiting and selects nothing. A drag of the selected box's handles (move, yaw, size) is
 * one editor gesture, held in the transforming state until the handles let go or Escape.
 */
class SelectTool extends StateNode {
  constructor(ctx: ToolContext) {
    super('select', ctx);
    this.setChildren([new Idle(ctx, this), new Pointing(ctx, this), new Transforming(ctx, this)]);
  }
}

class Idle extends StateNode {
  constructor(ctx: ToolContext, parent: StateNode) {
    super('idle', ctx, parent);
  }

  override onPointerDown(e: ToolPointerEvent): void {
    if (e.button === 0) this.goTo('pointing', e);
  }

  override onHandleDragStart(label: string): void {
    this.goTo(HANDLE_DRAG_STATE, label);
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

  // The press landed on a handle: it starts a drag of the box, not a click.
  override onHandleDragStart(label: string): void {
    this.goTo(HANDLE_DRAG_STATE, label);
  }

  override onCancel(): void {
    this.goTo('idle');
  }
}

class Transforming extends StateNode {
  private open = false;

  constructor(ctx: ToolContext, parent: StateNode) {
    super(HANDLE_DRAG_STATE, ctx, parent);
  }

  override onEnter(info: unknown): void {
    this.ctx.editor.beginGesture(info as string);
    this.open = true;
  }

  override onExit(): void {
    if (this.open) this.ctx.editor.cancelGesture();
    this.open = false;
  }

  override onHandleDragEnd(): void {
    this.ctx.editor.endGesture();
    this.open = false;
    this.goTo('idle');
  }

  override onCancel(): void {
    this.goTo('idle');
  }
}

export const selectTool: ToolDefinition = { id: 'select', create: (ctx) => new SelectTool(ctx) };
