import { describe, expect, it } from 'vitest';
import { quatFromYaw } from '../geometry/quaternion';
import { canonicalJson } from '../model/annotation';
import { RELEASE_0_1_ONTOLOGY_VERSION } from './cuboid/upgrade';
import { ANNOTATION_KINDS, annotationKind, annotationRecordSchema, upgradeRecord } from './registry';

const OBJECT = '0b7d1c3e-5f6a-4b8c-9d0e-1f2a3b4c5d6e';
const SCENE = '6f1c2b9e-3d4a-4e5f-8a6b-7c8d9e0f1a2b';
const FRAME = '11111111-1111-4111-8111-111111111111';

/** A cuboid as Cairn 0.1.0 stored it: no kind, no track, no ontology version. */
const release01 = {
  objectId: OBJECT,
  sceneId: SCENE,
  frameId: FRAME,
  classId: 'car',
  cuboid: { frame: 'lidar', center: [1, 2, 0.8], size: [4.5, 1.9, 1.6], rotation: quatFromYaw(0.4) },
  attributes: { occluded: true },
  author: 'ann',
  createdAt: 1_700_000_000_000,
  updatedAt: 1_700_000_000_500,
};

describe('the annotation kind registry', () => {
  it('names each kind once and finds its module by name', () => {
    const names = ANNOTATION_KINDS.map((k) => k.kind);
    expect(new Set(names).size).toBe(names.length);
    for (const k of ANNOTATION_KINDS) expect(annotationKind(k.kind)).toBe(k);
    expect(annotationKind('polygon')).toBeUndefined();
  });

  it('upgrades a 0.1.0 record to a valid cuboid that is a track of its own, made under ontology version 1', () => {
    const upgraded = annotationRecordSchema.parse(upgradeRecord(release01));
    expect(upgraded).toEqual({ ...release01, kind: 'cuboid', trackId: OBJECT, ontologyVersion: RELEASE_0_1_ONTOLOGY_VERSION });
    expect(RELEASE_0_1_ONTOLOGY_VERSION).toBe(1);
  });

  it('leaves a current record as it is', () => {
    const current = annotationRecordSchema.parse(upgradeRecord(release01));
    const again = { ...current, trackId: '22222222-2222-4222-8222-222222222222', ontologyVersion: 3 };
    expect(canonicalJson(upgradeRecord(again))).toBe(canonicalJson(again));
  });

  it('refuses, through the union, a record of a kind no module registers', () => {
    const current = annotationRecordSchema.parse(upgradeRecord(release01));
    const result = annotationRecordSchema.safeParse({ ...current, kind: 'polygon' });
    expect(result.success).toBe(false);
    expect(result.error!.issues[0].path).toEqual(['kind']);
    expect(upgradeRecord({ ...current, kind: 'polygon' })).toEqual({ ...current, kind: 'polygon' });
  });
});
