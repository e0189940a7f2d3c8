import { movedBeyondSlop, type ToolPointerEvent } from './events';
import { StateNode } from './stateNode';
import { defineTool, HANDLE_DRAG_STATE, type ToolDefinition } from './toolManager';

class Idle extends StateNode {
  readonly id = 'idle';

  override onPointerDown(e: ToolPointerEvent): void {
    if (e.button === 0) this.goTo('pointing', e);
  }

  override onHandleDragStart(label: string): void {
    this.goTo(HANDLE_DRAG_STATE, label);
  }
}

class Pointing extends StateNode {
  private start: readonly [number, number] = [0, 0];

  readonly id = 'pointing';

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

  readonly id = HANDLE_DRAG_STATE;

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

/**
 * Select: a click on a box selects it, a click on empty space clears the selection; a drag is the
 * view orbiting and selects nothing. A drag of the selected box's handles (move, yaw, size) is
 * one editor gesture, held in the transforming state until the handles let go or Escape.
 */
export const selectTool: ToolDefinition = defineTool('select', [Idle, Pointing, Transforming]);
