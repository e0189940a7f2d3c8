import type { ModelCard } from '../modelCard';
import { requireOutput, type OutputTensors } from '../detection';
import { bestClass, gridSize, type Candidate } from './candidate';

type NanodetDecoder = Extract<ModelCard['decoder'], { kind: 'nanodet-gfl' }>;

/**
 * NanoDet's generalised-focal-loss head: per cell of each level, class scores and, for each of
 * the four sides (left, top, right, bottom), a distribution over distances 0..regMax in units of
 * the stride; the side's distance is that distribution's expectation (softmax, then the mean).
 * Cells are row by row; a cell's centre is ((col + ½)·stride, (row + ½)·stride).
 */
export function decodeNanodetGfl(decoder: NanodetDecoder, outputs: OutputTensors, card: ModelCard, scoreThreshold: number): Candidate[] {
  const classes = card.classes.length;
  const bins = decoder.regMax + 1;
  const found: Candidate[] = [];
  const probs = new Float64Array(bins);
  for (const level of decoder.levels) {
    const scores = requireOutput(outputs, level.scores, 3);
    const boxes = requireOutput(outputs, level.boxes, 3);
    const { cols, rows } = gridSize(card.input.width, card.input.height, level.stride);
    const cells = cols * rows;
    if (scores.dims[1] !== cells || scores.dims[2] !== classes) {
      throw new Error(`output "${level.scores}" is [${scores.dims.join(', ')}]; stride ${level.stride} over ${card.input.width}×${card.input.height} with ${classes} classes needs [1, ${cells}, ${classes}]`);
    }
    if (boxes.dims[1] !== cells || boxes.dims[2] !== 4 * bins) {
      throw new Error(`output "${level.boxes}" is [${boxes.dims.join(', ')}]; stride ${level.stride} and regMax ${decoder.regMax} need [1, ${cells}, ${4 * bins}]`);
    }
    for (let cell = 0; cell < cells; cell++) {
      const best = bestClass(scores.data, cell * classes, classes);
      if (best.score < scoreThreshold) continue;
      const cx = ((cell % cols) + 0.5) * level.stride;
      const cy = (Math.floor(cell / cols) + 0.5) * level.stride;
      const side = [0, 0, 0, 0];
      for (let k = 0; k < 4; k++) side[k] = expectedBin(boxes.data, (cell * 4 + k) * bins, bins, probs) * level.stride;
      found.push({ box: [cx - side[0], cy - side[1], cx + side[2], cy + side[3]], classIndex: best.index, score: best.score });
    }
  }
  return found;
}

/** Σ i·softmax(logits)_i over one side's bins, computed stably (the largest logit subtracted). */
export function expectedBin(data: Float32Array, start: number, bins: number, scratch: Float64Array): number {
  let max = -Infinity;
  for (let i = 0; i < bins; i++) max = Math.max(max, data[start + i]);
  let sum = 0;
  for (let i = 0; i < bins; i++) {
    scratch[i] = Math.exp(data[start + i] - max);
    sum += scratch[i];
  }
  let mean = 0;
  for (let i = 0; i < bins; i++) mean += (i * scratch[i]) / sum;
  return mean;
}
