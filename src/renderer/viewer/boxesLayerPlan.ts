import type { OverlayCuboid } from './cameraOverlay';

/** What a camera panel's boxes layer was last drawn from. */
export interface BoxesLayerDrawn {
  /** Everything else the layer shows (view, frame, colours, ground truth, replicas), compared by identity. */
  readonly shown: readonly unknown[];
  readonly cuboids: readonly OverlayCuboid[];
  /** The editable box left off the layer (the selection layer draws it), or null. */
  readonly lifted: string | null;
}

/** Whether to redraw the layer, and which box it is (or stays) drawn without. */
export interface BoxesLayerPlan {
  readonly redraw: boolean;
  readonly lifted: string | null;
}

const sameCuboid = (a: OverlayCuboid['cuboid'], b: OverlayCuboid['cuboid']) =>
  a === b || (a.frame === b.frame && sameNumbers(a.center, b.center) && sameNumbers(a.size, b.size) && sameNumbers(a.rotation, b.rotation));

const sameNumbers = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((x, i) => x === b[i]);

/**
 * How the boxes layer follows a change. A gizmo drag on a frame of 1,000 boxes changes one box per
 * pointer move, and redrawing all of them each move was the largest cost of the move; the selection
 * layer strokes the selected box over its own edges anyway. So when an edit changes the selected
 * box alone (the other boxes the same, in the same order), the layer is drawn once without it and
 * then left alone while it alone keeps changing. Anything else (another box, the frame, the
 * colours, ground truth, replicas, or the selection leaving the lifted box) redraws every box, and
 * a select with nothing lifted redraws nothing.
 */
export function planBoxesLayer(drawn: BoxesLayerDrawn | null, shown: readonly unknown[], cuboids: readonly OverlayCuboid[], selectedId: string | null): BoxesLayerPlan {
  if (!drawn || !sameRefs(drawn.shown, shown)) return { redraw: true, lifted: null };
  const changed = cuboids === drawn.cuboids ? null : changedBox(drawn.cuboids, cuboids);
  // The selection moved off the lifted box: it goes back on the layer.
  if (drawn.lifted !== null && drawn.lifted !== selectedId) return { redraw: true, lifted: null };
  if (changed === undefined) return { redraw: true, lifted: null };
  if (changed === null || changed === drawn.lifted) return { redraw: false, lifted: drawn.lifted };
  return changed === selectedId ? { redraw: true, lifted: changed } : { redraw: true, lifted: null };
}

const sameRefs = (a: readonly unknown[], b: readonly unknown[]) => a.length === b.length && a.every((x, i) => x === b[i]);

/**
 * The one box that differs between two lists of a frame's boxes: null when none does, undefined
 * when more than one does or the lists differ otherwise (length, order, ids, a class).
 */
function changedBox(before: readonly OverlayCuboid[], after: readonly OverlayCuboid[]): string | null | undefined {
  if (before.length !== after.length) return undefined;
  let changed: string | null = null;
  for (let i = 0; i < after.length; i++) {
    const a = before[i];
    const b = after[i];
    if (a === b) continue;
    if (a.objectId !== b.objectId || a.classId !== b.classId) return undefined;
    if (sameCuboid(a.cuboid, b.cuboid)) continue;
    if (changed !== null) return undefined;
    changed = b.objectId;
  }
  return changed;
}
