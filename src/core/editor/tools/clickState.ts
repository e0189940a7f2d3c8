import { movedBeyondSlop, type ToolPointerEvent } from './events';
import { StateNode } from './stateNode';

/**
 * A press that may become a click: entered with the press's screen position, back to idle on
 * release, and `onClick` when the pointer came up with the primary button within the click slop.
 * Moving past the slop is the view orbiting, not a click.
 */
export abstract class ClickState extends StateNode {
  readonly id = 'pointing';
  private start: readonly [number, number] = [0, 0];

  protected abstract onClick(e: ToolPointerEvent): void;

  override onEnter(info: unknown): void {
    this.start = info as readonly [number, number];
  }

  override onPointerMove(e: ToolPointerEvent): void {
    if (movedBeyondSlop(this.start, e.screen)) this.goTo('idle');
  }

  override onPointerUp(e: ToolPointerEvent): void {
    this.goTo('idle');
    if (e.button === 0 && !movedBeyondSlop(this.start, e.screen)) this.onClick(e);
  }

  override onCancel(): void {
    this.goTo('idle');
  }
}
