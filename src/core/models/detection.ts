import type { InputPlacement } from './preprocess';

/**
 * A 2D detection in image pixels, edge coordinates: pixel (i, j) covers [i, i + 1) × [j, j + 1),
 * so a box around the whole image is (0, 0, width, height).
 */
export interface Detection2D {
  readonly x1: number;
  readonly y1: number;
  readonly x2: number;
  readonly y2: number;
  /** The model's class number (an index into the card's classes). */
  readonly classIndex: number;
  readonly score: number;
}

/** An output tensor as the host hands it over: row-major data and its dimensions. */
export interface OutputTensor {
  readonly data: Float32Array;
  readonly dims: readonly number[];
}

export type OutputTensors = Readonly<Record<string, OutputTensor>>;

export function requireOutput(outputs: OutputTensors, name: string, rank: number): OutputTensor {
  const t = outputs[name];
  if (!t) throw new Error(`the model gave no output named "${name}" (it gave ${Object.keys(outputs).join(', ') || 'none'}): check the card's decoder`);
  if (t.dims.length !== rank) throw new Error(`output "${name}" has dimensions [${t.dims.join(', ')}], the decoder expects ${rank} of them`);
  const size = t.dims.reduce((a, b) => a * b, 1);
  if (t.data.length !== size) throw new Error(`output "${name}" holds ${t.data.length} values, its dimensions [${t.dims.join(', ')}] say ${size}`);
  return t;
}

/** A box from tensor pixels back to the image's, clipped to the image; null when nothing of it is left. */
export function toImageBox(
  tensorBox: readonly [number, number, number, number],
  placement: InputPlacement,
  imageWidth: number,
  imageHeight: number,
): [number, number, number, number] | null {
  const x1 = Math.max(0, (tensorBox[0] - placement.offsetX) / placement.scaleX);
  const y1 = Math.max(0, (tensorBox[1] - placement.offsetY) / placement.scaleY);
  const x2 = Math.min(imageWidth, (tensorBox[2] - placement.offsetX) / placement.scaleX);
  const y2 = Math.min(imageHeight, (tensorBox[3] - placement.offsetY) / placement.scaleY);
  return x2 > x1 && y2 > y1 ? [x1, y1, x2, y2] : null;
}

export function boxIou(a: Detection2D, b: Detection2D): number {
  const w = Math.min(a.x2, b.x2) - Math.max(a.x1, b.x1);
  const h = Math.min(a.y2, b.y2) - Math.max(a.y1, b.y1);
  if (w <= 0 || h <= 0) return 0;
  const inter = w * h;
  return inter / ((a.x2 - a.x1) * (a.y2 - a.y1) + (b.x2 - b.x1) * (b.y2 - b.y1) - inter);
}
