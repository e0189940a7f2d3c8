import type { CameraRig } from '../../annotations/box2d/project';
import { projectPoint } from '../../camera/cameraModel';
import { opticalRayIn, rayOnPlane } from '../../camera/groundRay';
import { unprojectPixel } from '../../camera/cameraModel';
import { applyTransform, inverseTransform } from '../../camera/rigidTransform';
import { cuboidCorners, type Cuboid } from '../../geometry/cuboid';
import { rotateVec3 } from '../../geometry/quaternion';
import { nearestOnSegment, type Point2 } from '../../geometry/segment2d';
import { add, dot, sub, type Vec3 } from '../../geometry/vec3';
import { insidePolygon } from '../../segmentation/selectPoints';
import { rotateAbout, sweptAngle } from '../boxViews/viewEdits';
import { BoxDragState } from './boxDragState';
import { NO_MODIFIERS, type ToolPointerEvent } from './events';
import { boxOnFrame } from './frameBoxes';
import { StateNode } from './stateNode';
import { defineTool, type StateClass, type ToolDefinition } from './toolManager';

export const CAMERA_BOX_TOOL_ID = 'cameraBox';

/** What a press on the selected cuboid in a camera image takes: its footprint (moved along the ground) or its yaw knob. */
export type CameraBoxHandle = 'move' | 'yaw';

/** The selected cuboid's handles in one camera image, in image pixels. */
export interface CameraBoxHandles {
  /** The bottom face's four corners (a cuboid's corners 0–3); null when one is behind the camera or outside the model's field of view. */
  readonly footprint: readonly Point2[] | null;
  /** The centre of the side face that most faces the camera: dragged, it turns the box about its vertical axis. Null when no side faces the camera or it does not project. */
  readonly yawKnob: Point2 | null;
}

/** The camera a panel shows, by the view id its events carry; null for a view that is no camera. */
export type CameraOfView = (viewId: string) => CameraRig | null;
/** How near a handle a press must land, in image pixels, by view (a panel shown small needs more image pixels). */
export type CameraHandleTolerance = (viewId: string) => number;

const SIDE_FACES: readonly Vec3[] = [
  [1, 0, 0],
  [-1, 0, 0],
  [0, 1, 0],
  [0, -1, 0],
];

/** The pixel of a point of the cuboid's frame, or null where the camera cannot show it. */
function pixelOf(rig: CameraRig, frame: string, p: Vec3): Point2 | null {
  const cameraFrom = rig.cameraFrom(frame);
  const px = cameraFrom ? projectPoint(rig.model, applyTransform(cameraFrom, p)) : null;
  return px ? [px.u, px.v] : null;
}

/** Where the selected cuboid's footprint and yaw knob show in a camera image. */
export function cameraBoxHandles(cuboid: Cuboid, rig: CameraRig): CameraBoxHandles {
  const cameraFrom = rig.cameraFrom(cuboid.frame);
  if (!cameraFrom) return { footprint: null, yawKnob: null };
  const bottom = cuboidCorners(cuboid).slice(0, 4).map((c) => pixelOf(rig, cuboid.frame, c));
  const footprint = bottom.every((p): p is Point2 => p !== null) ? bottom : null;
  const eye = inverseTransform(cameraFrom).translation;
  let best: { readonly centre: Vec3; readonly facing: number } | null = null;
  for (const dir of SIDE_FACES) {
    const half: Vec3 = [(dir[0] * cuboid.size[0]) / 2, (dir[1] * cuboid.size[1]) / 2, (dir[2] * cuboid.size[2]) / 2];
    const centre = add(cuboid.center, rotateVec3(cuboid.rotation, half));
    const toEye = sub(eye, centre);
    const facing = dot(rotateVec3(cuboid.rotation, dir), toEye) / Math.hypot(...toEye);
    if (facing > 0 && (!best || facing > best.facing)) best = { centre, facing };
  }
  return { footprint, yawKnob: best ? pixelOf(rig, cuboid.frame, best.centre) : null };
}

/** The handle under pixel (u, v): the yaw knob first, then the footprint (inside it or within `tolerance` of its edges). */
export function cameraBoxHandleAt(handles: CameraBoxHandles, u: number, v: number, tolerance: number): CameraBoxHandle | null {
  const p: Point2 = [u, v];
  if (handles.yawKnob && Math.hypot(u - handles.yawKnob[0], v - handles.yawKnob[1]) <= tolerance) return 'yaw';
  const f = handles.footprint;
  if (!f) return null;
  if (insidePolygon(f.flat(), u, v)) return 'move';
  return f.some((a, i) => nearestOnSegment(p, a, f[(i + 1) % f.length]).distance <= tolerance) ? 'move' : null;
}

/** The lowest height of the cuboid in its frame: the plane its footprint slides on. */
export function bottomHeight(cuboid: Cuboid): number {
  return Math.min(...cuboidCorners(cuboid).map((c) => c[2]));
}

/** `start` moved along the ground by the grabbed point's travel from `from` to `to` (height kept). */
export function movedAlongGround(start: Cuboid, from: Vec3, to: Vec3): Cuboid {
  return { ...start, center: [start.center[0] + to[0] - from[0], start.center[1] + to[1] - from[1], start.center[2]] };
}

/** `start` turned about its vertical axis by the angle the grabbed point sweeps about its centre, seen from above. */
export function yawedAboutCentre(start: Cuboid, from: Vec3, to: Vec3): Cuboid {
  const c = start.center;
  return rotateAbout(start, sweptAngle([from[0] - c[0], from[1] - c[1]], [to[0] - c[0], to[1] - c[1]]));
}

/**
 * The event a camera panel hands the tool for a pointer at pixel (u, v): its ray in the camera's
 * optical frame, from the camera centre through the undistorted pixel, so the tool both finds the
 * pixel again (projecting the direction) and casts it onto the ground through the camera's
 * extrinsics. Null where the pixel has no ray in the model's field of view.
 */
export function cameraPointerEvent(viewId: string, rig: CameraRig, u: number, v: number, screen: Point2, button = 0): ToolPointerEvent | null {
  const direction = unprojectPixel(rig.model, u, v);
  if (!direction) return null;
  return { viewId, ray: { origin: [0, 0, 0], direction }, screen, hit: { objectId: null, point: null, ground: null }, button, modifiers: NO_MODIFIERS };
}

/** The image pixel an event's optical ray goes through. */
function eventPixel(rig: CameraRig, e: ToolPointerEvent): Point2 | null {
  const px = projectPoint(rig.model, e.ray.direction);
  return px ? [px.u, px.v] : null;
}

/** Where an event's ray meets the plane z = height of the cuboid's frame, or null (above the horizon, too far, no extrinsics). */
function eventOnPlane(rig: CameraRig, frame: string, e: ToolPointerEvent, height: number): Vec3 | null {
  const cameraFrom = rig.cameraFrom(frame);
  return cameraFrom ? rayOnPlane(opticalRayIn(cameraFrom, e.ray.direction), height) : null;
}

const LABELS: Readonly<Record<CameraBoxHandle, string>> = { move: 'move cuboid along the ground', yaw: 'rotate cuboid' };
const OFF_GROUND = 'That point of the image does not reach the ground (at or above the horizon): the box stays where it is.';

interface Grab {
  readonly id: string;
  readonly frameId: string;
  readonly viewId: string;
  readonly rig: CameraRig;
  readonly start: Cuboid;
  readonly handle: CameraBoxHandle;
  /** The plane the grabbed point slides on: the bottom for a move, the centre's height for a turn. */
  readonly height: number;
  readonly from: Vec3;
  readonly screen: Point2;
}

function makeIdle(cameraOf: CameraOfView, tolerance: CameraHandleTolerance): StateClass {
  return class Idle extends StateNode {
    readonly id = 'idle';

    override onPointerDown(e: ToolPointerEvent): void {
      const rig = cameraOf(e.viewId);
      const frame = this.ctx.frame();
      const id = this.ctx.selectedId();
      if (!rig || !frame || id === null || e.button !== 0) return;
      const box = boxOnFrame(this.ctx.editor, id, frame.frameId);
      const px = box && eventPixel(rig, e);
      if (!box || !px) return;
      const handle = cameraBoxHandleAt(cameraBoxHandles(box.cuboid, rig), px[0], px[1], tolerance(e.viewId));
      if (!handle) return;
      const height = handle === 'move' ? bottomHeight(box.cuboid) : box.cuboid.center[2];
      const from = eventOnPlane(rig, box.cuboid.frame, e, height);
      if (!from) {
        this.ctx.say(OFF_GROUND);
        return;
      }
      const grab: Grab = { id, frameId: frame.frameId, viewId: e.viewId, rig, start: box.cuboid, handle, height, from, screen: e.screen };
      this.goTo('dragging', grab);
    }
  };
}

class Dragging extends BoxDragState<Grab> {
  protected dragTo(g: Grab, e: ToolPointerEvent): Cuboid | null {
    if (e.viewId !== g.viewId) return null;
    const to = eventOnPlane(g.rig, g.start.frame, e, g.height);
    if (!to) {
      // The box stays at its last place on the ground until the pointer comes back below the horizon.
      this.ctx.say(OFF_GROUND);
      return null;
    }
    return g.handle === 'move' ? movedAlongGround(g.start, g.from, to) : yawedAboutCentre(g.start, g.from, to);
  }

  protected label(g: Grab): string {
    return LABELS[g.handle];
  }
}

/**
 * The camera panels' tool: the camera views edit the selected cuboid where that is well-defined. A
 * press on its footprint (the projected bottom face, or near its edges) drags the box along the
 * horizontal plane of its bottom, the grabbed point staying under the pointer; a press on the yaw
 * knob (the centre of the side face turned most towards the camera) turns it about its vertical
 * axis. Pixels are cast through the camera model (undistorted) and its extrinsics; a pixel whose
 * ray does not reach the plane is refused and the box stays. Each drag is one undo step, Escape
 * puts the box back; a press that does not move is left to the panel as a click. Run by the
 * panels' own manager beside the 3D view's, on the same editor.
 */
export function cameraBoxTool(cameraOf: CameraOfView, tolerance: CameraHandleTolerance): ToolDefinition {
  return defineTool(CAMERA_BOX_TOOL_ID, [makeIdle(cameraOf, tolerance), Dragging]);
}
