import { describe, expect, it } from 'vitest';
import type { OutputTensors } from '../detection';
import { decodeCenterHeads, type CenterDecodeOptions } from './centerDecode';

/*
 * A 4 × 4 pillar grid of 0.5 m cells from (0, 0), the heads downsampled by 2: 2 × 2 map cells of
 * 1 m. One class ("car"), channels first.
 */
const options: CenterDecodeOptions = {
  range: [0, 0, -2, 2, 2, 2],
  voxelSize: [0.5, 0.5, 4],
  layout: 'NCHW',
  scoreActivation: 'sigmoid',
  sizeEncoding: 'log',
  sizeOrder: 'lwh',
  rotationOrder: 'sin-cos',
  scoreThreshold: 0.3,
  preNmsMax: 10,
};
const heads = [{ heatmap: 'hm', offset: 'reg', height: 'z', size: 'dim', rotation: 'rot' }];

/** Maps [channels][row][column] → a [1, C, 2, 2] tensor. */
const map = (channels: number[][][]) => ({ data: new Float32Array(channels.flat(2)), dims: [1, channels.length, 2, 2] });

const outputs: OutputTensors = {
  // Row 1, column 0 is the peak (logit 3); its neighbour at row 1, column 1 (2.5) is no peak; row 0, column 1 is under the threshold.
  hm: map([[[-4, -1], [3, 2.5]]]),
  reg: map([[[0, 0], [0.3, 0.1]], [[0, 0], [0.6, 0.2]]]),
  z: map([[[0, 0], [-0.9, 0]]]),
  dim: map([[[0, 0], [Math.log(4.1), 0]], [[0, 0], [Math.log(1.8), 0]], [[0, 0], [Math.log(1.5), 0]]]),
  rot: map([[[0, 0], [0.6, 0]], [[0, 0], [0.8, 0]]]),
};

describe('CenterPoint heatmap decoding', () => {
  it('takes the 3 × 3 peaks over the threshold and reads the box maps there', () => {
    const found = decodeCenterHeads(outputs, heads, 1, 4, 4, options);
    expect(found).toHaveLength(1);
    const [d] = found;
    expect(d.classIndex).toBe(0);
    expect(d.score).toBeCloseTo(1 / (1 + Math.exp(-3)), 6);
    // Map cell (column 0, row 1) of 1 m: x = (0 + 0.3) · 1, y = (1 + 0.6) · 1.
    [0.3, 1.6, -0.9].forEach((v, i) => expect(d.center[i]).toBeCloseTo(v, 5));
    [4.1, 1.8, 1.5].forEach((v, i) => expect(d.size[i]).toBeCloseTo(v, 5));
    expect(d.yaw).toBeCloseTo(Math.atan2(0.6, 0.8), 6);
  });

  it('follows the card’s channel orders and the grid it was given', () => {
    const [d] = decodeCenterHeads(outputs, heads, 1, 4, 4, { ...options, sizeOrder: 'wlh', rotationOrder: 'cos-sin' });
    expect(d.size[0]).toBeCloseTo(1.8, 5);
    expect(d.size[1]).toBeCloseTo(4.1, 5);
    expect(d.yaw).toBeCloseTo(Math.atan2(0.8, 0.6), 6);
    expect(() => decodeCenterHeads(outputs, heads, 1, 5, 4, options)).toThrow(/not the 4×5 pillar grid downsampled by a whole factor/);
  });
});
