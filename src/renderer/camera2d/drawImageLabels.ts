import { isImage2dRecord, type Image2dAnnotation } from '../../core/annotations/guards';
import type { Vertex2d } from '../../core/annotations/polygon2d/schema';
import type { Editor } from '../../core/editor/editor';

/** The 2D labels a camera shows on a frame: stored ones and, for 2D tracks that interpolate, the frame's interpolated box. */
export function imageLabelsOn(editor: Editor, frameId: string, cameraId: string): Image2dAnnotation[] {
  const out = editor.inFrame(frameId).filter((r): r is Image2dAnnotation => isImage2dRecord(r) && r.cameraId === cameraId);
  const frameIndex = editor.frameIndexOf(frameId);
  if (frameIndex === undefined) return out;
  const here = new Set(out.map((r) => r.trackId));
  for (const track of editor.tracks()) {
    if (track.kind !== 'box2d' || here.has(track.trackId)) continue;
    const shown = editor.trackAt(track.trackId, frameIndex);
    if (shown && shown.kind === 'box2d' && shown.cameraId === cameraId) out.push(shown);
  }
  return out;
}

/** Handles are squares this many image pixels across at the corners of the selected box. */
export const HANDLE_SIZE = 8;

/**
 * Strokes the labels over the cuboids: boxes solid when drawn, dashed while they follow their 3D
 * source, polygons closed; the selected one thicker, with corner (box) or vertex (polygon) handles. Ignore regions are hatched grey.
 */
export function drawImageLabels(ctx: CanvasRenderingContext2D, labels: readonly Image2dAnnotation[], colourOf: (classId: string) => string, selectedId: string | null, chosenVertex: number | null = null): void {
  for (const r of labels) {
    const selected = r.objectId === selectedId;
    ctx.strokeStyle = r.kind === 'box2d' && r.ignore ? '#9ca3af' : colourOf(r.classId);
    ctx.lineWidth = selected ? 3 : 1.5;
    ctx.setLineDash(r.kind === 'box2d' && r.derived && !r.derived.detached ? [6, 4] : []);
    ctx.beginPath();
    if (r.kind === 'box2d') ctx.rect(r.box.x0, r.box.y0, r.box.x1 - r.box.x0, r.box.y1 - r.box.y0);
    else polygonPath(ctx, r.vertices, true);
    ctx.stroke();
    if (selected && r.kind === 'box2d') {
      ctx.setLineDash([]);
      ctx.fillStyle = '#ffffff';
      for (const [u, v] of [[r.box.x0, r.box.y0], [r.box.x1, r.box.y0], [r.box.x0, r.box.y1], [r.box.x1, r.box.y1]]) ctx.fillRect(u - HANDLE_SIZE / 2, v - HANDLE_SIZE / 2, HANDLE_SIZE, HANDLE_SIZE);
    }
    if (selected && r.kind === 'polygon2d') {
      // Every vertex a handle; the one Delete would remove filled in the label's colour.
      ctx.setLineDash([]);
      r.vertices.forEach(([u, v], i) => {
        ctx.fillStyle = i === chosenVertex ? colourOf(r.classId) : '#ffffff';
        ctx.fillRect(u - HANDLE_SIZE / 2, v - HANDLE_SIZE / 2, HANDLE_SIZE, HANDLE_SIZE);
        ctx.strokeStyle = '#111827';
        ctx.lineWidth = 1;
        ctx.strokeRect(u - HANDLE_SIZE / 2, v - HANDLE_SIZE / 2, HANDLE_SIZE, HANDLE_SIZE);
      });
    }
  }
  ctx.setLineDash([]);
}

/** The box or the polygon being drawn, not yet a record. */
export function drawDraft(ctx: CanvasRenderingContext2D, draft: { readonly rect?: { x0: number; y0: number; x1: number; y1: number }; readonly vertices?: readonly Vertex2d[] }): void {
  ctx.strokeStyle = '#fbbf24';
  ctx.lineWidth = 1.5;
  ctx.setLineDash([4, 3]);
  ctx.beginPath();
  if (draft.rect) ctx.rect(draft.rect.x0, draft.rect.y0, draft.rect.x1 - draft.rect.x0, draft.rect.y1 - draft.rect.y0);
  if (draft.vertices && draft.vertices.length > 0) polygonPath(ctx, draft.vertices, false);
  ctx.stroke();
  ctx.setLineDash([]);
}

function polygonPath(ctx: CanvasRenderingContext2D, vertices: readonly Vertex2d[], closed: boolean): void {
  vertices.forEach(([u, v], i) => (i === 0 ? ctx.moveTo(u, v) : ctx.lineTo(u, v)));
  if (closed) ctx.closePath();
}

/** The label under (u, v), smallest first (a box inside another is the one meant). */
export function imageLabelAt(labels: readonly Image2dAnnotation[], u: number, v: number): Image2dAnnotation | null {
  const bounds = (r: Image2dAnnotation) =>
    r.kind === 'box2d'
      ? r.box
      : { x0: Math.min(...r.vertices.map((p) => p[0])), y0: Math.min(...r.vertices.map((p) => p[1])), x1: Math.max(...r.vertices.map((p) => p[0])), y1: Math.max(...r.vertices.map((p) => p[1])) };
  const area = (r: Image2dAnnotation) => {
    const b = bounds(r);
    return (b.x1 - b.x0) * (b.y1 - b.y0);
  };
  const inside = labels.filter((r) => {
    const b = bounds(r);
    return u >= b.x0 && u <= b.x1 && v >= b.y0 && v <= b.y1;
  });
  return inside.sort((a, b) => area(a) - area(b))[0] ?? null;
}
