import { fitCuboidAtPoint, suggestFitOptions } from '../../assist';
import { cuboidBevIou } from '../../geometry/bevIou';
import { cuboidContains, type Cuboid } from '../../geometry/cuboid';
import type { Vec3 } from '../../geometry/vec3';
import type { ToolContext } from './context';
import { boxesInFrame, type FrameBox } from './frameBoxes';
import { ClickState } from './clickState';
import type { ToolPointerEvent } from './events';
import { StateNode } from './stateNode';
import { defineTool, type ToolDefinition } from './toolManager';

/** A clicked point this close to an existing box belongs to that box's object. */
const OWNED_MARGIN_M = 0.25;
/** A fitted box overlapping an existing one this much (BEV IoU) is the same object again. */
const SAME_OBJECT_IOU = 0.3;

class Idle extends StateNode {
  readonly id = 'idle';

  override onPointerDown(e: ToolPointerEvent): void {
    if (e.button === 0) this.goTo('pointing', e.screen);
  }
}

class Pointing extends ClickState {
  protected onClick(e: ToolPointerEvent): void {
    fitAt(this.ctx, e);
  }
}

function fitAt(ctx: ToolContext, e: ToolPointerEvent): void {
  const frame = ctx.frame();
  if (!frame) return ctx.say('No scan on screen to fit to.');
  const boxes = boxesInFrame(ctx.editor, frame.frameId);
  const seed = e.hit.point;
  const owner = seed ? boxHolding(boxes, seed) : boxes.find((b) => b.objectId === e.hit.objectId);
  if (owner) return selectExisting(ctx, owner);
  if (!seed) return ctx.say('No LiDAR point under the cursor: click on a point of the object.');
  const cls = ctx.activeClass();
  if (!cls) return ctx.say('Choose a class before fitting a box.');
  const fit = fitCuboidAtPoint(frame.points, frame.stride, seed, frame.sensorId, suggestFitOptions(seed, cls.defaultSize));
  if (!fit) return ctx.say('That point is on the ground or on nothing box-shaped: click a point of an object.');
  const same = sameObject(boxes, fit.cuboid);
  if (same) return selectExisting(ctx, same);
  const record = ctx.editor.createCuboid({ frameId: frame.frameId, classId: cls.classId, cuboid: fit.cuboid });
  ctx.select(record.objectId);
  ctx.setTool('select');
  ctx.say(`Fitted a box to ${fit.pointCount} points.`);
}

function selectExisting(ctx: ToolContext, box: FrameBox): void {
  ctx.select(box.objectId);
  ctx.setTool('select');
  ctx.say('That object already has a box: selected it (delete it to fit again).');
}

/** The box that holds the point (the nearest centre when several do). */
function boxHolding(boxes: readonly FrameBox[], p: Vec3): FrameBox | undefined {
  let best: FrameBox | undefined;
  let bestD = Infinity;
  for (const b of boxes) {
    if (!cuboidContains(b.cuboid, p, OWNED_MARGIN_M)) continue;
    const c = b.cuboid.center;
    const d = Math.hypot(p[0] - c[0], p[1] - c[1], p[2] - c[2]);
    if (d < bestD) {
      bestD = d;
      best = b;
    }
  }
  return best;
}

function sameObject(boxes: readonly FrameBox[], fitted: Cuboid): FrameBox | undefined {
  return boxes.find((b) => cuboidContains(b.cuboid, fitted.center) || cuboidBevIou(b.cuboid, fitted) >= SAME_OBJECT_IOU);
}

/**
 * Fit to point: a click on a LiDAR point of an object fits an upright box to it. A click on an
 * object that already has a box selects that box instead of fitting a second one; every refusal
 * says why.
 */
export const fitPointTool: ToolDefinition = defineTool('fit', [Idle, Pointing]);
