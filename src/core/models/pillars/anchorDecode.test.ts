import { describe, expect, it } from 'vitest';
import type { OutputTensors } from '../detection';
import { decodeAnchorHead, limitPeriod, type AnchorDecodeOptions } from './anchorDecode';

/*
 * A 2 × 3 head (rows along y, columns along x) over x 0–4, y −2–2. Without centre alignment the
 * anchors sit on x = 0, 2, 4 and y = −2, 2. Per location: a car anchor at yaw 0 and at π/2, then a
 * pedestrian anchor: three anchors, two classes each.
 */
const H = 2;
const W = 3;
const CLASSES = 2;
const anchors: AnchorDecodeOptions['anchors'] = [
  { sizes: [[4, 2, 1.5]], rotations: [0, Math.PI / 2], bottomZ: -1.75 },
  { sizes: [[0.8, 0.6, 1.7]], rotations: [0], bottomZ: -0.6 },
];
const options: AnchorDecodeOptions = {
  range: [0, -2, -3, 4, 2, 1],
  anchors,
  alignCenter: false,
  layout: 'NHWC',
  scoreActivation: 'sigmoid',
  codeSize: 7,
  direction: { offset: Math.PI / 4, limitOffset: 0, bins: 2 },
  scoreThreshold: 0.1,
  preNmsMax: 100,
};

type Box = [number, number, number, number, number, number, number];

/** OpenPCDet's residual encoding, written from its definition, and the direction bin its target takes. */
function encode(gt: Box, anchor: Box): { code: Box; bin: number } {
  const [xa, ya, za, la, wa, ha, ra] = anchor;
  const d = Math.hypot(la, wa);
  // The net learns yaw modulo π (sine-difference loss); the bin says which half turn.
  const residual = limitPeriod(gt[6] - ra, 0.5, Math.PI);
  const code: Box = [(gt[0] - xa) / d, (gt[1] - ya) / d, (gt[2] - za) / ha, Math.log(gt[3] / la), Math.log(gt[4] / wa), Math.log(gt[5] / ha), residual];
  const bin = Math.floor(limitPeriod(gt[6] - Math.PI / 4, 0, 2 * Math.PI) / Math.PI);
  return { code, bin };
}

/** Head outputs with every score at logit −5 except the given anchors', which carry the encoded boxes. */
function head(objects: { row: number; col: number; anchor: number; classIndex: number; logit: number; gt: Box; anchorBox: Box }[]): OutputTensors {
  const A = 3;
  const cls = new Float32Array(H * W * A * CLASSES).fill(-5);
  const box = new Float32Array(H * W * A * 7);
  const dir = new Float32Array(H * W * A * 2);
  for (const o of objects) {
    const at = o.row * W + o.col;
    cls[at * A * CLASSES + o.anchor * CLASSES + o.classIndex] = o.logit;
    const { code, bin } = encode(o.gt, o.anchorBox);
    box.set(code, at * A * 7 + o.anchor * 7);
    dir[at * A * 2 + o.anchor * 2 + bin] = 1;
  }
  return {
    cls: { data: cls, dims: [1, H, W, A * CLASSES] },
    box: { data: box, dims: [1, H, W, A * 7] },
    dir: { data: dir, dims: [1, H, W, A * 2] },
  };
}

function toNchw(t: { data: Float32Array; dims: readonly number[] }) {
  const [, h, w, c] = t.dims;
  const out = new Float32Array(t.data.length);
  for (let r = 0; r < h; r++) for (let q = 0; q < w; q++) for (let k = 0; k < c; k++) out[(k * h + r) * w + q] = t.data[(r * w + q) * c + k];
  return { data: out, dims: [1, c, h, w] };
}

const angle = (a: number) => limitPeriod(a, 0.5, 2 * Math.PI);
const names = { classes: 'cls', boxes: 'box', direction: 'dir' };

describe('anchor head decoding (OpenPCDet residual coder, direction classifier)', () => {
  // A car facing backwards (its yaw residual wraps a half turn, so only the bin tells) at the π/2 anchor of row 1, column 2 (anchor at x 4, y 2, z −1), and a
  // pedestrian facing right at the pedestrian anchor of row 0, column 0 (x 0, y −2, z 0.25).
  const car: Box = [4.3, 1.8, -0.9, 4.2, 1.9, 1.6, -2.5];
  const pedestrian: Box = [-0.2, -1.7, 0.3, 0.7, 0.65, 1.8, -1.0];
  const outputs = head([
    { row: 1, col: 2, anchor: 1, classIndex: 0, logit: 2, gt: car, anchorBox: [4, 2, -1, 4, 2, 1.5, Math.PI / 2] },
    { row: 0, col: 0, anchor: 2, classIndex: 1, logit: 0.5, gt: pedestrian, anchorBox: [0, -2, 0.25, 0.8, 0.6, 1.7, 0] },
  ]);

  it('gives back the encoded boxes, facing the way the direction bin says, best first', () => {
    const found = decodeAnchorHead(outputs, names, CLASSES, options);
    expect(found.map((d) => d.classIndex)).toEqual([0, 1]);
    expect(found[0].score).toBeCloseTo(1 / (1 + Math.exp(-2)), 6);
    expect(found[1].score).toBeCloseTo(1 / (1 + Math.exp(-0.5)), 6);
    for (const [d, gt] of [[found[0], car], [found[1], pedestrian]] as const) {
      [...d.center, ...d.size].forEach((v, i) => expect(v).toBeCloseTo(gt[i], 5));
      expect(angle(d.yaw - gt[6])).toBeCloseTo(0, 5);
    }
  });

  it('reads channels-first heads alike, and drops what scores under the threshold', () => {
    const nchw = Object.fromEntries(Object.entries(outputs).map(([k, t]) => [k, toNchw(t)]));
    const a = decodeAnchorHead(outputs, names, CLASSES, options);
    const b = decodeAnchorHead(nchw, names, CLASSES, { ...options, layout: 'NCHW' });
    expect(b).toEqual(a);
    expect(decodeAnchorHead(outputs, names, CLASSES, { ...options, scoreThreshold: 0.7 }).map((d) => d.classIndex)).toEqual([0]);
  });

  it('without a direction classifier keeps the yaw as regressed; with centre alignment anchors sit mid-cell', () => {
    const found = decodeAnchorHead(outputs, { classes: 'cls', boxes: 'box' }, CLASSES, { ...options, direction: undefined, alignCenter: true });
    // The car's yaw comes out a half turn off (the residual alone), its centre shifted by the anchor move: x 4 → 10/3, y 2 → 1.
    expect(Math.cos(found[0].yaw - car[6])).toBeCloseTo(-1, 6);
    expect(found[0].center[0]).toBeCloseTo(car[0] - 4 + 10 / 3, 5);
    expect(found[0].center[1]).toBeCloseTo(car[1] - 2 + 1, 5);
  });

  it('says which output does not fit the anchors', () => {
    expect(() => decodeAnchorHead(outputs, names, 3, options)).toThrow(/"cls" has 6 channels; 3 anchors per location × 3 classes make 9/);
    expect(() => decodeAnchorHead(outputs, { ...names, boxes: 'nope' }, CLASSES, options)).toThrow(/no output named "nope"/);
  });

  it('limitPeriod brings angles into [−offset·period, (1 − offset)·period)', () => {
    expect(limitPeriod(3 * Math.PI / 2, 0.5, Math.PI)).toBeCloseTo(Math.PI / 2 - Math.PI, 12);
    expect(limitPeriod(-0.1, 0, Math.PI)).toBeCloseTo(Math.PI - 0.1, 12);
  });
});
