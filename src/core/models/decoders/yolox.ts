import type { ModelCard } from '../modelCard';
import { requireOutput, type OutputTensors } from '../detection';
import { bestClass, gridSize, type Candidate } from './candidate';

type YoloxDecoder = Extract<ModelCard['decoder'], { kind: 'yolox' }>;

/**
 * YOLOX exported without its decode step: one row per anchor point, the levels one after another
 * (finest stride first), each level row by row. A row is (dx, dy, log w, log h) in units of the
 * stride, then objectness and the class scores; score = objectness × best class score.
 */
export function decodeYolox(decoder: YoloxDecoder, outputs: OutputTensors, card: ModelCard, scoreThreshold: number): Candidate[] {
  const out = requireOutput(outputs, decoder.output, 3);
  const [, anchors, width] = out.dims;
  const classes = card.classes.length;
  if (width !== 5 + classes) throw new Error(`output "${decoder.output}" has rows of ${width} values; ${classes} classes need ${5 + classes}`);
  const levels = decoder.strides.map((s) => ({ stride: s, ...gridSize(card.input.width, card.input.height, s) }));
  const expected = levels.reduce((n, l) => n + l.cols * l.rows, 0);
  if (anchors !== expected) throw new Error(`output "${decoder.output}" has ${anchors} anchors; strides ${decoder.strides.join('/')} over ${card.input.width}×${card.input.height} give ${expected}`);
  const d = out.data;
  const found: Candidate[] = [];
  let row = 0;
  for (const { stride, cols, rows } of levels) {
    for (let gy = 0; gy < rows; gy++) {
      for (let gx = 0; gx < cols; gx++, row++) {
        const o = row * width;
        const objectness = d[o + 4];
        // The best class cannot lift the score above objectness: skip the class scan early.
        if (objectness < scoreThreshold) continue;
        const best = bestClass(d, o + 5, classes);
        const score = objectness * best.score;
        if (score < scoreThreshold) continue;
        const cx = (d[o] + gx) * stride;
        const cy = (d[o + 1] + gy) * stride;
        const w = Math.exp(d[o + 2]) * stride;
        const h = Math.exp(d[o + 3]) * stride;
        found.push({ box: [cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2], classIndex: best.index, score });
      }
    }
  }
  return found;
}
