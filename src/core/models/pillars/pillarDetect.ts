import type { OutputTensor, OutputTensors } from '../detection';
import { decodeAnchorHead } from './anchorDecode';
import type { Detection3D } from './box3d';
import { decodeCenterHeads } from './centerDecode';
import type { PillarCard } from './pillarCard';
import { gridShape } from './pillarGrid';
import type { PillarGraphShape } from './pillarGraphs';
import { pillarise, type Pillars } from './pillarise';
import { rotatedNms } from './rotatedNms';
import { clearScattered, scatterPillars } from './scatter';

/** The two graphs as the host runs them (onnxruntime in a worker; anything in tests). */
export interface PillarNets {
  /** The pfe graph on the point features (dims as the card's layout states them), with each pillar's point count. */
  pfe(features: Float32Array, dims: readonly number[], numPoints: Int32Array): Promise<OutputTensor>;
  /** The rpn graph on the pseudo-image [1, channels, ny, nx]: the outputs the decoder reads. */
  rpn(image: Float32Array, dims: readonly number[]): Promise<OutputTensors>;
}

export type PillarStage = 'pillarise' | 'pfe' | 'scatter' | 'rpn' | 'decode';

export interface PillarDetectResult {
  readonly detections: Detection3D[];
  readonly pillars: number;
  readonly droppedPoints: number;
}

/** Point features from pillarise's [P, M, C] into [1, C, P, M] for nets that read channels first. */
export function toChannelsFirst(p: Pillars, points: number, channels: number): Float32Array {
  const out = new Float32Array(p.features.length);
  const plane = p.rows * points;
  for (let r = 0; r < p.rows; r++) for (let m = 0; m < points; m++) for (let c = 0; c < channels; c++) out[c * plane + r * points + m] = p.features[(r * points + m) * channels + c];
  return out;
}

/** The decoder's candidates from the rpn outputs, then rotated NMS: boxes in the LiDAR frame, best first. */
export function decodePillarHead(card: PillarCard, outputs: OutputTensors, scoreThreshold: number): Detection3D[] {
  const d = card.decoder;
  const t = card.thresholds;
  const candidates =
    d.kind === 'anchors'
      ? decodeAnchorHead(outputs, { classes: d.classes, boxes: d.boxes, direction: d.direction }, card.classes.length, {
          range: card.pillars.range,
          anchors: d.anchors,
          alignCenter: d.alignCenter,
          layout: d.layout,
          scoreActivation: d.scoreActivation,
          codeSize: d.codeSize,
          direction: d.direction ? { offset: d.directionOffset, limitOffset: d.directionLimitOffset, bins: d.directionBins } : undefined,
          scoreThreshold,
          preNmsMax: t.preNmsMax,
        })
      : decodeCenterHeads(outputs, d.heads, card.classes.length, gridShape(card.pillars).nx, gridShape(card.pillars).ny, {
          range: card.pillars.range,
          voxelSize: card.pillars.voxelSize,
          layout: d.layout,
          scoreActivation: d.scoreActivation,
          sizeEncoding: d.sizeEncoding,
          sizeOrder: d.sizeOrder,
          rotationOrder: d.rotationOrder,
          scoreThreshold,
          preNmsMax: t.preNmsMax,
        });
  return rotatedNms(candidates, t.nmsIou, t.maxDetections, t.nmsPerClass);
}

/**
 * One scan through a split pillar detector: pillarise, the pfe graph, scatter into the pseudo-image,
 * the rpn graph, decode and NMS. `onStage` hears each stage as it starts (progress, timing).
 */
export async function detectWithPillars(
  card: PillarCard,
  shape: PillarGraphShape,
  points: ArrayLike<number>,
  stride: number,
  nets: PillarNets,
  options: {
    readonly scoreThreshold?: number;
    readonly onStage?: (stage: PillarStage) => void;
    /** Keeps the pseudo-image between scans (zeroed again after each), sparing its allocation. */
    readonly scratch?: { image: Float32Array | null };
  } = {},
): Promise<PillarDetectResult> {
  const stage = options.onStage ?? (() => {});
  const p = card.pillars;
  const M = p.maxPointsPerPillar;
  const C = p.features.length;
  stage('pillarise');
  const pillars = pillarise(points, stride, { ...p, padToMax: shape.fixedPillars !== null });
  const { nx, ny } = gridShape(p);
  if (pillars.count === 0) return { detections: [], pillars: 0, droppedPoints: pillars.droppedPoints };
  stage('pfe');
  const channelsFirst = card.pfe.inputLayout === 'CPM';
  const features = channelsFirst ? toChannelsFirst(pillars, M, C) : pillars.features;
  const pf = await nets.pfe(features, channelsFirst ? [1, C, pillars.rows, M] : [pillars.rows, M, C], pillars.numPoints);
  stage('scatter');
  const rows = pillars.rows;
  const channels = pf.data.length / rows;
  if (!Number.isInteger(channels)) throw new Error(`the pfe output "${card.pfe.output}" [${pf.dims.join(', ')}] is not ${rows} pillars × channels`);
  const scratch = options.scratch;
  const image = scatterPillars(pf.data, card.pfe.outputLayout, rows, channels, pillars, nx, ny, scratch?.image ?? undefined);
  stage('rpn');
  let outputs: OutputTensors;
  try {
    outputs = await nets.rpn(image, [1, channels, ny, nx]);
  } finally {
    if (scratch) {
      clearScattered(image, channels, pillars, nx, ny);
      scratch.image = image;
    }
  }
  stage('decode');
  const detections = decodePillarHead(card, outputs, options.scoreThreshold ?? card.thresholds.score);
  return { detections, pillars: pillars.count, droppedPoints: pillars.droppedPoints };
}
