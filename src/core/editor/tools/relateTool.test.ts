import { describe, expect, it } from 'vitest';
import { testOntology } from '../../ontology/testOntology';
import { createRelation, relationsOf } from '../relationEdits';
import { testCuboid } from '../testEditor';
import { NO_MODIFIERS } from './events';
import { draftRelation, RELATE_TOOL_ID } from './relateTool';
import { createToolHarness } from './testing/toolHarness';

const ontology = testOntology();

/** A car on frames 0–2 at (0, 0), a truck at (10, 0) and a pedestrian at (0, 10) on frame 0. */
function setup() {
  const h = createToolHarness({ editor: { frameOrder: ['frame-0', 'frame-1', 'frame-2'] }, ontology });
  const car = h.editor.createCuboid({ frameId: 'frame-0', classId: 'car', cuboid: testCuboid(0, 0) });
  h.editor.createCuboid({ frameId: 'frame-2', classId: 'car', cuboid: testCuboid(2, 0), trackId: car.trackId });
  const truck = h.editor.createCuboid({ frameId: 'frame-0', classId: 'truck', cuboid: testCuboid(10, 0) });
  const walker = h.editor.createCuboid({ frameId: 'frame-0', classId: 'pedestrian', cuboid: testCuboid(0, 10) });
  return { h, car, truck, walker };
}

describe('the Relate tool', () => {
  it('takes a click on the subject, then on the object, and offers only the predicates the ontology allows, over the subject’s span', () => {
    const { h, car, truck, walker } = setup();
    h.tools.setCurrent(RELATE_TOOL_ID);
    h.click({ x: 5, y: 5 });
    expect(h.lastMessage).toBe('Relate: click a box, the subject of the relation.');
    expect(h.tools.path).toBe('relate.idle');
    h.click({ x: 0, y: 0 });
    expect(h.tools.path).toBe('relate.subject');
    expect(h.selected).toBe(car.objectId);
    expect(h.tools.snapshot().overlay).toEqual({ kind: 'relate', subjectTrackId: car.trackId, draft: null });
    h.click({ x: 0, y: 0 });
    expect(h.lastMessage).toContain('two different objects');
    h.click({ x: 0, y: 10 });
    expect(h.lastMessage).toBe('Relate: the ontology has no relation from a Car to a Pedestrian.');
    expect(h.tools.path).toBe('relate.subject');
    h.click({ x: 10, y: 0 });
    expect(h.tools.path).toBe('relate.choosing');
    const overlay = h.tools.snapshot().overlay;
    expect(overlay).toEqual({
      kind: 'relate',
      subjectTrackId: car.trackId,
      draft: { subjectTrackId: car.trackId, objectTrackId: truck.trackId, subjectClass: 'car', objectClass: 'truck', predicates: ['follows'], firstFrameId: 'frame-0', lastFrameId: 'frame-2' },
    });
    // The picker completes the draft: one record, one undo step; the tool then goes back to rest.
    const before = h.operations.length;
    const r = createRelation(h.editor, draftRelation(overlay!.kind === 'relate' ? overlay!.draft! : never(), 'follows'), ontology);
    expect(h.operations.length).toBe(before + 1);
    expect(r).toMatchObject({ classId: 'follows', frameId: 'frame-0', relation: { subjectTrackId: car.trackId, objectTrackId: truck.trackId, lastFrameId: 'frame-2' } });
    h.tools.cancel();
    expect(h.tools.path).toBe('relate.idle');
    expect(walker.classId).toBe('pedestrian');
  });

  it('orbits on a drag, starts over on Escape, and takes the selection as subject when taken up and as object on Enter', () => {
    const { h, car, truck } = setup();
    h.tools.setCurrent(RELATE_TOOL_ID);
    h.drag({ x: 0, y: 0 }, { x: 10, y: 0 });
    expect(h.tools.path).toBe('relate.idle');
    h.click({ x: 0, y: 0 });
    h.escape();
    expect(h.tools.path).toBe('relate.idle');

    h.tools.setCurrent('select');
    h.selected = truck.objectId;
    h.tools.setCurrent(RELATE_TOOL_ID);
    expect(h.tools.path).toBe('relate.subject');
    h.selected = car.objectId;
    h.tools.keyDown({ key: 'Enter', modifiers: NO_MODIFIERS });
    expect(h.tools.path).toBe('relate.choosing');
    const overlay = h.tools.snapshot().overlay;
    expect(overlay?.kind === 'relate' && overlay.draft).toMatchObject({ subjectTrackId: truck.trackId, objectTrackId: car.trackId, firstFrameId: 'frame-0', lastFrameId: 'frame-0' });
    // Clicking another box while choosing changes the object; nothing is stored until the picker says so.
    expect(relationsOf(h.editor)).toEqual([]);
  });
});

function never(): never {
  throw new Error('the overlay is not the Relate tool’s');
}
