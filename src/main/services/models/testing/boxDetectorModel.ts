import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { ModelCard } from '../../../../core/models/modelCard';
import { constantModel } from './constantModel';

/** The box a test wants detected, in the pixels of images of `width` × `height`. */
export interface WantedBox {
  readonly x1: number;
  readonly y1: number;
  readonly x2: number;
  readonly y2: number;
  readonly width: number;
  readonly height: number;
  readonly score: number;
}

const SIDE = 32;
const STRIDES = [8, 16, 32];
const ANCHORS = STRIDES.reduce((n, s) => n + (SIDE / s) ** 2, 0);

/**
 * A "detector" that finds one car wherever the test says, in every image: a YOLOX-shaped ONNX file
 * whose output is a constant (see constantModel.ts), and its card (32×32 input, stretched). The
 * box is written into the first anchor (stride 8, cell 0, 0): its offsets and log sizes may take
 * any value, so any box can be encoded there. Writes `detector.onnx` and `detector.card.json`.
 */
export function writeBoxDetector(dir: string, box: WantedBox): { modelFile: string; cardFile: string; card: ModelCard } {
  const sx = SIDE / box.width;
  const sy = SIDE / box.height;
  const [cx, cy, w, h] = [((box.x1 + box.x2) / 2) * sx, ((box.y1 + box.y2) / 2) * sy, (box.x2 - box.x1) * sx, (box.y2 - box.y1) * sy];
  const output = new Float32Array(ANCHORS * 7);
  // Objectness × the car's class score is the detection's score.
  output.set([cx / 8, cy / 8, Math.log(w / 8), Math.log(h / 8), 1, 0, box.score], 0);
  const card: ModelCard = {
    format: 'cairn-model-card',
    version: 1,
    name: 'Test car finder',
    modelVersion: 'constant-1',
    task: 'detect2d',
    input: { name: 'images', width: SIDE, height: SIDE, layout: 'NCHW', colourOrder: 'RGB', mean: [0, 0, 0], std: [1, 1, 1], resize: { mode: 'stretch' } },
    decoder: { kind: 'yolox', output: 'output', strides: STRIDES },
    classes: ['thing', 'car'],
    classMap: { car: 'car' },
    thresholds: { score: 0.1, nmsIou: 0.5, maxDetections: 10 },
  };
  const modelFile = path.join(dir, 'detector.onnx');
  const cardFile = path.join(dir, 'detector.card.json');
  writeFileSync(modelFile, constantModel('images', [1, 3, SIDE, SIDE], [{ name: 'output', dims: [1, ANCHORS, 7], values: output }]));
  writeFileSync(cardFile, `${JSON.stringify(card, null, 2)}\n`);
  return { modelFile, cardFile, card };
}
