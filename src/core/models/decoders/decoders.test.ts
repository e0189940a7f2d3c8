import { describe, expect, it } from 'vitest';
import type { OutputTensors } from '../detection';
import { inputPlacement } from '../preprocess';
import { testCard } from '../testCard';
import { decodeDetections } from './index';
import { expectedBin } from './nanodetGfl';

const tensor = (dims: number[]) => ({ data: new Float32Array(dims.reduce((a, b) => a * b, 1)), dims });

describe('YOLOX decoding', () => {
  // 64×64 input, strides 8/16/32: 8·8 + 4·4 + 2·2 = 84 anchors of 5 + 2 values.
  const card = testCard({ kind: 'yolox', output: 'output', strides: [8, 16, 32] }, 64, 64, { resize: { mode: 'letterbox', padValue: 114, align: 'top-left' } });

  it('decodes an anchor of the second level back into the letterboxed image', () => {
    const out = tensor([1, 84, 7]);
    // Stride 16, column 2, row 1: the 64 anchors of stride 8 come first, then row 1 of a 4-wide grid.
    const row = 64 + 1 * 4 + 2;
    out.data.set([0.5, 0.25, Math.log(2), 0, 0.9, 0.2, 0.8], row * 7);
    // A 128×64 image goes in at scale ½, so tensor (24, 12)–(56, 28) is image (48, 24)–(112, 56).
    const found = decodeDetections(card, { output: out }, inputPlacement(128, 64, card.input), 128, 64);
    expect(found).toHaveLength(1);
    expect(found[0].classIndex).toBe(1);
    expect(found[0].score).toBeCloseTo(0.72, 6);
    expect([found[0].x1, found[0].y1, found[0].x2, found[0].y2].map((v) => Number(v.toFixed(4)))).toEqual([48, 24, 112, 56]);
  });

  it('says which count is wrong when the output does not fit the strides or the classes', () => {
    const placement = inputPlacement(64, 64, card.input);
    expect(() => decodeDetections(card, { output: tensor([1, 80, 7]) }, placement, 64, 64)).toThrow('has 80 anchors; strides 8/16/32 over 64×64 give 84');
    expect(() => decodeDetections(card, { output: tensor([1, 84, 85]) }, placement, 64, 64)).toThrow('rows of 85 values; 2 classes need 7');
    expect(() => decodeDetections(card, { other: tensor([1, 84, 7]) }, placement, 64, 64)).toThrow('no output named "output" (it gave other)');
  });
});

describe('NanoDet GFL decoding', () => {
  // 32×32 input, strides 8 and 16: 16 and 4 cells; regMax 3 gives 4 bins per side.
  const card = testCard({ kind: 'nanodet-gfl', regMax: 3, levels: [{ stride: 8, scores: 's8', boxes: 'b8' }, { stride: 16, scores: 's16', boxes: 'b16' }] }, 32, 32);

  it('takes each side as the expectation of its distribution, from the cell centre', () => {
    const outputs = { s8: tensor([1, 16, 2]), b8: tensor([1, 16, 16]), s16: tensor([1, 4, 2]), b16: tensor([1, 4, 16]) };
    // Column 1, row 2 of the stride-8 grid: centre (12, 20).
    const cell = 2 * 4 + 1;
    outputs.s8.data.set([0.6, 0.3], cell * 2);
    // Left uniform: 1.5 bins. Top [1, 3, 1, 1]/6: 4/3. Right [1, 1, 1, 4]/7: 15/7. Bottom uniform: 1.5.
    outputs.b8.data.set([0, 0, 0, 0, 0, Math.log(3), 0, 0, 0, 0, 0, Math.log(4), 0, 0, 0, 0], cell * 16);
    const found = decodeDetections(card, outputs as OutputTensors, inputPlacement(32, 32, card.input), 32, 32);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ classIndex: 0, score: expect.closeTo(0.6, 6) });
    expect(found[0].x1).toBeCloseTo(0, 6);
    expect(found[0].y1).toBeCloseTo(20 - 32 / 3, 5);
    expect(found[0].x2).toBeCloseTo(12 + 120 / 7, 5);
    expect(found[0].y2).toBeCloseTo(32, 5);
  });

  it('takes the expectation stably for logits far from zero', () => {
    expect(expectedBin(new Float32Array([1000, 1000, -1000, -1000]), 0, 4, new Float64Array(4))).toBeCloseTo(0.5, 12);
  });

  it('names the output whose shape does not fit the level', () => {
    const outputs = { s8: tensor([1, 15, 2]), b8: tensor([1, 16, 16]), s16: tensor([1, 4, 2]), b16: tensor([1, 4, 16]) };
    expect(() => decodeDetections(card, outputs, inputPlacement(32, 32, card.input), 32, 32)).toThrow('output "s8" is [1, 15, 2]; stride 8 over 32×32 with 2 classes needs [1, 16, 2]');
  });
});

describe('FastestDet decoding', () => {
  // 40×40 input, a 2-row × 4-column head of 5 + 2 channels, planar.
  const card = testCard({ kind: 'fastestdet', output: 'o' }, 40, 40);

  it('places the centre by tanh offsets within its cell and sizes by sigmoid shares of the input', () => {
    const out = tensor([1, 7, 2, 4]);
    const plane = 8;
    const cell = 1 * 4 + 2;
    const set = (channel: number, v: number) => (out.data[channel * plane + cell] = v);
    set(0, 0.81);
    set(1, Math.atanh(0.5));
    set(2, 0);
    set(3, Math.log(1 / 3));
    set(4, 0);
    set(5, 0.25);
    set(6, 0.75);
    const found = decodeDetections(card, { o: out }, inputPlacement(40, 40, card.input), 40, 40);
    expect(found).toHaveLength(1);
    expect(found[0].classIndex).toBe(1);
    expect(found[0].score).toBeCloseTo(Math.pow(0.81, 0.6) * Math.pow(0.75, 0.4), 6);
    // Centre ((2 + ½)/4 · 40, (1 + 0)/2 · 40) = (25, 20), size (¼ · 40, ½ · 40) = (10, 20).
    expect([found[0].x1, found[0].y1, found[0].x2, found[0].y2].map((v) => Number(v.toFixed(4)))).toEqual([20, 10, 30, 30]);
  });

  it('keeps nothing below the score threshold', () => {
    const out = tensor([1, 7, 2, 4]);
    out.data[0] = 0.01; // 0.01^0.6 · 1^0.4 ≈ 0.063, under the card's 0.1
    out.data[5 * 8] = 1;
    expect(decodeDetections(card, { o: out }, inputPlacement(40, 40, card.input), 40, 40)).toEqual([]);
  });
});
