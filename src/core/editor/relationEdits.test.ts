import { describe, expect, it } from 'vitest';
import { testOntology } from '../ontology/testOntology';
import { annotatedRelations } from './relationGraph';
import { createRelation, deleteRelation, relationsOf, trackSpan, updateRelation } from './relationEdits';
import { createTestEditor, testCuboid } from './testEditor';

const FRAMES = ['frame-0', 'frame-1', 'frame-2', 'frame-3'];
const ontology = testOntology({
  relations: [
    { predicate: 'follows', subjectClasses: ['vehicle'], objectClasses: ['vehicle'] },
    { predicate: 'overtakes', subjectClasses: ['car'], objectClasses: ['vehicle'] },
  ],
});

/** A car on frames 0–2 (keyframes 0 and 2), a truck on frame 1, a pedestrian on frame 0. */
function scene() {
  const t = createTestEditor({ frameOrder: FRAMES });
  const car = t.editor.createCuboid({ frameId: 'frame-0', classId: 'car', cuboid: testCuboid(0, 0) });
  t.editor.createCuboid({ frameId: 'frame-2', classId: 'car', cuboid: testCuboid(4, 0), trackId: car.trackId });
  const truck = t.editor.createCuboid({ frameId: 'frame-1', classId: 'truck', cuboid: testCuboid(10, 0) });
  const walker = t.editor.createCuboid({ frameId: 'frame-0', classId: 'pedestrian', cuboid: testCuboid(0, 5) });
  return { ...t, car: car.trackId, truck: truck.trackId, walker: walker.trackId };
}

describe('relation edits', () => {
  it('create a relation as one record and one undo step, shown in the graph over its range', () => {
    const { editor, operations, car, truck } = scene();
    const before = operations.length;
    const span = trackSpan(editor, car)!;
    expect(span).toEqual({ firstFrameId: 'frame-0', lastFrameId: 'frame-2' });
    const r = createRelation(editor, { subjectTrackId: car, objectTrackId: truck, predicate: 'follows', ...span }, ontology);
    expect(operations.length).toBe(before + 1);
    expect(operations.at(-1)!.changes).toEqual([{ objectId: r.objectId, before: null, after: r }]);
    expect(editor.undoLabel).toBe('create relation');
    expect(annotatedRelations(editor)).toEqual([{ relationId: r.objectId, subject: car, predicate: 'follows', object: truck, frameIntervals: [[0, 2]], source: 'annotation' }]);
    editor.undo();
    expect(relationsOf(editor)).toEqual([]);
    editor.redo();
    expect(relationsOf(editor)).toEqual([r]);
  });

  it('read relations from the kind index, in step with the records through edits, deletes, undo and a reset', () => {
    const { editor, car, truck, walker } = scene();
    const ofKindMatchesAll = () => {
      expect(editor.ofKind('relation')).toEqual(editor.all().filter((r) => r.kind === 'relation'));
      expect(editor.ofKind('cuboid')).toEqual(editor.all().filter((r) => r.kind === 'cuboid'));
    };
    expect(editor.ofKind('relation')).toEqual([]);
    const a = createRelation(editor, { subjectTrackId: car, objectTrackId: truck, predicate: 'follows', firstFrameId: 'frame-0', lastFrameId: 'frame-2' }, ontology);
    const b = createRelation(editor, { subjectTrackId: truck, objectTrackId: car, predicate: 'follows', firstFrameId: 'frame-1', lastFrameId: 'frame-1' }, ontology);
    ofKindMatchesAll();
    // An edit keeps the relation's place (as in all()), a move to another frame included.
    updateRelation(editor, a.objectId, { predicate: 'overtakes', firstFrameId: 'frame-1' }, ontology);
    expect(relationsOf(editor).map((r) => r.objectId)).toEqual([a.objectId, b.objectId]);
    ofKindMatchesAll();
    deleteRelation(editor, a.objectId);
    expect(relationsOf(editor)).toEqual([b]);
    ofKindMatchesAll();
    editor.undo();
    ofKindMatchesAll();
    editor.deleteObjects(editor.all().filter((r) => r.trackId === walker).map((r) => r.objectId));
    ofKindMatchesAll();
    editor.reset([b]);
    expect(editor.ofKind('relation')).toEqual([b]);
    expect(editor.ofKind('cuboid')).toEqual([]);
  });

  it('refuse what the ontology does not allow, with a message that names the classes, and change nothing', () => {
    const { editor, operations, car, truck, walker } = scene();
    const before = operations.length;
    expect(() => createRelation(editor, { subjectTrackId: walker, objectTrackId: car, predicate: 'follows', firstFrameId: 'frame-0', lastFrameId: 'frame-0' }, ontology)).toThrow(
      'Relation refused: "follows" takes a Vehicle as its subject, not a Pedestrian',
    );
    expect(() => createRelation(editor, { subjectTrackId: truck, objectTrackId: car, predicate: 'overtakes', firstFrameId: 'frame-0', lastFrameId: 'frame-0' }, ontology)).toThrow(
      'Relation refused: "overtakes" takes a Car as its subject, not a Truck',
    );
    expect(() => createRelation(editor, { subjectTrackId: car, objectTrackId: car, predicate: 'follows', firstFrameId: 'frame-0', lastFrameId: 'frame-0' }, ontology)).toThrow('two different objects');
    expect(() => createRelation(editor, { subjectTrackId: car, objectTrackId: truck, predicate: 'follows', firstFrameId: 'frame-2', lastFrameId: 'frame-1' }, ontology)).toThrow(
      'the range ends (frame 2) before it starts (frame 3)',
    );
    // An object of the dataset's ground truth is not in the editor: refused, saying why.
    expect(() => createRelation(editor, { subjectTrackId: car, objectTrackId: 'ground-truth-track', predicate: 'follows', firstFrameId: 'frame-0', lastFrameId: 'frame-0' }, ontology)).toThrow(
      'Relation refused: no annotated object ground-truth-track to be the object (relations join annotated objects: copy a ground-truth object into the annotations first, with Copy ground-truth track; the dataset’s own relations come with its scene)',
    );
    expect(operations.length).toBe(before);
  });

  it('edit the predicate and the frame range, each one undo step, and delete', () => {
    const { editor, car, truck } = scene();
    const r = createRelation(editor, { subjectTrackId: car, objectTrackId: truck, predicate: 'follows', firstFrameId: 'frame-0', lastFrameId: 'frame-2' }, ontology);
    const renamed = updateRelation(editor, r.objectId, { predicate: 'overtakes' }, ontology);
    expect(renamed.classId).toBe('overtakes');
    const moved = updateRelation(editor, r.objectId, { firstFrameId: 'frame-1', lastFrameId: 'frame-3' }, ontology);
    expect(moved).toMatchObject({ frameId: 'frame-1', relation: { lastFrameId: 'frame-3' } });
    // The store indexes a relation under its first frame: the editor's frame index follows the edit.
    expect(editor.inFrame('frame-0').some((x) => x.objectId === r.objectId)).toBe(false);
    expect(editor.inFrame('frame-1').some((x) => x.objectId === r.objectId)).toBe(true);
    expect(annotatedRelations(editor)[0].frameIntervals).toEqual([[1, 3]]);
    expect(() => updateRelation(editor, r.objectId, { lastFrameId: 'frame-0' }, ontology)).toThrow('before it starts');
    expect(updateRelation(editor, r.objectId, { lastFrameId: 'frame-3' }, ontology)).toBe(editor.get(r.objectId));
    editor.undo();
    expect(editor.get(r.objectId)).toMatchObject({ classId: 'overtakes', frameId: 'frame-0', relation: { lastFrameId: 'frame-2' } });
    deleteRelation(editor, r.objectId);
    expect(editor.get(r.objectId)).toBeUndefined();
    editor.undo();
    expect(editor.get(r.objectId)).toMatchObject({ classId: 'overtakes' });
  });
});
