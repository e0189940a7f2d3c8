import type { Cuboid } from '../../geometry/cuboid';
import { editFrameBox } from './editFrameBox';
import { movedBeyondSlop, type ToolPointerEvent } from './events';
import { StateNode } from './stateNode';

/** What a press on a box's handle took hold of: the box on its frame, and where the press began on screen. */
export interface BoxGrab {
  readonly id: string;
  readonly frameId: string;
  readonly screen: readonly [number, number];
}

/**
 * The dragging state of a tool that edits one box by a handle (the box views, the camera panels):
 * a press that stays within the slop is a click, not an edit; the first move beyond it begins one
 * gesture, so the whole drag is one undo step; Escape, or the tool put away mid-drag, cancels the
 * gesture and the box goes back to where the drag found it. A subclass says where the pointer
 * takes the box.
 */
export abstract class BoxDragState<G extends BoxGrab> extends StateNode {
  readonly id = 'dragging';
  private grab: G | null = null;
  private inGesture = false;

  /** The box as this pointer position makes it, or null to leave it where it is (the subclass says why). */
  protected abstract dragTo(grab: G, e: ToolPointerEvent): Cuboid | null;
  /** The undo step's name. */
  protected abstract label(grab: G): string;

  override onEnter(info: unknown): void {
    this.grab = info as G;
    this.inGesture = false;
  }

  override onExit(): void {
    if (this.inGesture) this.ctx.editor.cancelGesture();
    this.inGesture = false;
    this.grab = null;
  }

  override onPointerMove(e: ToolPointerEvent): void {
    const g = this.grab;
    if (!g) return;
    if (!this.inGesture && !movedBeyondSlop(g.screen, e.screen)) return;
    const cuboid = this.dragTo(g, e);
    if (!cuboid) return;
    if (!this.inGesture) {
      this.ctx.editor.beginGesture(this.label(g));
      this.inGesture = true;
    }
    editFrameBox(this.ctx.editor, g.id, g.frameId, { cuboid: { center: cuboid.center, size: cuboid.size, rotation: cuboid.rotation } }, this.label(g));
  }

  override onPointerUp(): void {
    if (this.inGesture) this.ctx.editor.endGesture();
    this.inGesture = false;
    this.goTo('idle');
  }

  override onCancel(): void {
    this.goTo('idle');
  }
}
