import type { AttributeValue } from '../annotations/recordFields';
import type { AgreementBox } from './types';

/** A box for tests: a 4.5 × 1.9 × 1.6 car at (x, y, 0) unless told otherwise. */
export function testBox(
  objectId: string,
  x: number,
  y: number,
  more: { trackId?: string; classId?: string; yaw?: number; size?: readonly [number, number, number]; z?: number; attributes?: Record<string, AttributeValue> } = {},
): AgreementBox {
  return {
    objectId,
    trackId: more.trackId ?? objectId,
    classId: more.classId ?? 'car',
    attributes: more.attributes ?? {},
    center: [x, y, more.z ?? 0],
    size: more.size ?? [4.5, 1.9, 1.6],
    yaw: more.yaw ?? 0,
  };
}
