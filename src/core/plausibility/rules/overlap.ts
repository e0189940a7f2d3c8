import { footprintRadius, iou3dOf, type UprightBox } from '../../agreement/boxOverlap';
import { yawOf } from '../../geometry/quaternion';
import type { RuleFinding, PlacedBox } from '../types';
import { where } from './tracks';

function upright(box: PlacedBox): UprightBox {
  const c = box.record.cuboid;
  return { center: c.center, size: c.size, yaw: yawOf(c.rotation) };
}

/**
 * Two objects of one frame sharing space: each pair whose 3D IoU exceeds `limit` is one finding,
 * on the first of the two in object-id order. Pairs too far apart to touch are skipped before any
 * polygon is clipped, so a frame of a thousand boxes stays cheap.
 */
export function overlapFindings(frame: readonly PlacedBox[], limit: number): RuleFinding[] {
  const boxes = frame.filter((b) => b.record.cuboid.frame === frame[0].record.cuboid.frame).sort((a, b) => (a.record.objectId < b.record.objectId ? -1 : 1));
  const shapes = boxes.map(upright);
  const radii = shapes.map(footprintRadius);
  const order = shapes.map((_, i) => i).sort((a, b) => shapes[a].center[0] - shapes[b].center[0]);
  const maxRadius = Math.max(0, ...radii);
  const out: RuleFinding[] = [];
  for (let oi = 0; oi < order.length; oi++) {
    const i = order[oi];
    for (let oj = oi + 1; oj < order.length; oj++) {
      const j = order[oj];
      const dx = shapes[j].center[0] - shapes[i].center[0];
      if (dx > radii[i] + maxRadius) break;
      const reach = radii[i] + radii[j];
      if (Math.hypot(dx, shapes[j].center[1] - shapes[i].center[1]) > reach) continue;
      const iou = iou3dOf(shapes[i], shapes[j]);
      if (iou > limit) {
        const [first, second] = i < j ? [boxes[i], boxes[j]] : [boxes[j], boxes[i]];
        out.push({
          rule: 'overlap',
          ...where(first),
          otherObjectId: second.record.objectId,
          value: iou,
          limit,
          message: `overlaps ${second.record.classId} ${second.record.objectId.slice(0, 8)} (3D IoU ${iou.toFixed(2)}, ${limit} allowed)`,
        });
      }
    }
  }
  return out;
}
