import type { Editor } from '../../editor/editor';
import type { Polygon2dAnnotation, Vertex2d } from '../polygon2d/schema';
import type { Box2dAnnotation, Box2dRect } from './schema';

/** What a drag on a selected box grabs: the whole box, or one of its corners. */
export type BoxHandle = 'move' | 'nw' | 'ne' | 'sw' | 'se';

/** A box smaller than this (pixels, either side) is a click, not a drawn box. */
export const MIN_DRAWN_BOX = 2;

/** The box a drag from (u0, v0) to (u1, v1) spans, clipped to the image; null for a click. */
export function rectFromDrag(u0: number, v0: number, u1: number, v1: number, width: number, height: number): Box2dRect | null {
  const clampU = (u: number) => Math.min(Math.max(u, -0.5), width - 0.5);
  const clampV = (v: number) => Math.min(Math.max(v, -0.5), height - 0.5);
  const rect = { x0: clampU(Math.min(u0, u1)), y0: clampV(Math.min(v0, v1)), x1: clampU(Math.max(u0, u1)), y1: clampV(Math.max(v0, v1)) };
  return rect.x1 - rect.x0 >= MIN_DRAWN_BOX && rect.y1 - rect.y0 >= MIN_DRAWN_BOX ? rect : null;
}

/** The handle of `rect` under (u, v): a corner within `tolerance` pixels, else the inside, else null. */
export function handleAt(rect: Box2dRect, u: number, v: number, tolerance: number): BoxHandle | null {
  const near = (a: number, b: number) => Math.abs(a - b) <= tolerance;
  if (near(u, rect.x0) && near(v, rect.y0)) return 'nw';
  if (near(u, rect.x1) && near(v, rect.y0)) return 'ne';
  if (near(u, rect.x0) && near(v, rect.y1)) return 'sw';
  if (near(u, rect.x1) && near(v, rect.y1)) return 'se';
  return u >= rect.x0 && u <= rect.x1 && v >= rect.y0 && v <= rect.y1 ? 'move' : null;
}

/**
 * `rect` with `handle` dragged by (du, dv): the box moves, or the grabbed corner moves and the
 * opposite one stays (dragged past it, the box flips rather than inverting). Null when the result
 * is smaller than a drawn box may be.
 */
export function dragRect(rect: Box2dRect, handle: BoxHandle, du: number, dv: number): Box2dRect | null {
  if (handle === 'move') return { x0: rect.x0 + du, y0: rect.y0 + dv, x1: rect.x1 + du, y1: rect.y1 + dv };
  const west = handle === 'nw' || handle === 'sw';
  const north = handle === 'nw' || handle === 'ne';
  const u = (west ? rect.x0 : rect.x1) + du;
  const v = (north ? rect.y0 : rect.y1) + dv;
  const fixedU = west ? rect.x1 : rect.x0;
  const fixedV = north ? rect.y1 : rect.y0;
  const out = { x0: Math.min(u, fixedU), y0: Math.min(v, fixedV), x1: Math.max(u, fixedU), y1: Math.max(v, fixedV) };
  return out.x1 - out.x0 >= MIN_DRAWN_BOX && out.y1 - out.y0 >= MIN_DRAWN_BOX ? out : null;
}

/** A box as a hand edit leaves it: a projected box stops following its 3D source once edited by hand. */
export function editedByHand(record: Box2dAnnotation, box: Box2dRect, at: number): Box2dAnnotation {
  return { ...record, box, ...(record.derived ? { derived: { ...record.derived, detached: true } } : {}), updatedAt: at };
}

/** Where a new 2D label goes and what it shows. */
export interface NewImageLabel {
  readonly frameId: string;
  readonly cameraId: string;
  readonly classId: string;
  /** The 3D object's track it shows, or null for a 2D-only label. */
  readonly linkedTrackId: string | null;
}

function stamp(editor: Editor, at: number) {
  return { sceneId: editor.sceneId, ontologyVersion: editor.ontologyVersion, author: editor.author, attributes: {}, createdAt: at, updatedAt: at, objectId: editor.newId(), trackId: editor.newId() };
}

/** A drawn box's record, a track of its own (ready for commitChanges). */
export function newBox2d(editor: Editor, input: NewImageLabel, box: Box2dRect, at: number): Box2dAnnotation {
  return { kind: 'box2d', ...stamp(editor, at), ...input, box };
}

/** A drawn polygon's record, a track of its own (ready for commitChanges). */
export function newPolygon2d(editor: Editor, input: NewImageLabel, vertices: readonly Vertex2d[], at: number): Polygon2dAnnotation {
  return { kind: 'polygon2d', ...stamp(editor, at), ...input, vertices };
}
