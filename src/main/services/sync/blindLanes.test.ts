import { afterEach, describe, expect, it } from 'vitest';
import { computeAgreement } from '../../../core/agreement';
import { openSigned, revisionBodySchema } from '../../../core/revisions';
import { replicasOfScene } from '../../agreement/storeReplicas';
import { blindScene, FRAME, SCENE, type BlindScene } from './testing/blindScene';
import type { Annotator } from './testing/syncFixture';

let scene: BlindScene | undefined;
afterEach(async () => {
  await scene?.close();
  scene = undefined;
});

const centres = (a: Annotator) => a.workspace.annotations.listScene(SCENE).map((r) => (r.kind === 'cuboid' ? r.cuboid.center[0] : NaN)).sort((x, y) => x - y);

describe('blind replicas through the sync', () => {
  it("assigned annotators write in their own lanes and never see each other's work; agreement reads both lanes", async () => {
    scene = await blindScene();
    const { lead, anna, bert, engines } = scene;
    expect(anna.workspace.sync.lanes()).toEqual(new Map([[SCENE, 'anna-1']]));
    expect(centres(anna)).toEqual([10, 40]);
    expect(centres(bert)).toEqual([10.5, 40]);
    // The lead, in no lane, sees the shared history: neither replica until a consensus is made.
    expect(centres(lead)).toEqual([40]);
    const lanesOf = (x: Annotator) =>
      x.workspace.sync
        .sceneRevisions(SCENE)
        .filter((r) => r.author === x.key.keyId)
        .map((r) => revisionBodySchema.parse((openSigned(r.text) as { body: unknown }).body).lane);
    expect(lanesOf(anna)).toEqual(['anna-1']);
    expect(lanesOf(bert)).toEqual(['bert-1']);
    expect(lanesOf(lead)).toEqual([undefined]);

    const { input } = replicasOfScene(engines.lead, SCENE, [FRAME]);
    expect(input.annotators.map((x) => x.annotator)).toEqual(['anna', 'bert']);
    const result = computeAgreement(input, { metric: 'centre', threshold: 1 });
    // Both replicas hold the shared truck (identical) and their own car (0.5 m apart).
    expect(result.pairs[0].overall).toMatchObject({ tp: 2, fp: 0, fn: 0 });
    expect(result.pairs[0].overall.meanCentreError).toBeCloseTo(0.25, 12);
  });
});
