import { z } from 'zod';

/**
 * A model card: what Cairn needs to know to run a user's ONNX file and read its answer. The ONNX
 * graph says the tensor shapes but not what the numbers mean (colour order, normalisation, how
 * the image was fitted into the input, how the output encodes boxes), so the card says it.
 */

const positive = z.number().positive();
const triple = z.tuple([z.number(), z.number(), z.number()]);

const resizeSchema = z.discriminatedUnion('mode', [
  /** Scaled to the input's size without keeping the aspect ratio. */
  z.object({ mode: z.literal('stretch') }),
  /** Scaled by one factor to fit inside the input, the rest filled with padValue (in 0–255 pixel units). */
  z.object({
    mode: z.literal('letterbox'),
    padValue: z.number().min(0).max(255),
    align: z.enum(['top-left', 'center']),
  }),
]);

const inputSchema = z.object({
  name: z.string().min(1),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  /** Only planar NCHW float input so far: what every detector we know of exports. */
  layout: z.literal('NCHW'),
  /** The order of the three channels in the tensor. */
  colourOrder: z.enum(['RGB', 'BGR']),
  /** Per tensor channel, in 0–255 pixel units: value = (pixel − mean) / std. */
  mean: triple,
  std: z.tuple([positive, positive, positive]),
  resize: resizeSchema,
});

const yoloxDecoder = z.object({
  kind: z.literal('yolox'),
  /** [1, anchors, 5 + classes]: grid offsets and log sizes, objectness and class scores (already sigmoid). */
  output: z.string().min(1),
  strides: z.array(z.number().int().positive()).min(1),
});

const nanodetGflDecoder = z.object({
  kind: z.literal('nanodet-gfl'),
  /** One entry per pyramid level: class scores [1, cells, classes] (already sigmoid) and box distributions [1, cells, 4·(regMax+1)]. */
  levels: z.array(z.object({ stride: z.number().int().positive(), scores: z.string().min(1), boxes: z.string().min(1) })).min(1),
  regMax: z.number().int().positive(),
});

const fastestDetDecoder = z.object({
  kind: z.literal('fastestdet'),
  /** [1, 5 + classes, rows, cols]: objectness (sigmoid), box (tanh offsets, sigmoid sizes), class softmax. */
  output: z.string().min(1),
});

export const decoderSchema = z.discriminatedUnion('kind', [yoloxDecoder, nanodetGflDecoder, fastestDetDecoder]);

export const modelCardSchema = z.object({
  format: z.literal('cairn-model-card'),
  version: z.literal(1),
  name: z.string().min(1),
  /** The model's own version (its release, or the date of the weights). */
  modelVersion: z.string().min(1),
  task: z.literal('detect2d'),
  description: z.string().optional(),
  source: z.string().optional(),
  licence: z.string().optional(),
  input: inputSchema,
  decoder: decoderSchema,
  /** The model's class names, index = the class number in its output. */
  classes: z.array(z.string().min(1)).min(1),
  /** Model class name → ontology classId. Detections of an unmapped class are dropped. */
  classMap: z.record(z.string(), z.string().min(1)),
  thresholds: z.object({
    score: z.number().min(0).max(1),
    nmsIou: z.number().min(0).max(1),
    /** At most this many detections per image after NMS. */
    maxDetections: z.number().int().positive(),
  }),
});

export type ModelCard = z.infer<typeof modelCardSchema>;
export type ModelInput = ModelCard['input'];
export type ModelDecoder = ModelCard['decoder'];

/** Checks a parsed card; the error names `source` and every field that is wrong. */
export function parseModelCard(value: unknown, source: string): ModelCard {
  const parsed = modelCardSchema.safeParse(value);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(card)'}: ${i.message}`);
    throw new Error(`${source}: not a valid model card: ${problems.join('; ')}`);
  }
  const card = parsed.data;
  const unknown = Object.keys(card.classMap).filter((name) => !card.classes.includes(name));
  if (unknown.length > 0) throw new Error(`${source}: classMap names classes the model does not have: ${unknown.join(', ')}`);
  return card;
}

/** The ONNX output names the card's decoder reads, in the order it reads them. */
export function decoderOutputs(decoder: ModelDecoder): string[] {
  if (decoder.kind === 'nanodet-gfl') return decoder.levels.flatMap((l) => [l.scores, l.boxes]);
  return [decoder.output];
}
