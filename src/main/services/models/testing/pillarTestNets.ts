import { onnxModel } from './onnxGraph';

/**
 * A pfe and an rpn graph whose answers are known by construction, for testPillarCard's grid
 * (16 × 16 pillars, ten point features, four points a pillar, one 4 × 2 × 1.5 m car anchor at
 * z −1 on every cell centre):
 *
 * - pfe: per pillar, the maximum over its four point slots of two linear features, as
 *   PointPillars' PFN does (empty slots are zero, so count as 0): channel 0 the intensity,
 *   channel 1 z + xCentre / 4.
 * - rpn (1 × 1 convolutions, channels first): car logit 10 · c0 − 5; box residuals zero but z,
 *   whose residual (c1 + 1) / 1.5 decodes to z = c1, and yaw 0.3; direction bins 0 and c0 − 0.9
 *   (bin 1, the heading's second half turn, where the intensity passes 0.9).
 */
export const PFE_WEIGHTS = (() => {
  const w = new Array(10 * 2).fill(0);
  w[3 * 2 + 0] = 1; // intensity → c0
  w[2 * 2 + 1] = 1; // z → c1
  w[7 * 2 + 1] = 0.25; // xCentre → c1
  return w;
})();

export function pillarTestPfe(pillars: number | 'pillars' = 'pillars'): Uint8Array {
  return onnxModel({
    name: 'test pfe',
    inputs: [{ name: 'voxels', dims: [pillars, 4, 10] }],
    outputs: [{ name: 'pillar_features', dims: [pillars, 2] }],
    initializers: [{ name: 'w', dims: [10, 2], values: PFE_WEIGHTS }],
    nodes: [
      { op: 'MatMul', inputs: ['voxels', 'w'], outputs: ['per_point'] },
      { op: 'ReduceMax', inputs: ['per_point'], outputs: ['pillar_features'], attributes: { axes: { ints: [1] }, keepdims: { int: 0 } } },
    ],
  });
}

export function pillarTestRpn(): Uint8Array {
  const conv = (name: string, weights: number[][], bias: number[]) => [
    { name: `${name}_w`, dims: [weights.length, 2, 1, 1], values: weights.flat() },
    { name: `${name}_b`, dims: [bias.length], values: bias },
  ];
  return onnxModel({
    name: 'test rpn',
    inputs: [{ name: 'spatial_features', dims: [1, 2, 16, 16] }],
    outputs: [
      { name: 'cls_preds', dims: [1, 1, 16, 16] },
      { name: 'box_preds', dims: [1, 7, 16, 16] },
      { name: 'dir_cls_preds', dims: [1, 2, 16, 16] },
    ],
    initializers: [
      ...conv('cls', [[10, 0]], [-5]),
      ...conv('box', [[0, 0], [0, 0], [0, 1 / 1.5], [0, 0], [0, 0], [0, 0], [0, 0]], [0, 0, 1 / 1.5, 0, 0, 0, 0.3]),
      ...conv('dir', [[0, 0], [1, 0]], [0, -0.9]),
    ],
    nodes: ['cls', 'box', 'dir'].map((h) => ({ op: 'Conv', inputs: ['spatial_features', `${h}_w`, `${h}_b`], outputs: [h === 'dir' ? 'dir_cls_preds' : `${h}_preds`] })),
  });
}

/**
 * A CenterPoint-style rpn for the same grid, heads at full resolution, 1 × 1 convolutions:
 * heatmap logit 10 · c0 − 5; centre offset (0.25, 0.75) of a cell; z = c1; sizes log 4, log 2,
 * log 1.5; rotation (sin, cos) = (c0, 1 − c0).
 */
export function pillarTestCenterRpn(): Uint8Array {
  const head = (name: string, weights: number[][], bias: number[]) => ({
    tensors: [
      { name: `${name}_w`, dims: [weights.length, 2, 1, 1], values: weights.flat() },
      { name: `${name}_b`, dims: [bias.length], values: bias },
    ],
    node: { op: 'Conv', inputs: ['spatial_features', `${name}_w`, `${name}_b`], outputs: [name] },
    output: { name, dims: [1, weights.length, 16, 16] },
  });
  const heads = [
    head('heatmap', [[10, 0]], [-5]),
    head('reg', [[0, 0], [0, 0]], [0.25, 0.75]),
    head('height', [[0, 1]], [0]),
    head('dim', [[0, 0], [0, 0], [0, 0]], [Math.log(4), Math.log(2), Math.log(1.5)]),
    head('rot', [[1, 0], [-1, 0]], [0, 1]),
  ];
  return onnxModel({
    name: 'test center rpn',
    inputs: [{ name: 'spatial_features', dims: [1, 2, 16, 16] }],
    outputs: heads.map((h) => h.output),
    initializers: heads.flatMap((h) => h.tensors),
    nodes: heads.map((h) => h.node),
  });
}
