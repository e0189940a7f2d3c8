import { parsePillarCard, type PillarCard, type PillarCardInput } from './pillarCard';

/**
 * A small anchor-head card for tests and benches: an 8 m × 8 m grid of 0.5 m pillars (16 × 16),
 * OpenPCDet's ten point features, one class ("Car", mapped to the ontology's car) with one 4 × 2 ×
 * 1.5 m anchor at yaw 0 on every cell centre, heads channels first, a two-bin direction classifier.
 */
export function testPillarCardInput(overrides: Partial<PillarCardInput> = {}): PillarCardInput {
  return {
    format: 'cairn-model-card',
    version: 1,
    name: 'test pillars',
    modelVersion: '1',
    task: 'detect3d',
    pillars: {
      range: [0, -4, -3, 8, 4, 1],
      voxelSize: [0.5, 0.5, 4],
      maxPointsPerPillar: 4,
      maxPillars: 32,
      features: ['x', 'y', 'z', 'intensity', 'xMean', 'yMean', 'zMean', 'xCentre', 'yCentre', 'zCentre'],
    },
    pfe: { input: 'voxels', inputLayout: 'PMC', output: 'pillar_features', outputLayout: 'PC' },
    rpn: { input: 'spatial_features' },
    decoder: {
      kind: 'anchors',
      classes: 'cls_preds',
      boxes: 'box_preds',
      direction: 'dir_cls_preds',
      layout: 'NCHW',
      scoreActivation: 'sigmoid',
      alignCenter: true,
      anchors: [{ class: 'Car', sizes: [[4, 2, 1.5]], rotations: [0], bottomZ: -1.75 }],
    },
    classes: ['Car'],
    classMap: { Car: 'car' },
    thresholds: { score: 0.5, nmsIou: 0.5, maxDetections: 50 },
    ...overrides,
  };
}

export function testPillarCard(overrides: Partial<PillarCardInput> = {}): PillarCard {
  return parsePillarCard(testPillarCardInput(overrides), 'test card');
}
