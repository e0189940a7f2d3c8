import type { Image2dAnnotation } from '../annotations/guards';
import type { ManifestBuilder } from './conversionManifest';
import type { LabelSet } from './labelSet';
import { recordAttributes } from './openlabelAttributes';
import type { OlNamed } from './openlabelTypes';

/** A frame's object_data while it is being filled: elements by OpenLABEL type (cuboid, bbox, poly2d). */
export type ElementsByType = Record<string, OlNamed<unknown>[]>;

export const IMAGE_2D_NOTE =
  '2D labels: bbox val is [x, y, w, h] with (x, y) the box\'s centre, and poly2d val is [x0, y0, x1, y1, …] (closed, MODE_POLY2D_ABSOLUTE), in pixels of the camera named by coordinate_system (x right, y down, from the image\'s top-left corner). A label linked to a 3D object is data of that object; a 2D-only one is an object of its own; "cairn:trackId" is the label\'s own track and "cairn:derived" the 3D track a projected box follows.';

/** 2D labels on frames of the set, in scene order (frame, then track, then record). */
export function labels2dInOrder(set: LabelSet, indexOf: ReadonlyMap<string, number>): Image2dAnnotation[] {
  const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
  return (set.labels2d ?? [])
    .filter((r) => indexOf.has(r.frameId))
    .sort((a, b) => indexOf.get(a.frameId)! - indexOf.get(b.frameId)! || cmp(a.trackId, b.trackId) || cmp(a.objectId, b.objectId));
}

/** Labels whose frame the set does not hold have nowhere to go: each is listed as lost; returns how many. */
export function labels2dOutside(set: LabelSet, indexOf: ReadonlyMap<string, number>, manifest: ManifestBuilder): number {
  let n = 0;
  for (const r of set.labels2d ?? []) {
    if (indexOf.has(r.frameId)) continue;
    manifest.lose(`2D label (${r.kind})`, 'its frame is not in the scene, so it has no OpenLABEL frame', r.objectId);
    n++;
  }
  return n;
}

export function image2dElement(r: Image2dAnnotation): { type: 'bbox' | 'poly2d'; element: OlNamed<unknown> } {
  const text: OlNamed<string>[] = [{ name: 'cairn:trackId', val: r.trackId }];
  const boolean: OlNamed<boolean>[] = [];
  if (r.kind === 'box2d') {
    if (r.derived) text.push({ name: 'cairn:derived', val: JSON.stringify(r.derived) });
    if (r.ignore) boolean.push({ name: 'cairn:ignore', val: true });
  }
  const attributes = recordAttributes(r, { text, boolean });
  if (r.kind === 'box2d') {
    const { x0, y0, x1, y1 } = r.box;
    return { type: 'bbox', element: { name: 'box2d', coordinate_system: r.cameraId, val: [(x0 + x1) / 2, (y0 + y1) / 2, x1 - x0, y1 - y0], attributes } };
  }
  const element = { name: 'polygon2d', coordinate_system: r.cameraId, val: r.vertices.flat(), mode: 'MODE_POLY2D_ABSOLUTE', closed: true, attributes };
  return { type: 'poly2d', element };
}
