import Ajv from 'ajv';
import { describe, expect, it } from 'vitest';
import type { Box2dAnnotation } from '../annotations/box2d/schema';
import type { Polygon2dAnnotation } from '../annotations/polygon2d/schema';
import { lostCount } from './conversionManifest';
import { generatedLabelSet } from './generatedLabels';
import { writeKittiTracking } from './kittiWrite';
import type { LabelSet } from './labelSet';
import { writeNuScenes } from './nuscenesWrite';
import { OPENLABEL_1_0_DERIVED_SCHEMA } from './openlabelSchema';
import { writeOpenLabel } from './openlabelWrite';

const validate = new Ajv({ allErrors: true, strict: false }).compile(OPENLABEL_1_0_DERIVED_SCHEMA);
const id = (n: number) => `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;

function withLabels2d(): { set: LabelSet; linked: Box2dAnnotation; alone: Polygon2dAnnotation } {
  const base = generatedLabelSet({ seed: 3, frames: 3, tracks: 1, poses: true });
  const cuboid = base.records[0];
  const common = { sceneId: base.sceneId, frameId: cuboid.frameId, ontologyVersion: 1, attributes: {}, author: 'a', createdAt: 1, updatedAt: 2 };
  const linked: Box2dAnnotation = {
    ...common,
    kind: 'box2d',
    objectId: id(1),
    trackId: id(2),
    classId: cuboid.classId,
    cameraId: 'CAM_FRONT',
    box: { x0: 100, y0: 50, x1: 300, y1: 150 },
    linkedTrackId: cuboid.trackId,
    derived: { sourceTrackId: cuboid.trackId, detached: false },
  };
  const alone: Polygon2dAnnotation = {
    ...common,
    kind: 'polygon2d',
    objectId: id(3),
    trackId: id(4),
    classId: 'sign',
    cameraId: 'CAM_LEFT',
    vertices: [[0, 0], [10, 0], [10, 5]],
    linkedTrackId: null,
  };
  return { set: { ...base, labels2d: [linked, alone] }, linked, alone };
}

describe('2D labels in the exports', () => {
  it('OpenLABEL: a linked box is a centre-based bbox of its 3D object, a 2D-only polygon an object of its own, in its camera', () => {
    const { set, linked, alone } = withLabels2d();
    const { document, manifest } = writeOpenLabel(set);
    expect(validate(document) ? [] : validate.errors).toEqual([]);
    const ol = document.openlabel;
    const frame = Object.values(ol.frames!).find((f) => f.objects?.[linked.linkedTrackId!]?.object_data?.bbox)!;
    const data = frame.objects![linked.linkedTrackId!].object_data!;
    expect(data.cuboid).toHaveLength(1);
    const [bbox] = data.bbox as { val: number[]; coordinate_system: string; attributes: { text: { name: string; val: string }[] } }[];
    expect(bbox.val).toEqual([200, 100, 200, 100]);
    expect(bbox.coordinate_system).toBe('CAM_FRONT');
    expect(bbox.attributes.text).toContainEqual({ name: 'cairn:objectId', val: linked.objectId });
    const poly = frame.objects![alone.trackId].object_data!.poly2d as { val: number[]; closed: boolean }[];
    expect(poly[0]).toMatchObject({ val: [0, 0, 10, 0, 10, 5], closed: true });
    expect(ol.objects?.[alone.trackId]).toMatchObject({ type: 'sign' });
    expect(ol.streams!.CAM_FRONT.type).toBe('camera');
    expect(manifest.written).toBe(set.records.length + 2);
    expect(manifest.read).toBe(set.records.length + 2);
  });

  it('KITTI and nuScenes list each 2D label as lost, by kind', () => {
    const { set } = withLabels2d();
    const kitti = writeKittiTracking(set).manifest;
    expect(lostCount(kitti, '2D label (box2d)')).toBe(1);
    expect(lostCount(kitti, '2D label (polygon2d)')).toBe(1);
    const nuscenes = writeNuScenes(set).manifest;
    expect(lostCount(nuscenes, '2D label (box2d)') + lostCount(nuscenes, '2D label (polygon2d)')).toBe(2);
  });
});
