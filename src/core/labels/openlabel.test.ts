import Ajv from 'ajv';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../model/annotation';
import { lostCount } from './conversionManifest';
import { generatedLabelSet } from './generatedLabels';
import { OPENLABEL_1_0_DERIVED_SCHEMA } from './openlabelSchema';
import { readOpenLabel } from './openlabelRead';
import { writeOpenLabel } from './openlabelWrite';
import type { LabelSet } from './labelSet';

const validate = new Ajv({ allErrors: true, strict: false }).compile(OPENLABEL_1_0_DERIVED_SCHEMA);

function expectValid(doc: unknown): void {
  const ok = validate(doc);
  expect(ok ? [] : validate.errors).toEqual([]);
}

/**
 * The same labels, order aside: the round trip must give every field back exactly, as the store
 * compares records (canonical JSON, where −0 and 0 are one number).
 */
function expectSameSet(actual: LabelSet, expected: LabelSet): void {
  const byId = <T extends { objectId: string }>(xs: readonly T[]) => [...xs].sort((a, b) => (a.objectId < b.objectId ? -1 : 1)).map(canonicalJson);
  expect(byId(actual.records)).toEqual(byId(expected.records));
  expect(actual.frames).toEqual(expected.frames);
  expect(actual.sceneId).toBe(expected.sceneId);
  expect(actual.sceneName).toBe(expected.sceneName);
  expect(actual.tracks).toEqual(expected.tracks);
  expect(actual.ontology).toEqual(expected.ontology);
  expect(actual.provenance).toEqual(expected.provenance);
}

describe('OpenLABEL 1.0', () => {
  it('round-trips generated label sets field for field (any rotation, either quaternion sign, yaw past ±π, tracks with gaps, attributes of each type)', () => {
    for (let seed = 1; seed <= 40; seed++) {
      const set: LabelSet = {
        ...generatedLabelSet({ seed, frames: 6, tracks: 7, poses: seed % 2 === 0 }),
        ...(seed % 3 === 0 ? { ontology: { ontologyId: 'default', version: 3 }, provenance: { tool: 'cairn', toolVersion: '0.1.0', source: 'ws', exportedAt: '2026-12-06T00:00:00Z' } } : {}),
      };
      const withTracks: LabelSet = seed % 4 === 0 ? { ...set, tracks: { [set.records[0].trackId]: { centre: 'catmull-rom', size: 'linear' } } } : set;
      const { document, manifest } = writeOpenLabel(withTracks);
      expectValid(document);
      expect(manifest.lost).toEqual([]);
      const back = readOpenLabel(JSON.parse(JSON.stringify(document)), { source: `seed ${seed}` });
      expect(back.manifest.lost).toEqual([]);
      expectSameSet(back.set, withTracks);
    }
  });

  it('writes each track as one object with its frame intervals and each record as a quaternion cuboid in its named coordinate system', () => {
    const set = generatedLabelSet({ seed: 7, frames: 5, tracks: 2, poses: true });
    const { document } = writeOpenLabel(set);
    const ol = document.openlabel;
    const r = set.records[0];
    expect(ol.metadata.schema_version).toBe('1.0.0');
    expect(ol.objects![r.trackId]).toMatchObject({ name: r.trackId, type: r.classId });
    const index = set.frames.find((f) => f.frameId === r.frameId)!.index;
    const cuboid = ol.frames![String(index)].objects![r.trackId].object_data!.cuboid![0];
    expect(cuboid.coordinate_system).toBe('velodyne');
    expect(cuboid.val).toEqual([...r.cuboid.center, ...r.cuboid.rotation, ...r.cuboid.size]);
    expect(ol.coordinate_systems).toMatchObject({ world: { type: 'scene_cs', parent: '' }, velodyne: { type: 'sensor_cs', parent: 'world' } });
    expect(ol.frames!['0'].frame_properties!.transforms!.velodyne_to_world.transform_src_to_dst).toEqual({
      quaternion: [...set.frames[0].worldFrom!.velodyne.rotation],
      translation: [...set.frames[0].worldFrom!.velodyne.translation],
    });
  });

  it('lists in the manifest what Cairn cannot hold from another tool\'s file: 2D boxes, polygons, a relation to an object without a cuboid, objects without a cuboid', () => {
    const doc = {
      openlabel: {
        metadata: { schema_version: '1.0.0', annotator: 'other-tool' },
        objects: {
          '0': { name: 'car1', type: 'Car' },
          '1': { name: 'sign', type: 'TrafficSign' },
        },
        relations: { '0': { name: 'r', type: 'isNear', rdf_subjects: [{ uid: '0', type: 'object' }], rdf_objects: [{ uid: '1', type: 'object' }] } },
        frames: {
          '0': {
            objects: {
              '0': {
                object_data: {
                  cuboid: [{ name: 'shape3D', val: [10, 2, 0.5, 0, 0, 0.3, 4.1, 1.8, 1.5], coordinate_system: 'odom' }],
                  bbox: [{ name: 'shape2D', val: [300, 200, 50, 40] }],
                  text: [{ name: 'colour', val: 'red' }],
                },
              },
              '1': { object_data: { poly2d: [{ name: 'outline', val: [1, 2, 3, 4, 5, 6], closed: true, mode: 'MODE_POLY2D_ABSOLUTE' }] } },
            },
          },
        },
      },
    };
    expectValid(doc);
    const { set, manifest } = readOpenLabel(doc, { source: 'other.json', now: 5 });
    expect(set.records).toHaveLength(1);
    const [r] = set.records;
    expect(r).toMatchObject({ classId: 'Car', author: 'other-tool', createdAt: 5, attributes: { colour: 'red' }, cuboid: { frame: 'odom', center: [10, 2, 0.5], size: [4.1, 1.8, 1.5] } });
    // Euler form: a yaw of 0.3 about z.
    expect(r.cuboid.rotation[2]).toBeCloseTo(Math.sin(0.15), 12);
    expect(lostCount(manifest, 'object_data.bbox')).toBe(1);
    expect(lostCount(manifest, 'object_data.poly2d')).toBe(1);
    expect(lostCount(manifest, 'relation')).toBe(1);
    expect(manifest.lost.find((l) => l.field === 'relation')!.why).toMatch(/links object "1", which has no cuboid here/);
    expect(set.relations).toBeUndefined();
    expect(lostCount(manifest, 'object without a cuboid')).toBe(1);
  });

  it('refuses a document that is not OpenLABEL 1.x, naming the file', () => {
    expect(() => readOpenLabel({ vcd: {} }, { source: 'x.json' })).toThrow('x.json: not an OpenLABEL document');
    expect(() => readOpenLabel({ openlabel: { metadata: { schema_version: '0.3.1' } } }, { source: 'y.json' })).toThrow('y.json: metadata.schema_version is "0.3.1"');
  });

  it('the derived schema rejects what OpenLABEL forbids', () => {
    expect(validate({ openlabel: { metadata: { schema_version: '1.0.0' }, objects: { 'not a uid': { name: 'a', type: 'b' } } } })).toBe(false);
    expect(validate({ openlabel: { metadata: { schema_version: '1.0.0' }, frames: { '0': { objects: { '1': { object_data: { cuboid: [{ name: 'c', val: [1, 2, 3] }] } } } } } } })).toBe(false);
    expect(validate({ openlabel: { metadata: {} } })).toBe(false);
  });
});
