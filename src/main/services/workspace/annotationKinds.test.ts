import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ANNOTATION_KINDS, type AnnotationKindName, type AnnotationRecord } from '../../../core/annotations/registry';
import { quatFromYaw } from '../../../core/geometry/quaternion';
import { labelPatchRecord } from '../../../core/annotations/labelPatch/record';
import { canonicalJson } from '../../../core/model/annotation';
import { paintPatch } from '../../../core/segmentation/labelPatch';
import { labelWord } from '../../../core/segmentation/labelWord';
import { Workspace } from './workspace';

const SCENE = '11111111-1111-4111-8111-111111111111';
const FRAME = '22222222-2222-4222-8222-222222222222';
const TRACK = '33333333-3333-4333-8333-333333333333';
const objectId = (n: number) => `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;

/** One record per registered kind: registering a kind without adding it here does not compile. */
const samples: { [K in AnnotationKindName]: (id: string) => Extract<AnnotationRecord, { kind: K }> } = {
  cuboid: (id) => ({
    kind: 'cuboid',
    objectId: id,
    trackId: TRACK,
    sceneId: SCENE,
    frameId: FRAME,
    classId: 'car',
    ontologyVersion: 4,
    cuboid: { frame: 'lidar', center: [12.5, -3.25, 0.8], size: [4.5, 1.9, 1.6], rotation: quatFromYaw(2.5) },
    attributes: { occluded: false, note: 'ünïcode ✓', truncation: 0.25 },
    author: 'ann',
    createdAt: 1_700_000_000_000,
    updatedAt: 1_700_000_000_001,
  }),
  box2d: (id) => ({
    kind: 'box2d',
    objectId: id,
    trackId: TRACK,
    sceneId: SCENE,
    frameId: FRAME,
    classId: 'car',
    ontologyVersion: 4,
    cameraId: 'CAM_FRONT',
    box: { x0: 10.5, y0: 20.25, x1: 640, y1: 360.75 },
    linkedTrackId: objectId(7),
    derived: { sourceTrackId: objectId(7), sourceObjectId: objectId(8), detached: false },
    attributes: { occluded: true },
    author: 'ann',
    createdAt: 1_700_000_000_000,
    updatedAt: 1_700_000_000_001,
  }),
  polygon2d: (id) => ({
    kind: 'polygon2d',
    objectId: id,
    trackId: TRACK,
    sceneId: SCENE,
    frameId: FRAME,
    classId: 'pedestrian',
    ontologyVersion: 4,
    cameraId: 'CAM_FRONT',
    vertices: [[1, 2], [30.5, 4], [12, 40.25]],
    linkedTrackId: null,
    attributes: {},
    author: 'ann',
    createdAt: 1_700_000_000_000,
    updatedAt: 1_700_000_000_001,
  }),
  relation: (id) => ({
    kind: 'relation',
    objectId: id,
    trackId: TRACK,
    sceneId: SCENE,
    frameId: FRAME,
    classId: 'follows',
    ontologyVersion: 4,
    relation: { subjectTrackId: '44444444-4444-4444-8444-444444444444', objectTrackId: '55555555-5555-4555-8555-555555555555', lastFrameId: '66666666-6666-4666-8666-666666666666' },
    attributes: {},
    author: 'ann',
    createdAt: 1_700_000_000_000,
    updatedAt: 1_700_000_000_001,
  }),
  labelPatch: (id) => ({
    ...labelPatchRecord(paintPatch(FRAME, new Uint32Array(5000), [3, 4, 5, 900, 4999], labelWord(40))!, {
      objectId: id,
      sceneId: SCENE,
      classId: 'road',
      label: labelWord(40),
      ordinal: 3,
      ontologyVersion: 4,
      author: 'ann',
      at: 1_700_000_000_000,
    }),
    trackId: TRACK,
  }),
};

let dir: string;
let ws: Workspace;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cairn-kinds-'));
  ws = Workspace.open(dir);
});
afterEach(() => {
  ws.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('every registered annotation kind', () => {
  it.each(ANNOTATION_KINDS.map((k) => k.kind))('%s: survives the store, a reopen and the log unchanged', (kind) => {
    const record = samples[kind](objectId(1));
    expect(ANNOTATION_KINDS.find((k) => k.kind === kind)!.schema.parse(record)).toEqual(record);
    ws.annotations.apply({ opId: objectId(100), sceneId: SCENE, author: 'ann', at: 1, label: `create ${kind}`, changes: [{ objectId: record.objectId, before: null, after: record }] });
    ws.close();
    ws = Workspace.open(dir);
    expect(ws.annotations.get(record.objectId)).toEqual(record);
    expect(ws.annotations.listTrack(SCENE, TRACK)).toEqual([record]);
    expect(ws.annotations.listFrame(SCENE, FRAME)).toEqual([record]);
    expect(canonicalJson(ws.annotations.rebuildFromLog(SCENE))).toBe(canonicalJson([record]));
  });
});
