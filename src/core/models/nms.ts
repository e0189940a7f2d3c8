import { boxIou, type Detection2D } from './detection';

/**
 * Class-wise greedy non-maximum suppression: highest score first, a box is dropped when it
 * overlaps a kept box of the same class by more than `iou`. At most `max` boxes, best first; ties
 * keep the input order, so the result does not depend on the sort's stability.
 */
export function nonMaxSuppression(detections: readonly Detection2D[], iou: number, max: number): Detection2D[] {
  const order = detections.map((_, i) => i).sort((a, b) => detections[b].score - detections[a].score || a - b);
  const kept: Detection2D[] = [];
  const byClass = new Map<number, Detection2D[]>();
  for (const i of order) {
    if (kept.length >= max) break;
    const d = detections[i];
    const same = byClass.get(d.classIndex) ?? [];
    if (same.some((k) => boxIou(k, d) > iou)) continue;
    same.push(d);
    byClass.set(d.classIndex, same);
    kept.push(d);
  }
  return kept;
}
