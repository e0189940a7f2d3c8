import { cuboidContains, type Cuboid } from '../../geometry/cuboid';
import { detectionCuboid, type Detection3D } from './box3d';
import type { PillarCard } from './pillarCard';

/** A 3D detection made a proposal: the ontology class the card maps it to, and the scan's points inside it. */
export interface PillarProposal {
  readonly classId: string;
  /** The model's own class name. */
  readonly modelClass: string;
  readonly score: number;
  readonly cuboid: Cuboid;
  readonly pointCount: number;
}

/** Detections of a mapped class, best first, as boxes in the scan's frame; the rest are dropped, as the card says. */
export function pillarProposals(detections: readonly Detection3D[], card: PillarCard, frame: string, points: ArrayLike<number>, stride: number): PillarProposal[] {
  const out: PillarProposal[] = [];
  const n = Math.floor(points.length / stride);
  for (const d of detections) {
    const modelClass = card.classes[d.classIndex];
    const classId = card.classMap[modelClass];
    if (!classId) continue;
    const cuboid = detectionCuboid(d, frame);
    const reach = Math.hypot(d.size[0], d.size[1]) / 2;
    let pointCount = 0;
    for (let i = 0; i < n; i++) {
      const x = points[i * stride];
      const y = points[i * stride + 1];
      // Most points are far away: a square around the footprint rules them out cheaply.
      if (Math.abs(x - d.center[0]) > reach || Math.abs(y - d.center[1]) > reach) continue;
      if (cuboidContains(cuboid, [x, y, points[i * stride + 2]])) pointCount++;
    }
    out.push({ classId, modelClass, score: d.score, cuboid, pointCount });
  }
  return out;
}
