import { bevIouOf } from '../../agreement/boxOverlap';
import type { Detection3D } from './box3d';

/**
 * Greedy non-maximum suppression on rotated bird's-eye footprints (exact polygon IoU, the one the
 * agreement matcher uses): highest score first, a box is dropped when its footprint overlaps a
 * kept one by more than `iou`, among boxes of its class (`perClass`) or among all (OpenPCDet's
 * default for one head). At most `max` boxes, best first; ties keep the input order.
 */
export function rotatedNms(detections: readonly Detection3D[], iou: number, max: number, perClass: boolean): Detection3D[] {
  const order = detections.map((_, i) => i).sort((a, b) => detections[b].score - detections[a].score || a - b);
  const kept: Detection3D[] = [];
  for (const i of order) {
    if (kept.length >= max) break;
    const d = detections[i];
    const box = { center: d.center, size: d.size, yaw: d.yaw };
    if (kept.some((k) => (!perClass || k.classIndex === d.classIndex) && bevIouOf(k, box) > iou)) continue;
    kept.push(d);
  }
  return kept;
}
