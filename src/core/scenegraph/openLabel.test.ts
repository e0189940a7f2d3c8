import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { quatFromYaw, rotateVec3, type Quat } from '../geometry/quaternion';
import type { Vec3 } from '../geometry/vec3';
import { classFromType, readOpenLabel } from './openLabel';
import { quatFromEulerZyx } from './openLabelCuboid';
import { IMPORT_NAMESPACE, uuidFromName } from '../model/uuidFromName';
import { openLabelExample } from './testing/openLabelExample';

const SOURCE = 'scene.openlabel.json';

function expectQuat(actual: Quat, expected: Quat) {
  // q and −q are one rotation.
  const s = Math.sign(actual[0] * expected[0] + actual[1] * expected[1] + actual[2] * expected[2] + actual[3] * expected[3]) || 1;
  actual.forEach((v, i) => expect(v * s).toBeCloseTo(expected[i], 9));
}

describe('readOpenLabel', () => {
  const scene = readOpenLabel(openLabelExample(), SOURCE);
  const track = (uid: string) => scene.cuboids.filter((c) => c.trackId === `openlabel-${uid}`);

  it('turns each object with a cuboid into a track of boxes, one per frame it has a box in', () => {
    expect(track('0').map((c) => c.frameIndex)).toEqual([0, 1, 2, 3]);
    expect(track('1').map((c) => c.frameIndex)).toEqual([0, 1, 2]);
    // Static data holds in every frame of the document.
    expect(track('2').map((c) => c.frameIndex)).toEqual([0, 1, 2, 3]);
    expect(track('3')).toEqual([]);
    expect(scene.cuboids).toHaveLength(11);
    expect(scene.frameIndices).toEqual([0, 1, 2, 3]);
  });

  it('keeps one objectId per object across frames, a UUID derived from the uid', () => {
    const ids = new Set(track('0').map((c) => c.objectId));
    expect(ids.size).toBe(1);
    const [id] = ids;
    expect(id).toBe(uuidFromName(IMPORT_NAMESPACE, 'openlabel|object|0'));
    expect(z.uuid().safeParse(id).success).toBe(true);
    expect(track('1')[0].objectId).not.toBe(id);
  });

  it('takes the class from the type, keeping the type as the source class', () => {
    expect(track('0')[0]).toMatchObject({ classId: 'car', sourceClass: 'Car', name: 'car-0' });
    expect(track('1')[0]).toMatchObject({ classId: 'cyclist', sourceClass: '#Cyclist' });
    expect(readOpenLabel(openLabelExample(), SOURCE, { classMap: { Car: 'vehicle' } }).cuboids[0].classId).toBe('vehicle');
    expect(classFromType('TrafficSign')).toBe('traffic_sign');
    expect(classFromType('#Traffic light')).toBe('traffic_light');
  });

  it('reads quaternion cuboids as (x, y, z, qx, qy, qz, qw, sx, sy, sz)', () => {
    const box = track('0')[1].cuboid;
    expect(box.center).toEqual([11, 0, 0.8]);
    expect(box.size).toEqual([4.5, 1.9, 1.6]);
    expectQuat(box.rotation, [0, 0, Math.SQRT1_2, Math.SQRT1_2]);
  });

  it('reads Euler cuboids as (x, y, z, rx, ry, rz, sx, sy, sz), rotation applied ZYX', () => {
    const box = track('1')[2].cuboid;
    expect(box.center).toEqual([4, -3, 0.9]);
    expect(box.size).toEqual([1.8, 0.6, 1.7]);
    expectQuat(box.rotation, quatFromYaw(Math.PI / 2));
    expectQuat(track('2')[0].cuboid.rotation, quatFromYaw(Math.PI));
  });

  it('composes Euler angles as Rz·Ry·Rx', () => {
    const [rx, ry, rz] = [0.3, -0.5, 1.2];
    const rotX = (v: Vec3): Vec3 => [v[0], Math.cos(rx) * v[1] - Math.sin(rx) * v[2], Math.sin(rx) * v[1] + Math.cos(rx) * v[2]];
    const rotY = (v: Vec3): Vec3 => [Math.cos(ry) * v[0] + Math.sin(ry) * v[2], v[1], -Math.sin(ry) * v[0] + Math.cos(ry) * v[2]];
    const rotZ = (v: Vec3): Vec3 => [Math.cos(rz) * v[0] - Math.sin(rz) * v[1], Math.sin(rz) * v[0] + Math.cos(rz) * v[1], v[2]];
    const q = quatFromEulerZyx(rx, ry, rz);
    for (const v of [[1, 0, 0], [0, 1, 0], [0.2, -0.7, 1.5]] as Vec3[]) {
      const expected = rotZ(rotY(rotX(v)));
      rotateVec3(q, v).forEach((c, i) => expect(c).toBeCloseTo(expected[i], 12));
    }
  });

  it('names each cuboid frame after its coordinate system, mapped to Cairn frames', () => {
    expect(track('0')[0].cuboid.frame).toBe('velodyne');
    expect(track('1')[0].cuboid.frame).toBe('ego');
    expect(track('2')[0].cuboid.frame).toBe('world');
    expect(scene.coordinateSystems).toEqual({ odom: 'world', 'vehicle-iso8855': 'ego', velodyne: 'velodyne' });
    const renamed = readOpenLabel(openLabelExample(), SOURCE, { frameNames: { velodyne: 'lidar_top' } });
    expect(renamed.cuboids[0].cuboid.frame).toBe('lidar_top');
  });

  it('merges static attributes, per-frame attributes and cuboid attributes', () => {
    expect(track('1')[0].attributes).toEqual({ score: 0.9 });
    expect(track('2')[3].attributes).toEqual({ state: 'parked' });
  });

  it('turns relations between objects with cuboids into Cairn relations between their tracks', () => {
    const summary = scene.relations.map((r) => [r.subject, r.predicate, r.object, r.frameIntervals ?? 'always']);
    expect(summary).toEqual([
      ['openlabel-1', 'follows', 'openlabel-0', [[0, 2]]],
      ['openlabel-0', 'isNear', 'openlabel-2', 'always'],
      // No frame_intervals: the frames that list the relation say when it holds.
      ['openlabel-1', 'overtakes', 'openlabel-0', [[1, 2]]],
      ['openlabel-1', 'overtakes', 'openlabel-2', [[1, 2]]],
      ['openlabel-2', 'watches', 'openlabel-1', 'always'],
    ]);
    const ids = scene.relations.map((r) => r.relationId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(z.uuid().safeParse(id).success).toBe(true);
  });

  it('lists what it did not convert, with where and how often', () => {
    const whats = scene.skipped.map((s) => [s.path, s.what, s.count]);
    expect(whats).toEqual(
      expect.arrayContaining([
        ['openlabel.actions', 'action', 1],
        ['openlabel.streams', expect.stringContaining('sensor stream'), 1],
        ['openlabel.frames.1.objects.1.object_data.bbox', '2D box (bbox) of object "1" (#Cyclist)', 1],
        ['openlabel.objects.3.object_data.poly3d', '3D polyline (poly3d) of object "3" (Lane)', 1],
        ['openlabel.objects.3', 'object "3" (Lane) has no cuboid', 1],
        ['openlabel.relations.2', 'relation "2" (isLocatedIn): links object "3", which has no cuboid', 1],
        ['openlabel.relations.3', 'relation "3" (performs): links action "0"; Cairn relations link objects only', 1],
      ]),
    );
    expect(scene.skipped).toHaveLength(7);
  });

  it('is deterministic: the same document gives the same ids', () => {
    expect(readOpenLabel(openLabelExample(), 'other.json')).toEqual(scene);
  });

  it('reads a document without frames as one static frame 0', () => {
    const doc = { openlabel: { metadata: { schema_version: '1.0.0' }, objects: { a: { name: 'a', type: 'Pedestrian', object_data: { cuboid: [{ name: 's', val: [1, 2, 3, 0, 0, 0, 0.5, 0.5, 1.8] }] } } } } };
    const single = readOpenLabel(doc, SOURCE, { defaultFrame: 'lidar_top' });
    expect(single.cuboids).toHaveLength(1);
    expect(single.cuboids[0]).toMatchObject({ frameIndex: 0, classId: 'pedestrian', trackId: 'openlabel-a', cuboid: { frame: 'lidar_top' } });
    expect(readOpenLabel(doc, SOURCE).cuboids[0].cuboid.frame).toBe('ego');
  });

  it('derives ids under the namespace it is given, so two scenes do not share them', () => {
    const ns = '3b2a4c5d-6e7f-4a8b-9c0d-1e2f3a4b5c6d';
    const other = readOpenLabel(openLabelExample(), SOURCE, { idNamespace: ns });
    expect(other.cuboids[0].objectId).toBe(uuidFromName(ns, 'openlabel|object|0'));
    expect(other.relations[0].relationId).not.toBe(scene.relations[0].relationId);
  });

  it('takes uids, types and data kinds named like built-in properties as plain names', () => {
    const cuboid = { cuboid: [{ name: 's', val: [0, 0, 0, 0, 0, 0, 4, 2, 1.5] }], toString: [{ name: 'x', val: 1 }] };
    const doc = { openlabel: { objects: { constructor: { name: 'c', type: 'toString', object_data: cuboid } }, frames: { '0': { objects: { toString: {} } } } } };
    expect(() => readOpenLabel(doc, SOURCE)).toThrow('openlabel.frames.0.objects.toString: object "toString" is not declared');
    delete (doc.openlabel.frames as Record<string, unknown>)['0'];
    const scene = readOpenLabel(doc, SOURCE, { classMap: {} });
    expect(scene.cuboids[0]).toMatchObject({ trackId: 'openlabel-constructor', classId: 'to_string' });
    expect(scene.skipped.map((x) => x.what)).toEqual(['"toString" data of object "constructor" (toString)']);
  });

  it('keeps a UUID uid as the objectId', () => {
    const uid = '6f1c2d3e-4a5b-4c6d-8e7f-0123456789ab';
    const doc = { openlabel: { objects: { [uid]: { name: 'x', type: 'Car', object_data: { cuboid: [{ name: 's', val: [0, 0, 0, 0, 0, 0, 4, 2, 1.5] }] } } } } };
    expect(readOpenLabel(doc, SOURCE).cuboids[0]).toMatchObject({ objectId: uid, trackId: `openlabel-${uid}` });
  });
});

describe('readOpenLabel on malformed input', () => {
  const REMOVE = Symbol('remove');
  /** The example with the value at `path` replaced (or removed), read: a thunk for toThrow. */
  const broken = (path: Array<string | number>, value: unknown) => {
    const doc = openLabelExample();
    let parent = doc as Record<string | number, unknown>;
    for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
    const last = path[path.length - 1];
    if (value === REMOVE) delete parent[last];
    else parent[last] = value;
    return () => readOpenLabel(doc, SOURCE);
  };
  const CUBOID = (frame: string, uid: string) => ['openlabel', 'frames', frame, 'objects', uid, 'object_data', 'cuboid', 0];

  it('names the source and says what a document is when it is not one', () => {
    expect(() => readOpenLabel(42, SOURCE)).toThrow('scene.openlabel.json: (root): not an OpenLABEL document');
    expect(() => readOpenLabel({ objects: {} }, SOURCE)).toThrow('not an OpenLABEL document');
    expect(() => readOpenLabel({ openlabel: [] }, SOURCE)).toThrow('scene.openlabel.json: openlabel: expected an object, got an array of 0');
  });

  it('refuses another major version', () => {
    expect(broken(['openlabel', 'metadata', 'schema_version'], '2.0.0')).toThrow(
      'openlabel.metadata.schema_version: Cairn reads OpenLABEL 1.x; this document is version 2.0.0',
    );
  });

  it('names the JSON path of a bad cuboid', () => {
    expect(broken([...CUBOID('2', '0'), 'val'], [1, 2, 3, 4, 5, 6, 7])).toThrow(
      'scene.openlabel.json: openlabel.frames.2.objects.0.object_data.cuboid[0].val: expected 9 (Euler) or 10 (quaternion) numbers, got 7',
    );
    expect(broken([...CUBOID('0', '1'), 'val', 4], 'up')).toThrow('openlabel.frames.0.objects.1.object_data.cuboid[0].val[4]: expected a finite number, got "up"');
    expect(broken(['openlabel', 'objects', '2', 'object_data', 'cuboid', 0, 'val', 7], 0)).toThrow(
      'openlabel.objects.2.object_data.cuboid[0].val[7]: a cuboid size must be positive, got 0',
    );
    expect(broken([...CUBOID('3', '0'), 'val'], [13, 0, 0.8, 0, 0, 0, 0, 4.5, 1.9, 1.6])).toThrow('the quaternion has zero length');
  });

  it('names bad frames, intervals and references', () => {
    expect(broken(['openlabel', 'frames', 'first'], {})).toThrow('openlabel.frames.first: expected a frame number');
    expect(broken(['openlabel', 'relations', '0', 'frame_intervals'], [{ frame_start: 3, frame_end: 1 }])).toThrow(
      'openlabel.relations.0.frame_intervals[0]: frame_end 1 is before frame_start 3',
    );
    expect(broken(['openlabel', 'frames', '1', 'objects', '9'], {})).toThrow('openlabel.frames.1.objects.9: object "9" is not declared in openlabel.objects');
    expect(broken(['openlabel', 'frames', '1', 'relations', '9'], {})).toThrow('openlabel.frames.1.relations.9: relation "9" is not declared');
    expect(broken(['openlabel', 'relations', '0', 'rdf_subjects'], REMOVE)).toThrow('openlabel.relations.0.rdf_subjects: expected an array, got nothing');
    expect(broken(['openlabel', 'objects', '1', 'type'], REMOVE)).toThrow('openlabel.objects.1.type: expected a string, got nothing');
    expect(broken([...CUBOID('0', '0'), 'coordinate_system'], 'radar')).toThrow(
      'coordinate system "radar" is not one of openlabel.coordinate_systems (odom, vehicle-iso8855, velodyne)',
    );
    expect(broken(['openlabel', 'objects', '2', 'object_data', 'text', 0, 'val'], 3)).toThrow('openlabel.objects.2.object_data.text[0].val: expected a string, got 3');
  });

  it('refuses to expand static data over an absurd interval', () => {
    expect(broken(['openlabel', 'objects', '2', 'frame_intervals'], [{ frame_start: 0, frame_end: 5e9 }])).toThrow('more than Cairn expands');
  });
});
