import type { Vec3 } from '../../geometry/vec3';
import type { Ray } from './ray';

export interface Modifiers {
  readonly shift: boolean;
  readonly ctrl: boolean;
  readonly alt: boolean;
  readonly meta: boolean;
}

export const NO_MODIFIERS: Modifiers = { shift: false, ctrl: false, alt: false, meta: false };

/**
 * What the view's picking found under the pointer. Overlays (labels, relation arrows, ground
 * truth, gizmo lines) are never part of it, so they cannot take a click meant for what lies below.
 */
export interface PointerHit {
  /** The editable box the ray meets first. */
  readonly objectId: string | null;
  /** The LiDAR point under the cursor, nearest the eye. */
  readonly point: Vec3 | null;
  /** Where the ray lands on the ground. */
  readonly ground: Vec3 | null;
}

/** A pointer event already projected into the scene by the view it came from. */
export interface ToolPointerEvent {
  /** Which view the event came from (the 3D view, a box view, a camera panel). */
  readonly viewId: string;
  readonly ray: Ray;
  /** Pointer position in CSS pixels within the view: what tells a click from a drag. */
  readonly screen: readonly [number, number];
  readonly hit: PointerHit;
  /** 0 primary, 1 middle, 2 secondary, as in DOM events. */
  readonly button: number;
  readonly modifiers: Modifiers;
}

export interface ToolKeyEvent {
  readonly key: string;
  readonly modifiers: Modifiers;
}

export type ToolEvent =
  | { readonly type: 'pointerDown'; readonly event: ToolPointerEvent }
  | { readonly type: 'pointerMove'; readonly event: ToolPointerEvent }
  | { readonly type: 'pointerUp'; readonly event: ToolPointerEvent }
  | { readonly type: 'keyDown'; readonly event: ToolKeyEvent }
  | { readonly type: 'handleDragStart'; readonly label: string }
  | { readonly type: 'handleDragEnd' }
  | { readonly type: 'cancel' };

/** How far the pointer may travel between press and release and still be a click, in CSS pixels. */
export const CLICK_SLOP_PX = 5;

export function movedBeyondSlop(a: readonly [number, number], b: readonly [number, number]): boolean {
  return Math.hypot(b[0] - a[0], b[1] - a[1]) > CLICK_SLOP_PX;
}
