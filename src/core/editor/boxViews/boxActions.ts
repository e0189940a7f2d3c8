import type { Cuboid } from '../../geometry/cuboid';
import type { ToolContext, ToolFrame } from '../tools/context';
import { editFrameBox } from '../tools/editFrameBox';
import { boxOnFrame, type FrameBox } from '../tools/frameBoxes';
import { groundAround, groundUnderBox, MIN_SHRINK_POINTS, shrinkToPoints, snapBottomTo } from './boxFit';
import { applyNudge, nudgeLabel, type Nudge } from './nudge';
import type { BoxView } from './viewFrames';

/** What the box views' actions read and do: the tools' context, less what only pointer tools need. */
export type BoxActionContext = Pick<ToolContext, 'editor' | 'frame' | 'selectedId' | 'say'>;

/** The selected box on the frame on screen, or null (and why, said) when there is none. */
export function selectedFrameBox(ctx: BoxActionContext): { box: FrameBox; id: string; frame: ToolFrame } | null {
  const frame = ctx.frame();
  const id = ctx.selectedId();
  const box = frame && id !== null ? boxOnFrame(ctx.editor, id, frame.frameId) : null;
  if (!frame || id === null || !box) {
    ctx.say('Select a box to edit it in the box views.');
    return null;
  }
  return { box, id, frame };
}

/** Stores an edit of the selected box as one undo step; an interpolated box becomes a keyframe. */
function store(ctx: BoxActionContext, id: string, frameId: string, cuboid: Cuboid, label: string): void {
  editFrameBox(ctx.editor, id, frameId, { cuboid: { center: cuboid.center, size: cuboid.size, rotation: cuboid.rotation } }, label);
}

/** One keyboard step of the selected box in a view. Says whether there was a box to step. */
export function nudgeSelected(ctx: BoxActionContext, view: BoxView, nudge: Nudge): boolean {
  const s = selectedFrameBox(ctx);
  if (!s) return false;
  store(ctx, s.id, s.frame.frameId, applyNudge(s.box.cuboid, view, nudge), nudgeLabel(nudge));
  return true;
}

/** Shrinks the selected box to the points inside it above the ground, heading kept. Says whether it changed. */
export function shrinkSelected(ctx: BoxActionContext): boolean {
  const s = selectedFrameBox(ctx);
  if (!s) return false;
  const { points, stride } = s.frame;
  const fit = shrinkToPoints(s.box.cuboid, points, stride, groundAround(s.box.cuboid, points, stride));
  if (!fit) {
    ctx.say(`Fewer than ${MIN_SHRINK_POINTS} points inside the box above the ground: nothing to shrink to.`);
    return false;
  }
  store(ctx, s.id, s.frame.frameId, fit.cuboid, 'shrink cuboid to points');
  ctx.say(`Shrunk to the ${fit.pointCount} points inside.`);
  return true;
}

/** Moves the selected box's bottom to the ground around it, top kept. Says whether it found ground. */
export function snapSelectedToGround(ctx: BoxActionContext): boolean {
  const s = selectedFrameBox(ctx);
  if (!s) return false;
  const groundZ = groundUnderBox(s.box.cuboid, s.frame.points, s.frame.stride);
  if (groundZ === null) {
    ctx.say('No ground found around the box to snap to.');
    return false;
  }
  store(ctx, s.id, s.frame.frameId, snapBottomTo(s.box.cuboid, groundZ), 'snap cuboid to ground');
  return true;
}
