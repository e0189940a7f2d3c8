import type { ToolOverlay } from './context';
import { movedBeyondSlop, type ToolPointerEvent } from './events';
import { StateNode } from './stateNode';
import { defineTool, type ToolDefinition } from './toolManager';

export const PIN_TOOL_ID = 'pin';

type Pin = Extract<ToolOverlay, { kind: 'pin' }>;

/** Where a press began, and the pin it would keep if the press turns out to be an orbit. */
interface Press {
  readonly start: readonly [number, number];
  readonly previous: Pin | null;
}

class Idle extends StateNode {
  readonly id = 'idle';

  override onPointerDown(e: ToolPointerEvent): void {
    if (e.button === 0) this.goTo('pointing', { start: e.screen, previous: null } satisfies Press);
  }
}

class Pointing extends StateNode {
  private press: Press = { start: [0, 0], previous: null };

  readonly id = 'pointing';

  override onEnter(info: unknown): void {
    this.press = info as Press;
  }

  // Moving past the slop is the view orbiting, not a click: the pin placed before stays.
  override onPointerMove(e: ToolPointerEvent): void {
    if (movedBeyondSlop(this.press.start, e.screen)) this.back();
  }

  override onPointerUp(e: ToolPointerEvent): void {
    if (e.button !== 0 || movedBeyondSlop(this.press.start, e.screen)) return this.back();
    const frame = this.ctx.frame();
    if (!frame) {
      this.back();
      return this.ctx.say('No scan on screen to pin a comment to.');
    }
    const point = e.hit.point;
    if (!point) {
      this.back();
      return this.ctx.say('No LiDAR point under the cursor: click on a point of the scan.');
    }
    this.ctx.say(null);
    this.goTo('placed', { kind: 'pin', frameId: frame.frameId, point: [point[0], point[1], point[2]], space: frame.sensorId } satisfies Pin);
  }

  override onCancel(): void {
    this.goTo('idle');
  }

  private back(): void {
    const { previous } = this.press;
    if (previous) this.goTo('placed', previous);
    else this.goTo('idle');
  }
}

/** A point is picked: the review panel writes the comment for it; another click moves it. */
class Placed extends StateNode {
  private pin: Pin | null = null;

  readonly id = 'placed';

  override onEnter(info: unknown): void {
    this.pin = info as Pin;
  }

  override onExit(): void {
    this.pin = null;
  }

  override onPointerDown(e: ToolPointerEvent): void {
    if (e.button === 0) this.goTo('pointing', { start: e.screen, previous: this.pin } satisfies Press);
  }

  override onCancel(): void {
    this.goTo('idle');
  }

  // The same object for as long as the pin stands, so views redraw only when it moves.
  override overlay(): ToolOverlay | null {
    return this.pin;
  }
}

/**
 * Comment at a point: a click on a LiDAR point of the frame on screen places a pin there (its
 * overlay names the frame, the point and the sensor frame it is in), for the review panel to
 * write a comment pinned to it. A drag orbits; a click off the scan says why nothing was pinned;
 * Escape drops the pin. The tool writes nothing to the editor: comments are review records.
 */
export const pinPointTool: ToolDefinition = defineTool(PIN_TOOL_ID, [Idle, Pointing, Placed]);
