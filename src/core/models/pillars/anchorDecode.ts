import type { OutputTensors } from '../detection';
import type { Detection3D } from './box3d';
import { headBase, headMap, headStep, sigmoid, type HeadLayout } from './headTensor';

/** One class's anchors as OpenPCDet's ANCHOR_GENERATOR_CONFIG states them. */
export interface AnchorClass {
  /** [length, width, height] per anchor size. */
  readonly sizes: readonly (readonly [number, number, number])[];
  /** Yaw of each anchor (radians), e.g. [0, π/2]. */
  readonly rotations: readonly number[];
  /** The anchors' bottom z: their centre is this plus half their height. */
  readonly bottomZ: number;
}

export interface AnchorDecodeOptions {
  /** [xMin, yMin, zMin, xMax, yMax, zMax]: anchors are spread over this range. */
  readonly range: readonly [number, number, number, number, number, number];
  /** Per class of the model, in its class order: anchor sets follow one another in the head's channels. */
  readonly anchors: readonly AnchorClass[];
  /** Anchor centres on cell centres (true) or on a grid from range edge to range edge (false, OpenPCDet's default). */
  readonly alignCenter: boolean;
  readonly layout: HeadLayout;
  /** Class logits (sigmoid applies) or probabilities already. */
  readonly scoreActivation: 'sigmoid' | 'none';
  /** Box code channels per anchor: 7 (x, y, z, l, w, h, yaw), more when velocities follow. */
  readonly codeSize: number;
  /** The direction classifier's settings (OpenPCDet DIR_OFFSET, DIR_LIMIT_OFFSET, NUM_DIR_BINS). */
  readonly direction?: { readonly offset: number; readonly limitOffset: number; readonly bins: number };
  readonly scoreThreshold: number;
  /** At most this many candidates, best first, go on to NMS (NMS_PRE_MAXSIZE). */
  readonly preNmsMax: number;
}

export interface AnchorOutputs {
  readonly classes: string;
  readonly boxes: string;
  readonly direction?: string;
}

/** The value minus whole periods, into [−offset·period, (1 − offset)·period): OpenPCDet's limit_period. */
export function limitPeriod(value: number, offset: number, period: number): number {
  return value - Math.floor(value / period + offset) * period;
}

interface Anchor {
  readonly size: readonly [number, number, number];
  readonly yaw: number;
  readonly z: number;
}

/**
 * Candidates from an anchor head (PointPillars / SECOND as OpenPCDet exports them). Per feature
 * map location the anchors run class by class, size by size, rotation by rotation; each predicts a
 * score per class and a residual box: centre offsets in units of the anchor's footprint diagonal
 * (z in its height), log size ratios, a yaw offset, and a direction bin that says which way the
 * box faces (yaw is only learnt modulo the bin's period).
 */
export function decodeAnchorHead(outputs: OutputTensors, names: AnchorOutputs, numClasses: number, o: AnchorDecodeOptions): Detection3D[] {
  const cls = headMap(names.classes, outputs[names.classes], o.layout);
  const box = headMap(names.boxes, outputs[names.boxes], o.layout);
  const dir = names.direction && o.direction ? headMap(names.direction, outputs[names.direction], o.layout) : null;
  const perLocation: Anchor[] = o.anchors.flatMap((a) => a.sizes.flatMap((size) => a.rotations.map((yaw) => ({ size, yaw, z: a.bottomZ + size[2] / 2 }))));
  const A = perLocation.length;
  const { height: H, width: W } = cls;
  if (cls.channels !== A * numClasses) throw new Error(`output "${names.classes}" has ${cls.channels} channels; ${A} anchors per location × ${numClasses} classes make ${A * numClasses}`);
  if (box.channels !== A * o.codeSize || box.height !== H || box.width !== W) {
    throw new Error(`output "${names.boxes}" is ${box.height}×${box.width}×${box.channels}; ${H}×${W}×${A * o.codeSize} (${A} anchors × ${o.codeSize} codes) was expected`);
  }
  const bins = o.direction?.bins ?? 0;
  if (dir && (dir.channels !== A * bins || dir.height !== H || dir.width !== W)) {
    throw new Error(`output "${names.direction}" is ${dir.height}×${dir.width}×${dir.channels}; ${H}×${W}×${A * bins} (${A} anchors × ${bins} bins) was expected`);
  }
  const [xMin, yMin, , xMax, yMax] = o.range;
  const xStep = o.alignCenter ? (xMax - xMin) / W : (xMax - xMin) / Math.max(1, W - 1);
  const yStep = o.alignCenter ? (yMax - yMin) / H : (yMax - yMin) / Math.max(1, H - 1);
  const shift = o.alignCenter ? 0.5 : 0;
  // The threshold compared on logits spares a sigmoid for every channel of every anchor.
  const logitThreshold = o.scoreActivation === 'sigmoid' ? Math.log(o.scoreThreshold / (1 - o.scoreThreshold)) : o.scoreThreshold;

  const found: Detection3D[] = [];
  const clsStep = headStep(cls);
  const boxStep = headStep(box);
  const dirStep = dir ? headStep(dir) : 0;
  for (let row = 0; row < H; row++) {
    for (let col = 0; col < W; col++) {
      const clsBase = headBase(cls, row, col);
      for (let a = 0; a < A; a++) {
        let best = -Infinity;
        let k = -1;
        for (let c = 0, at = clsBase + a * numClasses * clsStep; c < numClasses; c++, at += clsStep) {
          const v = cls.data[at];
          if (v > best) {
            best = v;
            k = c;
          }
        }
        if (!(best >= logitThreshold)) continue;
        const anchor = perLocation[a];
        const [la, wa, ha] = anchor.size;
        const diagonal = Math.sqrt(la * la + wa * wa);
        const boxAt = headBase(box, row, col) + a * o.codeSize * boxStep;
        const code = (i: number) => box.data[boxAt + i * boxStep];
        let yaw = code(6) + anchor.yaw;
        if (dir && o.direction) {
          const dirAt = headBase(dir, row, col) + a * bins * dirStep;
          let label = 0;
          for (let b = 1; b < bins; b++) if (dir.data[dirAt + b * dirStep] > dir.data[dirAt + label * dirStep]) label = b;
          const period = (2 * Math.PI) / bins;
          yaw = limitPeriod(yaw - o.direction.offset, o.direction.limitOffset, period) + o.direction.offset + period * label;
        }
        found.push({
          center: [code(0) * diagonal + xMin + (col + shift) * xStep, code(1) * diagonal + yMin + (row + shift) * yStep, code(2) * ha + anchor.z],
          size: [Math.exp(code(3)) * la, Math.exp(code(4)) * wa, Math.exp(code(5)) * ha],
          yaw,
          classIndex: k,
          score: o.scoreActivation === 'sigmoid' ? sigmoid(best) : best,
        });
      }
    }
  }
  return topScores(found, o.preNmsMax);
}

/** The `max` highest-scoring, best first (ties in input order). */
export function topScores(found: Detection3D[], max: number): Detection3D[] {
  return found
    .map((d, i) => ({ d, i }))
    .sort((a, b) => b.d.score - a.d.score || a.i - b.i)
    .slice(0, max)
    .map((x) => x.d);
}
