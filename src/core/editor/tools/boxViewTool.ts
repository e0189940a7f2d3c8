import type { Cuboid } from '../../geometry/cuboid';
import { nudgeSelected, selectedFrameBox } from '../boxViews/boxActions';
import { handleLabel, hitHandle, type BoxHandle } from '../boxViews/handles';
import { nudgeForKey } from '../boxViews/nudge';
import { dragHandle, rotateAbout, sweptAngle } from '../boxViews/viewEdits';
import { boxViewOf, toView, type BoxView } from '../boxViews/viewFrames';
import { BoxDragState } from './boxDragState';
import { type ToolKeyEvent, type ToolPointerEvent } from './events';
import { StateNode } from './stateNode';
import { defineTool, type StateClass, type ToolDefinition } from './toolManager';

export const BOX_VIEW_TOOL_ID = 'boxView';

/** Each box view's zoom, in CSS pixels per metre: how near a press must come to a face to take it. */
export type BoxViewZoom = (view: BoxView) => number;

/**
 * Where a view's pointer is, in the view's coordinates of `box`: the event's ray starts on the
 * view's plane under the cursor and runs along the view direction, so its origin is the point.
 */
function pointerIn(box: Cuboid, view: BoxView, e: ToolPointerEvent): readonly [number, number] {
  const [u, v] = toView(box, view, e.ray.origin);
  return [u, v];
}

interface Grab {
  readonly id: string;
  readonly frameId: string;
  readonly start: Cuboid;
  readonly view: BoxView;
  readonly handle: BoxHandle;
  readonly from: readonly [number, number];
  readonly screen: readonly [number, number];
}

function makeIdle(zoom: BoxViewZoom): StateClass {
  return class Idle extends StateNode {
    readonly id = 'idle';
    /** The view the pointer was last in: the one the arrow keys step the box in. */
    private view: BoxView | null = null;

    override onPointerMove(e: ToolPointerEvent): void {
      this.view = boxViewOf(e.viewId) ?? this.view;
    }

    override onPointerDown(e: ToolPointerEvent): void {
      const view = boxViewOf(e.viewId);
      if (!view || e.button !== 0) return;
      this.view = view;
      const s = selectedFrameBox(this.ctx);
      if (!s) return;
      const from = pointerIn(s.box.cuboid, view, e);
      const handle = hitHandle(s.box.cuboid, view, from[0], from[1], zoom(view));
      if (!handle) return;
      const grab: Grab = { id: s.id, frameId: s.frame.frameId, start: s.box.cuboid, view, handle, from, screen: e.screen };
      this.goTo('dragging', grab);
    }

    override onKeyDown(e: ToolKeyEvent): void {
      const nudge = this.view ? nudgeForKey(this.view, e.key, e.modifiers) : null;
      if (this.view && nudge) nudgeSelected(this.ctx, this.view, nudge);
    }
  };
}

class Dragging extends BoxDragState<Grab> {
  protected dragTo(g: Grab, e: ToolPointerEvent): Cuboid {
    const to = pointerIn(g.start, g.view, e);
    return g.handle.kind === 'rotate' ? rotateAbout(g.start, sweptAngle(g.from, to)) : dragHandle(g.start, g.view, g.handle, to[0] - g.from[0], to[1] - g.from[1]);
  }

  protected label(g: Grab): string {
    return handleLabel(g.handle);
  }
}

/**
 * The box views' tool: a press on a face of the selected box drags that face with the opposite
 * one fixed, on an edge two faces, inside it moves the box, on the top view's knob turns it about
 * its vertical axis; each drag is one undo step and Escape puts the box back. Arrow keys (Shift:
 * fine) and Q / E step the box in the view the pointer was last in. Built with the views' zoom,
 * which sets how near a face a press must land.
 */
export function boxViewTool(zoom: BoxViewZoom): ToolDefinition {
  return defineTool(BOX_VIEW_TOOL_ID, [makeIdle(zoom), Dragging]);
}
