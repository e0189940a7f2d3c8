import type { ModelCard } from '../modelCard';
import { requireOutput, type OutputTensors } from '../detection';
import { bestClass, type Candidate } from './candidate';

type FastestDetDecoder = Extract<ModelCard['decoder'], { kind: 'fastestdet' }>;

/**
 * FastestDet's single-scale head, [1, 5 + classes, rows, cols] planar: objectness, then the box as
 * tanh offsets of the centre within its cell and sigmoid sizes as shares of the input, then a
 * class distribution. Its authors weight the two scores as objectness^0.6 · class^0.4.
 */
export function decodeFastestDet(decoder: FastestDetDecoder, outputs: OutputTensors, card: ModelCard, scoreThreshold: number): Candidate[] {
  const out = requireOutput(outputs, decoder.output, 4);
  const [, channels, rows, cols] = out.dims;
  const classes = card.classes.length;
  if (channels !== 5 + classes) throw new Error(`output "${decoder.output}" has ${channels} channels; ${classes} classes need ${5 + classes}`);
  const plane = rows * cols;
  const d = out.data;
  const found: Candidate[] = [];
  for (let cell = 0; cell < plane; cell++) {
    const objectness = d[cell];
    const best = bestClass(d, 5 * plane + cell, classes, plane);
    const score = Math.pow(Math.max(objectness, 0), 0.6) * Math.pow(Math.max(best.score, 0), 0.4);
    if (score < scoreThreshold) continue;
    const col = cell % cols;
    const row = Math.floor(cell / cols);
    const cx = ((col + Math.tanh(d[plane + cell])) / cols) * card.input.width;
    const cy = ((row + Math.tanh(d[2 * plane + cell])) / rows) * card.input.height;
    const w = sigmoid(d[3 * plane + cell]) * card.input.width;
    const h = sigmoid(d[4 * plane + cell]) * card.input.height;
    found.push({ box: [cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2], classIndex: best.index, score });
  }
  return found;
}

function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}
