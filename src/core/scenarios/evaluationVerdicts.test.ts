import { describe, expect, it } from 'vitest';
import { parseSceneManifest } from '../scene/manifest';
import { evaluationDocumentSchema, sceneEvaluation } from './evaluationVerdicts';
import { verdictKey } from './sceneRows';

const frame = (i: number) => `00000000-0000-4000-8000-00000000000${i}`;
const manifest = parseSceneManifest(
  {
    format: 'cairn.scene',
    version: 1,
    sceneId: '10000000-0000-4000-8000-000000000000',
    name: 's',
    frames: [0, 1].map((index) => ({ frameId: frame(index), index, timestamp: index, sourceId: `00000${index}`, worldFromEgo: { translation: [0, 0, 0], rotation: [0, 0, 0, 1] }, pointClouds: {} })),
  },
  'test',
);

describe('sceneEvaluation', () => {
  it('places verdicts by frame id or by the dataset frame name, each object judged in its own frame', () => {
    const doc = evaluationDocumentSchema.parse({
      format: 'cairn.evaluation',
      version: 1,
      frames: [
        { frameKey: '000000', matches: [{ predictionId: 'p.txt:1', groundTruthId: 'car-1', classId: 'car', score: 0.7, iou3d: 0.75, centreDistance: 0.2, orientation: 0.1 }], falsePositives: [], falseNegatives: [] },
        { frameKey: 'elsewhere', frameId: frame(1), matches: [], falsePositives: [{ predictionId: 'p.txt:9', classId: 'car', score: 0.4 }], falseNegatives: [{ groundTruthId: 'car-1', classId: 'car' }] },
        { frameKey: 'not-in-this-scene', matches: [], falsePositives: [{ predictionId: 'q.txt:1', classId: 'car', score: 1 }], falseNegatives: [] },
      ],
    });
    const { verdicts, predictions } = sceneEvaluation(doc, manifest);
    expect(verdicts.get(verdictKey(frame(0), 'car-1'))).toEqual({ outcome: 'TP', iou: 0.75, centreError: 0.2, yawError: 0.1 });
    expect(verdicts.get(verdictKey(frame(1), 'car-1'))).toEqual({ outcome: 'FN' });
    expect(verdicts.get(verdictKey(frame(1), 'p.txt:9'))).toEqual({ outcome: 'FP' });
    expect(predictions).toEqual([
      { objectId: 'p.txt:1', frameId: frame(0), classId: 'car', score: 0.7 },
      { objectId: 'p.txt:9', frameId: frame(1), classId: 'car', score: 0.4 },
    ]);
  });
});
