import type { CuboidAnnotation } from '../annotations/cuboid/schema';
import { yawOf } from '../geometry/quaternion';
import type { AgreementBox, AnnotatorLabels } from './types';

/** A stored cuboid record as agreement reads it: upright, heading from its quaternion. */
export function agreementBoxOf(record: CuboidAnnotation): AgreementBox {
  const { cuboid } = record;
  return {
    objectId: record.objectId,
    trackId: record.trackId,
    classId: record.classId,
    attributes: record.attributes,
    center: [cuboid.center[0], cuboid.center[1], cuboid.center[2]],
    size: [cuboid.size[0], cuboid.size[1], cuboid.size[2]],
    yaw: yawOf(cuboid.rotation),
  };
}

/** One annotator's cuboid records (one replica), grouped by frame id. */
export function annotatorLabelsOf(annotator: string, records: Iterable<CuboidAnnotation>): AnnotatorLabels {
  const frames: Record<string, AgreementBox[]> = {};
  for (const record of records) (frames[record.frameId] ??= []).push(agreementBoxOf(record));
  return { annotator, frames };
}
