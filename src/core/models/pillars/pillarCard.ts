import { z } from 'zod';
import { PILLAR_FEATURES } from './pillarise';

/**
 * The card of a split pillar detector (PointPillars, CenterPoint as OpenPCDet and Autoware export
 * them): two ONNX graphs, the pillar feature net ("pfe") and the backbone with its head ("rpn"),
 * joined by the scatter Cairn does in code. The graphs fix tensor shapes; what the numbers mean
 * (the grid, the point features and their order, the anchors, how the head encodes boxes) only
 * the training config says, so the card repeats it.
 */

const range = z.tuple([z.number(), z.number(), z.number(), z.number(), z.number(), z.number()]).refine((r) => r[3] > r[0] && r[4] > r[1] && r[5] > r[2], 'each maximum must exceed its minimum');
const positiveTriple = z.tuple([z.number().positive(), z.number().positive(), z.number().positive()]);
const name = z.string().min(1);
const headLayout = z.enum(['NHWC', 'NCHW']);
const scoreActivation = z.enum(['sigmoid', 'none']);

const anchorDecoder = z.object({
  kind: z.literal('anchors'),
  /** Class scores [1, H, W, anchors·classes] (NHWC) or [1, anchors·classes, H, W]. */
  classes: name,
  /** Box residuals, codeSize per anchor. */
  boxes: name,
  /** Direction bin scores, bins per anchor; absent when the head has no direction classifier. */
  direction: name.optional(),
  layout: headLayout,
  scoreActivation,
  codeSize: z.number().int().min(7).default(7),
  alignCenter: z.boolean().default(false),
  /** OpenPCDet DIR_OFFSET, DIR_LIMIT_OFFSET, NUM_DIR_BINS. */
  directionOffset: z.number().default(Math.PI / 4),
  directionLimitOffset: z.number().default(0),
  directionBins: z.number().int().min(2).default(2),
  /** One entry per class of the model, in its class order (OpenPCDet's ANCHOR_GENERATOR_CONFIG). */
  anchors: z
    .array(z.object({ class: name, sizes: z.array(positiveTriple).min(1), rotations: z.array(z.number()).min(1), bottomZ: z.number() }))
    .min(1),
});

const centerDecoder = z.object({
  kind: z.literal('center'),
  /** One per task head; each head's heatmap channels are the next classes in the card's order. */
  heads: z.array(z.object({ heatmap: name, offset: name, height: name, size: name, rotation: name })).min(1),
  layout: headLayout,
  scoreActivation,
  sizeEncoding: z.enum(['log', 'linear']).default('log'),
  sizeOrder: z.enum(['lwh', 'wlh']).default('lwh'),
  rotationOrder: z.enum(['cos-sin', 'sin-cos']).default('cos-sin'),
});

export const pillarDecoderSchema = z.discriminatedUnion('kind', [anchorDecoder, centerDecoder]);

export const pillarCardSchema = z.object({
  format: z.literal('cairn-model-card'),
  version: z.literal(1),
  name,
  modelVersion: name,
  task: z.literal('detect3d'),
  description: z.string().optional(),
  source: z.string().optional(),
  licence: z.string().optional(),
  pillars: z.object({
    range,
    voxelSize: positiveTriple,
    maxPointsPerPillar: z.number().int().positive(),
    maxPillars: z.number().int().positive(),
    features: z.array(z.enum(PILLAR_FEATURES)).min(1),
    intensityScale: z.number().positive().default(1),
  }),
  pfe: z.object({
    /** The point features: [pillars, points, features] (OpenPCDet) or [1, features, pillars, points] (PointPillars, Autoware). */
    input: name,
    inputLayout: z.enum(['PMC', 'CPM']),
    /** Points per pillar, where the graph reads them (int32, int64 or float, [pillars] or [1, pillars]). */
    numPoints: name.optional(),
    output: name,
    /** The pillar vectors: [pillars, channels] (or [pillars, 1, channels]), or [1, channels, pillars(, 1)]. */
    outputLayout: z.enum(['PC', 'CP']),
  }),
  rpn: z.object({
    /** The BEV pseudo-image [1, channels, ny, nx]. */
    input: name,
  }),
  decoder: pillarDecoderSchema,
  classes: z.array(name).min(1),
  /** Model class name → ontology classId. Detections of an unmapped class are dropped. */
  classMap: z.record(z.string(), name),
  thresholds: z.object({
    score: z.number().min(0).max(1),
    /** BEV IoU above which the lower-scoring box goes. */
    nmsIou: z.number().min(0).max(1),
    /** Candidates, best first, that go into NMS (NMS_PRE_MAXSIZE). */
    preNmsMax: z.number().int().positive().default(4096),
    /** At most this many boxes per scan after NMS (NMS_POST_MAXSIZE). */
    maxDetections: z.number().int().positive(),
    /** NMS within each class, or across classes (OpenPCDet's default for one head). */
    nmsPerClass: z.boolean().default(false),
  }),
});

export type PillarCard = z.infer<typeof pillarCardSchema>;
export type PillarCardInput = z.input<typeof pillarCardSchema>;

/** Checks a parsed card; the error names `source` and what is wrong. */
export function parsePillarCard(value: unknown, source: string): PillarCard {
  const parsed = pillarCardSchema.safeParse(value);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(card)'}: ${i.message}`);
    throw new Error(`${source}: not a valid 3D detector card: ${problems.join('; ')}`);
  }
  const card = parsed.data;
  const unknown = Object.keys(card.classMap).filter((c) => !card.classes.includes(c));
  if (unknown.length > 0) throw new Error(`${source}: classMap names classes the model does not have: ${unknown.join(', ')}`);
  if (card.decoder.kind === 'anchors') {
    const order = card.decoder.anchors.map((a) => a.class);
    if (order.join('\n') !== card.classes.join('\n')) throw new Error(`${source}: decoder.anchors must give one entry per class in the classes' order (${card.classes.join(', ')}), it gives ${order.join(', ')}`);
  }
  return card;
}

/** The ONNX outputs of the rpn graph the decoder reads. */
export function pillarDecoderOutputs(decoder: PillarCard['decoder']): string[] {
  if (decoder.kind === 'anchors') return [decoder.classes, decoder.boxes, ...(decoder.direction ? [decoder.direction] : [])];
  return decoder.heads.flatMap((h) => [h.heatmap, h.offset, h.height, h.size, h.rotation]);
}

/** The card's settings that shape the proposals, for their provenance. */
export function pillarParameters(card: PillarCard, scoreThreshold: number): Record<string, string | number | boolean> {
  const p = card.pillars;
  return {
    decoder: card.decoder.kind,
    range: p.range.join(','),
    voxelSize: p.voxelSize.join(','),
    maxPointsPerPillar: p.maxPointsPerPillar,
    maxPillars: p.maxPillars,
    features: p.features.join(','),
    intensityScale: p.intensityScale,
    scoreThreshold,
    nmsIou: card.thresholds.nmsIou,
    preNmsMax: card.thresholds.preNmsMax,
    maxDetections: card.thresholds.maxDetections,
    nmsPerClass: card.thresholds.nmsPerClass,
  };
}
