import { describe, expect, it } from 'vitest';
import { newRelationRecord } from '../../annotations/relation/edit';
import type { CuboidAnnotation } from '../../annotations/cuboid/schema';
import { testOntology, testRecord } from '../../ontology/testOntology';
import { runChecks } from '../runChecks';
import { DEFAULT_PLAUSIBILITY } from '../settings';
import type { CheckFrame } from '../types';

const FRAMES: CheckFrame[] = Array.from({ length: 10 }, (_, i) => ({ frameId: `frame-${i}`, index: i, timestamp: i / 10 }));

/** Keyframes of one track on the listed frames. */
function track(classId: string, frames: number[]): CuboidAnnotation[] {
  const first = testRecord(classId, { occlusion: 'none' });
  return frames.map((i, k) => ({ ...first, objectId: `${first.objectId.slice(0, -4)}${(k + 0x1000).toString(16)}`, frameId: `frame-${i}` }));
}

const relation = (subject: string, object: string, first: number, last: number) =>
  newRelationRecord(
    { subjectTrackId: subject, objectTrackId: object, predicate: 'follows', firstFrameId: `frame-${first}`, lastFrameId: `frame-${last}` },
    { objectId: '90000000-0000-4000-8000-000000000001', trackId: '90000000-0000-4000-8000-000000000001', sceneId: 's', ontologyVersion: 1, author: 'a', at: 1 },
  );

const check = (records: CuboidAnnotation[], relations: ReturnType<typeof relation>[]) =>
  runChecks({ ontology: testOntology(), settings: DEFAULT_PLAUSIBILITY, frames: FRAMES, records, relations }).findings.filter((f) => f.rule === 'relation-ends');

describe('the relation-ends rule', () => {
  const car = track('car', [0, 4]);
  const truck = track('truck', [2, 3, 8]);

  it('passes a relation whose ends are both boxed (keyframes or between them) over its whole range', () => {
    expect(check([...car, ...truck], [relation(car[0].trackId, truck[0].trackId, 2, 4)])).toEqual([]);
  });

  it('flags each run of frames where an end has no box, on its first frame, with the run’s length', () => {
    const found = check([...car, ...truck], [relation(car[0].trackId, truck[0].trackId, 0, 6)]);
    expect(found.map((f) => [f.frameIndex, f.value, f.message, f.severity])).toEqual([
      [0, 2, '"follows" holds on frames 1–2, where its object has no box', 'error'],
      [5, 2, '"follows" holds on frames 6–7, where its subject has no box', 'error'],
    ]);
    expect(found[0]).toMatchObject({ objectId: '90000000-0000-4000-8000-000000000001', classId: 'follows', frameId: 'frame-0' });
  });

  it('flags every frame of a relation whose end is gone, and is off when the ontology disables it', () => {
    const gone = relation(car[0].trackId, '70000000-0000-4000-8000-000000000000', 1, 1);
    expect(check(car, [gone]).map((f) => f.message)).toEqual(['"follows" holds on frame 2, where its object has no box']);
    const off = runChecks({ ontology: testOntology(), settings: { ...DEFAULT_PLAUSIBILITY, disabled: ['relation-ends'] }, frames: FRAMES, records: car, relations: [gone] });
    expect(off.findings).toEqual([]);
  });
});
