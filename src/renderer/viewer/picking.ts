import * as THREE from 'three';
import type { Editor } from '../../core/editor/editor';
import { frameBoxes } from '../state/frameBoxesCache';
import type { RectLike } from './elementRect';
import { groundUnderRay, pickCuboid, type PointerHit, type Ray, type ToolFrame, type ToolPointerEvent } from '../../core/editor/tools';

/**
 * The point under a pixel: among points projecting within `radiusPx` of it, the one nearest the
 * camera. One pass over the frame, no allocation per point.
 */
export function pickPoint(
  points: Float32Array | Float64Array,
  stride: number,
  camera: THREE.Camera,
  ndc: { x: number; y: number },
  viewport: { width: number; height: number },
  radiusPx = 6,
): [number, number, number] | null {
  const i = pickPointIndex(points, stride, camera, ndc, viewport, radiusPx);
  return i < 0 ? null : [points[i * stride], points[i * stride + 1], points[i * stride + 2]];
}

/** As pickPoint, but which point: its index (element offset ÷ stride), or −1 when none is near. */
export function pickPointIndex(
  points: Float32Array | Float64Array,
  stride: number,
  camera: THREE.Camera,
  ndc: { x: number; y: number },
  viewport: { width: number; height: number },
  radiusPx = 6,
): number {
  const m = new THREE.Matrix4().multiplyMatrices(camera.projectionMatrix, camera.matrixWorldInverse).elements;
  const rx = (radiusPx * 2) / viewport.width;
  const ry = (radiusPx * 2) / viewport.height;
  let best = -1;
  let bestDepth = Infinity;
  for (let i = 0; i + 2 < points.length; i += stride) {
    const x = points[i];
    const y = points[i + 1];
    const z = points[i + 2];
    const w = m[3] * x + m[7] * y + m[11] * z + m[15];
    if (w <= 0) continue;
    const px = (m[0] * x + m[4] * y + m[8] * z + m[12]) / w;
    const py = (m[1] * x + m[5] * y + m[9] * z + m[13]) / w;
    const dx = (px - ndc.x) / rx;
    const dy = (py - ndc.y) / ry;
    if (dx * dx + dy * dy > 1) continue;
    if (w < bestDepth) {
      bestDepth = w;
      best = i;
    }
  }
  return best < 0 ? -1 : best / stride;
}

const pointerNdc = new THREE.Vector2();

/** What the pointer's projection reads from the view: the frame on screen and its ground height. */
export interface PickScene {
  readonly frame: ToolFrame | null;
  readonly groundZ: number;
  readonly editor: Editor | null;
}

/**
 * A DOM pointer event as the tools take it: one ray from the camera through the pixel, and what
 * lies under it among the things a click can mean (the editable boxes, the LiDAR points, the
 * ground). Overlays (labels, relation arrows, ground truth, the gizmo) are never consulted, so they
 * cannot swallow a click. Each part of the hit is computed when a tool first reads it: a pass over
 * the sweep is not paid on every move by a tool that only wants the ground.
 */
export function projectPointer(
  e: PointerEvent,
  element: { getBoundingClientRect(): RectLike },
  camera: THREE.Camera,
  raycaster: THREE.Raycaster,
  scene: PickScene,
  viewId = '3d',
): ToolPointerEvent {
  const r = element.getBoundingClientRect();
  const screen: [number, number] = [e.clientX - r.left, e.clientY - r.top];
  const ndc = { x: (screen[0] / r.width) * 2 - 1, y: -(screen[1] / r.height) * 2 + 1 };
  raycaster.setFromCamera(pointerNdc.set(ndc.x, ndc.y), camera);
  const { origin, direction } = raycaster.ray;
  const ray: Ray = { origin: [origin.x, origin.y, origin.z], direction: [direction.x, direction.y, direction.z] };
  const { frame, editor, groundZ } = scene;
  const hit = lazyHit({
    objectId: () => (frame && editor ? pickCuboid(ray, frameBoxes(editor, frame.frameId)) : null),
    point: () => (frame ? pickPoint(frame.points, frame.stride, camera, ndc, { width: r.width, height: r.height }) : null),
    ground: () => (frame ? groundUnderRay(ray, frame.points, frame.stride, groundZ) : null),
  });
  return {
    viewId,
    ray,
    screen,
    hit,
    button: e.button,
    modifiers: { shift: e.shiftKey, ctrl: e.ctrlKey, alt: e.altKey, meta: e.metaKey },
  };
}

type HitParts = { readonly [K in keyof PointerHit]: () => PointerHit[K] };

function lazyHit(parts: HitParts): PointerHit {
  const memo: Partial<{ -readonly [K in keyof PointerHit]: PointerHit[K] }> = {};
  const read = <K extends keyof PointerHit>(k: K): PointerHit[K] => {
    if (!(k in memo)) memo[k] = parts[k]();
    return memo[k] as PointerHit[K];
  };
  return {
    get objectId() {
      return read('objectId');
    },
    get point() {
      return read('point');
    },
    get ground() {
      return read('ground');
    },
  };
}
