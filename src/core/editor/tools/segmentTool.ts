import type { Vec3 } from '../../geometry/vec3';
import type { Editor } from '../editor';
import { ClickState } from './clickState';
import type { ToolPointerEvent } from './events';
import { StateNode } from './stateNode';
import { defineTool, type ToolDefinition } from './toolManager';

export const SEGMENT_TOOL_ID = 'segment';

export type SegmentMode = 'lasso' | 'polygon' | 'brush' | 'grow';

/** A finished (or, for a preview, growing) segmentation gesture, before any point is selected. */
export type SegmentGesture =
  /** A lasso or polygon: its vertices in CSS pixels of the view it was drawn in. */
  | { readonly kind: 'outline'; readonly viewId: string; readonly screen: readonly (readonly [number, number])[]; readonly closed: boolean }
  /** A brush stroke: where the brush (a sphere or an upright cylinder) was centred along the drag. */
  | { readonly kind: 'brush'; readonly centres: readonly Vec3[] }
  /** Region growing from the clicked point. */
  | { readonly kind: 'grow'; readonly at: Vec3 };

/**
 * What the segment tool needs of the app: the mode the user chose, somewhere to show the gesture
 * as it grows, and what to do with it (select the points in a worker and write one label patch).
 */
export interface SegmentationPort {
  mode(): SegmentMode;
  preview(gesture: SegmentGesture | null): void;
  apply(gesture: SegmentGesture): void;
}

/**
 * The app's segmentation, per editor: the tool context is shared by every tool, so the segment
 * tool finds its port here rather than widening that context for one tool.
 */
const ports = new WeakMap<Editor, SegmentationPort>();

export function attachSegmentation(editor: Editor, port: SegmentationPort): () => void {
  ports.set(editor, port);
  return () => {
    if (ports.get(editor) === port) ports.delete(editor);
  };
}

/** A polygon closes when clicked within this many CSS pixels of its first vertex. */
export const CLOSE_POLYGON_PX = 10;
/** Lasso vertices closer than this to the previous one are dropped (a slow drag sends hundreds). */
const LASSO_STEP_PX = 3;

abstract class SegmentState extends StateNode {
  protected port(): SegmentationPort | null {
    const port = ports.get(this.ctx.editor) ?? null;
    if (!port) this.ctx.say('Segmentation is not available in this view.');
    return port;
  }
}

class Idle extends SegmentState {
  readonly id = 'idle';

  override onPointerDown(e: ToolPointerEvent): void {
    if (e.button !== 0) return;
    const port = this.port();
    if (!port) return;
    if (!this.ctx.frame()) return this.ctx.say('No scan on screen to label.');
    const mode = port.mode();
    if (mode === 'lasso') this.goTo('tracing', e);
    else if (mode === 'polygon') this.goTo('placing', e);
    else if (mode === 'brush') this.goTo('brushing', e);
    else this.goTo('pointing', e.screen);
  }
}

class Tracing extends SegmentState {
  readonly id = 'tracing';
  private screen: [number, number][] = [];
  private viewId = '';

  override onEnter(info: unknown): void {
    const e = info as ToolPointerEvent;
    this.viewId = e.viewId;
    this.screen = [[e.screen[0], e.screen[1]]];
    this.show();
  }

  override onPointerMove(e: ToolPointerEvent): void {
    const last = this.screen[this.screen.length - 1];
    if (Math.hypot(e.screen[0] - last[0], e.screen[1] - last[1]) < LASSO_STEP_PX) return;
    this.screen.push([e.screen[0], e.screen[1]]);
    this.show();
  }

  override onPointerUp(): void {
    const port = this.port();
    const gesture = this.gesture(true);
    this.goTo('idle');
    port?.preview(null);
    if (gesture.screen.length < 3) return this.ctx.say('Drag around the points to lasso them.');
    port?.apply(gesture);
  }

  override onCancel(): void {
    this.port()?.preview(null);
    this.goTo('idle');
  }

  private gesture(closed: boolean): Extract<SegmentGesture, { kind: 'outline' }> {
    return { kind: 'outline', viewId: this.viewId, screen: this.screen.map((p) => [p[0], p[1]] as const), closed };
  }

  private show(): void {
    this.port()?.preview(this.gesture(false));
  }
}

class Placing extends SegmentState {
  readonly id = 'placing';
  private screen: [number, number][] = [];
  private viewId = '';
  private cursor: readonly [number, number] | null = null;

  override onEnter(info: unknown): void {
    const e = info as ToolPointerEvent;
    this.viewId = e.viewId;
    this.screen = [[e.screen[0], e.screen[1]]];
    this.cursor = null;
    this.show();
  }

  override onPointerDown(e: ToolPointerEvent): void {
    if (e.button !== 0) return;
    const first = this.screen[0];
    if (this.screen.length >= 3 && Math.hypot(e.screen[0] - first[0], e.screen[1] - first[1]) <= CLOSE_POLYGON_PX) return this.close();
    this.screen.push([e.screen[0], e.screen[1]]);
    this.show();
  }

  override onPointerMove(e: ToolPointerEvent): void {
    this.cursor = e.screen;
    this.show();
  }

  override onKeyDown(e: { readonly key: string }): void {
    if (e.key === 'Enter' && this.screen.length >= 3) this.close();
  }

  override onCancel(): void {
    this.port()?.preview(null);
    this.goTo('idle');
  }

  private close(): void {
    const port = this.port();
    const gesture: SegmentGesture = { kind: 'outline', viewId: this.viewId, screen: this.screen.map((p) => [p[0], p[1]] as const), closed: true };
    this.goTo('idle');
    port?.preview(null);
    port?.apply(gesture);
  }

  private show(): void {
    const screen = this.cursor ? [...this.screen, this.cursor] : this.screen;
    this.port()?.preview({ kind: 'outline', viewId: this.viewId, screen: screen.map((p) => [p[0], p[1]] as const), closed: false });
  }
}

class Brushing extends SegmentState {
  readonly id = 'brushing';
  private centres: Vec3[] = [];

  override onEnter(info: unknown): void {
    this.centres = [];
    this.add(info as ToolPointerEvent);
  }

  override onPointerMove(e: ToolPointerEvent): void {
    this.add(e);
  }

  override onPointerUp(e: ToolPointerEvent): void {
    this.add(e);
    const port = this.port();
    const centres = this.centres;
    this.goTo('idle');
    port?.preview(null);
    if (centres.length === 0) return this.ctx.say('The brush found no point or ground under the cursor.');
    port?.apply({ kind: 'brush', centres });
  }

  override onCancel(): void {
    this.port()?.preview(null);
    this.goTo('idle');
  }

  private add(e: ToolPointerEvent): void {
    const at = e.hit.point ?? e.hit.ground;
    if (!at) return;
    this.centres.push([at[0], at[1], at[2]]);
    this.port()?.preview({ kind: 'brush', centres: this.centres });
  }
}

class Pointing extends ClickState {
  protected onClick(e: ToolPointerEvent): void {
    const at = e.hit.point;
    if (!at) return this.ctx.say('No LiDAR point under the cursor to grow a region from.');
    const port = ports.get(this.ctx.editor);
    if (port) port.apply({ kind: 'grow', at: [at[0], at[1], at[2]] });
  }
}

/**
 * Segment: labels points of the frame on screen with the chosen class, by a lasso or a polygon
 * through the view, a brush (sphere or upright cylinder) dragged over them, or region growing
 * from a click. Each gesture is one label patch, so one undo step.
 */
export const segmentTool: ToolDefinition = defineTool(SEGMENT_TOOL_ID, [Idle, Tracing, Placing, Brushing, Pointing]);
