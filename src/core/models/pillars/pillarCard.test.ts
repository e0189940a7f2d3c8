import { describe, expect, it } from 'vitest';
import { checkPillarGraphs, type GraphIo } from './pillarGraphs';
import { parsePillarCard, pillarDecoderOutputs } from './pillarCard';
import { testPillarCard, testPillarCardInput } from './testPillarCard';

const pfe: GraphIo = { inputs: [{ name: 'voxels', shape: ['pillars', 4, 10] }], outputs: [{ name: 'pillar_features', shape: ['pillars', 2] }] };
const rpn: GraphIo = {
  inputs: [{ name: 'spatial_features', shape: [1, 2, 16, 16] }],
  outputs: [
    { name: 'cls_preds', shape: [1, 1, 16, 16] },
    { name: 'box_preds', shape: [1, 7, 16, 16] },
    { name: 'dir_cls_preds', shape: [1, 2, 16, 16] },
  ],
};

describe('3D detector cards', () => {
  it('fills OpenPCDet’s defaults and names the outputs the decoder reads', () => {
    const card = testPillarCard();
    expect(card.thresholds).toMatchObject({ preNmsMax: 4096, nmsPerClass: false });
    expect(card.decoder).toMatchObject({ codeSize: 7, directionBins: 2, directionOffset: Math.PI / 4, directionLimitOffset: 0 });
    expect(card.pillars.intensityScale).toBe(1);
    expect(pillarDecoderOutputs(card.decoder)).toEqual(['cls_preds', 'box_preds', 'dir_cls_preds']);
  });

  it('says what is wrong with a card', () => {
    expect(() => parsePillarCard({ ...testPillarCardInput(), task: 'detect2d' }, 'c.json')).toThrow(/c\.json: not a valid 3D detector card: task/);
    expect(() => parsePillarCard(testPillarCardInput({ classMap: { Truck: 'truck' } }), 'c.json')).toThrow(/classMap names classes the model does not have: Truck/);
    expect(() => parsePillarCard(testPillarCardInput({ classes: ['Pedestrian'], classMap: {} }), 'c.json')).toThrow(/one entry per class in the classes' order \(Pedestrian\), it gives Car/);
    const badRange = testPillarCardInput();
    expect(() => parsePillarCard({ ...badRange, pillars: { ...badRange.pillars, range: [0, 0, 0, -1, 1, 1] } }, 'c.json')).toThrow(/pillars\.range: each maximum must exceed its minimum/);
  });

  it('checks the graphs against the card: names, and every dimension they fix', () => {
    const card = testPillarCard();
    expect(checkPillarGraphs(card, pfe, 'pfe.onnx', rpn, 'rpn.onnx')).toEqual({ fixedPillars: null });
    expect(checkPillarGraphs(card, { ...pfe, inputs: [{ name: 'voxels', shape: [32, 4, 10] }] }, 'pfe.onnx', rpn, 'rpn.onnx')).toEqual({ fixedPillars: 32 });
    expect(checkPillarGraphs(card, { ...pfe, outputs: [{ name: 'pillar_features', shape: ['pillars', 1, 2] }] }, 'pfe.onnx', rpn, 'rpn.onnx')).toEqual({ fixedPillars: null });
    expect(() => checkPillarGraphs(card, { ...pfe, outputs: [{ name: 'pillar_features', shape: ['pillars', 1, 64] }] }, 'pfe.onnx', rpn, 'rpn.onnx')).toThrow(/the pfe's 64 channels/);
    expect(() => checkPillarGraphs(card, { ...pfe, inputs: [{ name: 'voxels', shape: [12000, 4, 10] }] }, 'pfe.onnx', rpn, 'rpn.onnx')).toThrow(/pfe\.onnx: input "voxels" holds 12000 pillars, the card says maxPillars 32/);
    expect(() => checkPillarGraphs(card, { ...pfe, inputs: [{ name: 'voxels', shape: ['p', 32, 9] }] }, 'pfe.onnx', rpn, 'rpn.onnx')).toThrow(/input "voxels" is \[p, 32, 9\]; the card's PMC layout with 4 points per pillar and 10 features needs \[pillars, 4, 10\]/);
    expect(() => checkPillarGraphs(card, { ...pfe, inputs: [{ name: 'points', shape: ['p', 4, 10] }] }, 'pfe.onnx', rpn, 'rpn.onnx')).toThrow(/pfe\.onnx: the card's pfe input "voxels" is not among the graph's inputs \(points\)/);
    expect(() => checkPillarGraphs(card, pfe, 'pfe.onnx', { ...rpn, inputs: [{ name: 'spatial_features', shape: [1, 2, 496, 432] }] }, 'rpn.onnx')).toThrow(/rpn\.onnx: input "spatial_features" is \[1, 2, 496, 432\]; the card's grid \(16 × 16 cells\)/);
    expect(() => checkPillarGraphs(card, pfe, 'pfe.onnx', { ...rpn, inputs: [{ name: 'spatial_features', shape: [1, 64, 16, 16] }] }, 'rpn.onnx')).toThrow(/pfe's 2 channels/);
    expect(() => checkPillarGraphs(card, pfe, 'pfe.onnx', { ...rpn, outputs: rpn.outputs.slice(0, 2) }, 'rpn.onnx')).toThrow(/decoder output "dir_cls_preds" is not among the graph's outputs/);
  });
});
