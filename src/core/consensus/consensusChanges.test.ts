import { describe, expect, it } from 'vitest';
import { asCuboid } from '../annotations/guards';
import { computeAgreement, annotatorLabelsOf } from '../agreement';
import type { CuboidAnnotation } from '../annotations/cuboid/schema';
import { createTestEditor, testCuboid } from '../editor/testEditor';
import { yawOf } from '../geometry/quaternion';
import { consensusChanges } from './consensusChanges';

const FRAMES = ['f0', 'f1'];

const id = (name: string, n: number) => `00000000-0000-4000-8000-${name.charCodeAt(0).toString(16).padStart(10, '0')}${n}${n}`;

/** A replica: the shared base box plus the annotator's own car on both frames (one track). */
function replica(name: string, base: CuboidAnnotation, dx: number, classId = 'car') {
  const car = (frameId: string, n: number, x: number): CuboidAnnotation => ({ ...base, objectId: id(name, n), trackId: id(name, 9), frameId, classId, cuboid: testCuboid(x, 0, 0.1) });
  return annotatorLabelsOf(name, [base, car('f0', 1, 10 + dx), car('f1', 2, 11 + dx)]);
}

describe('consensusChanges', () => {
  const base = createTestEditor({ frameOrder: FRAMES }).editor.createCuboid({ frameId: 'f0', classId: 'truck', cuboid: testCuboid(40, 0) });
  const stamp = { sceneId: base.sceneId, ontologyVersion: 3, author: 'lead', at: 5, boxFrame: () => 'lidar' };

  it('writes one box per agreed object, keeps a base object its ids, and is idempotent', () => {
    const input = { frameIds: FRAMES, annotators: [replica('anna', base, 0), replica('bert', base, 0.2), replica('carl', base, 9, 'bus')] };
    const result = computeAgreement(input, { metric: 'centre', threshold: 1, quorum: 2 });
    const shared = new Map([[base.objectId, base]]);
    // Equal centres average to exactly themselves (0.8 three times would sum to 0.8000000000000002).
    expect(result.consensus[0].boxes.find((b) => b.classId === 'truck')!.center).toEqual([40, 0, 0.8]);
    const changes = consensusChanges(result.consensus, shared, stamp);
    const after = changes.map((c) => c.after as CuboidAnnotation);
    const cars = after.filter((r) => r.classId === 'car');
    expect(cars.map((r) => r.frameId).sort()).toEqual(['f0', 'f1']);
    // One track across both frames, centred between Anna's and Bert's, with their heading.
    expect(new Set(cars.map((r) => r.trackId)).size).toBe(1);
    expect(cars.find((r) => r.frameId === 'f0')!.cuboid.center[0]).toBeCloseTo(10.1, 12);
    expect(yawOf(cars[0].cuboid.rotation)).toBeCloseTo(0.1, 12);
    expect(cars[0].ontologyVersion).toBe(3);
    // The shared truck is unchanged (every replica holds it as it was), so it is not written again.
    expect(changes.some((c) => c.objectId === base.objectId)).toBe(false);
    // Carl's bus has no quorum: it is not in the consensus.
    expect(after.some((r) => r.classId === 'bus')).toBe(false);

    const built = new Map(shared);
    for (const c of changes) built.set(c.objectId, asCuboid(c.after));
    expect(consensusChanges(result.consensus, built, { ...stamp, at: 99 })).toEqual([]);
  });

  it('removes shared boxes on the consensus frames that the consensus does not hold', () => {
    const input = { frameIds: FRAMES, annotators: [replica('anna', base, 0), replica('bert', base, 0.2)] };
    const result = computeAgreement(input, { metric: 'centre', threshold: 1, quorum: 2 });
    const stray = { ...base, objectId: '00000000-0000-4000-8000-0000000000ff', cuboid: testCuboid(-30, 5) };
    const changes = consensusChanges(result.consensus, new Map([[base.objectId, base], [stray.objectId, stray]]), stamp);
    expect(changes.find((c) => c.objectId === stray.objectId)).toEqual({ objectId: stray.objectId, before: stray, after: null });
  });
});
