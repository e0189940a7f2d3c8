import { describe, expect, it } from 'vitest';
import { createTestEditor, testCuboid } from '../../editor/testEditor';
import { trackSettingsSchema } from '../../tracks/trackSettings';
import { acceptedProposalIds, acceptProposals } from './acceptProposals';
import { proposalSchema, type Proposal } from './proposal';

const SCENE = '00000000-0000-4000-8000-000000000000';
const FRAMES = ['10000000-0000-4000-8000-000000000001', '10000000-0000-4000-8000-000000000002'];
const OPTIONS = { classIds: new Set(['car', 'pedestrian', 'unknown']), fallbackClassId: 'unknown' };

function proposal(n: number, classId: string | null, score: number | null, frameId = FRAMES[0]): Proposal {
  return proposalSchema.parse({
    proposalId: `20000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    sceneId: SCENE,
    frameId,
    generatorId: 'cluster-boxes',
    classId,
    score,
    cuboid: testCuboid(5 * n, 0),
    pointCount: 40 + n,
    sensorId: null,
    provenance: {
      generator: 'cluster-boxes',
      model: { name: 'cluster-boxes', version: '1', sha256: 'ab'.repeat(32), file: '(built in)' },
      parameters: { minPoints: 8, classes: 'car:4.5x1.9x1.6' },
      runtime: { name: 'cairn', version: '0.1.0', executionProviders: ['cpu'] },
      at: '2026-12-06T12:00:00.000Z',
    },
  });
}

describe('acceptProposals', () => {
  it('makes one track per proposal in one undo step, each linked to its proposal with the provenance', () => {
    const { editor, operations } = createTestEditor({ sceneId: SCENE, frameOrder: FRAMES });
    const result = acceptProposals(editor, [proposal(1, 'car', 0.9), proposal(2, 'pedestrian', 0.6)], OPTIONS);
    expect(result.ok).toBe(true);
    expect(operations).toHaveLength(1);
    expect(operations[0].label).toBe('accept 2 proposals');
    expect(operations[0].changes.map((c) => c.after?.classId)).toEqual(['car', 'pedestrian']);
    const settings = operations[0].trackSettings!.map((t) => trackSettingsSchema.parse(t.after));
    expect(settings[0].proposal).toEqual({
      proposalId: proposal(1, 'car', 0.9).proposalId,
      generator: 'cluster-boxes',
      model: { name: 'cluster-boxes', version: '1', sha256: 'ab'.repeat(32), file: '(built in)' },
      parameters: { minPoints: 8, classes: 'car:4.5x1.9x1.6' },
      at: '2026-12-06T12:00:00.000Z',
      classId: 'car',
      score: 0.9,
    });
    const box = editor.inFrame(FRAMES[0]).find((r) => r.classId === 'car');
    expect(box?.kind === 'cuboid' && box.cuboid.center).toEqual([5, 0, 0.8]);
    expect(acceptedProposalIds(editor).size).toBe(2);
  });

  it('undo takes the boxes and their links away, so the proposals are open again; redo brings both back', () => {
    const { editor } = createTestEditor({ sceneId: SCENE, frameOrder: FRAMES });
    acceptProposals(editor, [proposal(1, 'car', 0.9)], OPTIONS);
    expect(editor.undo()).toBe(true);
    expect(editor.all()).toHaveLength(0);
    expect(acceptedProposalIds(editor).size).toBe(0);
    expect(editor.redo()).toBe(true);
    expect([...acceptedProposalIds(editor)]).toEqual([proposal(1, 'car', 0.9).proposalId]);
  });

  it('an accepted proposal is not accepted twice; a class the ontology lacks (or none) takes the fallback', () => {
    const { editor, operations } = createTestEditor({ sceneId: SCENE, frameOrder: FRAMES });
    acceptProposals(editor, [proposal(1, 'car', 0.9)], OPTIONS);
    const again = acceptProposals(editor, [proposal(1, 'car', 0.9), proposal(2, null, null), proposal(3, 'tram', 0.5)], OPTIONS);
    expect(again.ok).toBe(true);
    expect(operations).toHaveLength(2);
    expect(operations[1].changes.map((c) => c.after?.classId)).toEqual(['unknown', 'unknown']);
    expect(acceptProposals(editor, [proposal(1, 'car', 0.9)], OPTIONS)).toEqual({ ok: false, reason: 'These proposals are accepted already' });
  });

  it('an edit of the accepted box keeps the link: the track settings are untouched', () => {
    const { editor, tick } = createTestEditor({ sceneId: SCENE, frameOrder: FRAMES });
    const result = acceptProposals(editor, [proposal(1, 'car', 0.9)], OPTIONS);
    if (!result.ok) throw new Error(result.reason);
    const [box] = editor.inFrame(FRAMES[0]);
    tick(1000);
    editor.updateCuboid(box.objectId, { cuboid: { center: [6, 1, 0.8] } });
    const edited = editor.get(box.objectId)!;
    expect(edited.updatedAt).toBeGreaterThan(edited.createdAt);
    expect(editor.trackSettingsOf(result.trackIds[0]).proposal?.proposalId).toBe(proposal(1, 'car', 0.9).proposalId);
  });
});
