import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { boxIou, type Detection2D } from '../../../core/models/detection';
import { parseModelCard, type ModelCard } from '../../../core/models/modelCard';
import type { RgbImage } from '../../../core/models/preprocess';
import { decodeImage } from './decodeImage';
import { DetectorRunner } from './detectorRunner';

const ROOT = path.resolve(__dirname, '../../../..');
const ONNX = path.resolve(ROOT, '../shared/data/onnx');
const DRIVING = path.resolve(ROOT, '../shared/data/driving');
const WORKER = path.join(ROOT, 'src/main/workers/modelWorker.dev.cjs');
const CAR_IMAGE = path.join(DRIVING, 'mmdet3d_demo/kitti/000008.png');
const PEDESTRIAN_IMAGE = path.join(DRIVING, 'kitti_object_vis/training/image_2/000000.png');
const present = [ONNX, CAR_IMAGE, PEDESTRIAN_IMAGE].every((p) => existsSync(p));

const card = (name: string): ModelCard => parseModelCard(JSON.parse(readFileSync(path.join(ROOT, 'resources/models', `${name}.card.json`), 'utf8')), name);
const image = (file: string): RgbImage => decodeImage(new Uint8Array(readFileSync(file)), file);
const cars = (found: readonly Detection2D[], c: ModelCard) => found.filter((d) => c.classes[d.classIndex] === 'car');

describe.skipIf(!present)('2D detectors on the user machine (real models in ../shared/data/onnx, KITTI images)', () => {
  let yolox: DetectorRunner;
  const yoloxCard = card('yolox-nano');

  beforeAll(async () => {
    yolox = await DetectorRunner.open({ modelFile: path.join(ONNX, 'yolox_nano.onnx'), card: yoloxCard, workerFile: WORKER });
  }, 60_000);
  afterAll(() => yolox?.close());

  it('names the model by its bytes and says what ran it', () => {
    const sha = createHash('sha256').update(readFileSync(path.join(ONNX, 'yolox_nano.onnx'))).digest('hex');
    expect(yolox.provenance.model).toEqual({ name: 'YOLOX-Nano (COCO)', version: yoloxCard.modelVersion, sha256: sha, file: 'yolox_nano.onnx' });
    expect(yolox.provenance.runtime).toMatchObject({ name: 'onnxruntime-node', version: '1.31.1' });
    expect(yolox.provenance.runtime.executionProviders.at(-1)).toBe('cpu');
    expect(yolox.provenance.parameters).toMatchObject({ decoder: 'yolox', scoreThreshold: 0.3 });
  });

  it('YOLOX-Nano finds cars above 0.5 in KITTI 000008 and the labelled pedestrian in 000000', async () => {
    const inCars = await yolox.detect(image(CAR_IMAGE));
    expect(cars(inCars.detections, yoloxCard).filter((d) => d.score > 0.5).length).toBeGreaterThanOrEqual(4);
    const { detections } = await yolox.detect(image(PEDESTRIAN_IMAGE));
    // label_2/000000.txt: Pedestrian 712.40 143.00 810.73 307.92.
    const label = { x1: 712.4, y1: 143, x2: 810.73, y2: 307.92, classIndex: 0, score: 1 };
    const person = detections.find((d) => yoloxCard.classes[d.classIndex] === 'person');
    expect(person?.score).toBeGreaterThan(0.5);
    expect(boxIou(person!, label)).toBeGreaterThan(0.7);
  }, 60_000);

  it.each([
    ['nanodet_m.onnx', 'nanodet-m-416'],
    ['FastestDet.onnx', 'fastestdet'],
  ])('%s finds the same cars as YOLOX-Nano in KITTI 000008', async (file, cardName) => {
    const c = card(cardName);
    const runner = await DetectorRunner.open({ modelFile: path.join(ONNX, file), card: c, workerFile: WORKER });
    try {
      const img = image(CAR_IMAGE);
      const [theirs, ours] = await Promise.all([runner.detect(img), yolox.detect(img)]);
      const found = cars(theirs.detections, c).filter((d) => d.score > 0.45);
      const reference = cars(ours.detections, yoloxCard).filter((d) => d.score > 0.75);
      expect(found.length).toBeGreaterThanOrEqual(3);
      // Every confident YOLOX car is found by this model too (same place, within IoU 0.5).
      for (const r of reference) expect(Math.max(...found.map((d) => boxIou(d, r)))).toBeGreaterThan(0.5);
    } finally {
      await runner.close();
    }
  }, 60_000);

  it('refuses a card that does not fit the model, naming the input the model has', async () => {
    const wrong = { ...yoloxCard, input: { ...yoloxCard.input, name: 'input.1' } };
    await expect(DetectorRunner.open({ modelFile: path.join(ONNX, 'yolox_nano.onnx'), card: wrong, workerFile: WORKER })).rejects.toThrow(
      /the card's input "input\.1" is not an input of the model \(it has images\)/,
    );
    const wrongOutput = { ...yoloxCard, decoder: { kind: 'yolox' as const, output: 'boxes', strides: [8, 16, 32] } };
    await expect(DetectorRunner.open({ modelFile: path.join(ONNX, 'yolox_nano.onnx'), card: wrongOutput, workerFile: WORKER })).rejects.toThrow(/reads "boxes", which the model does not output \(it has output\)/);
  }, 60_000);

  it('cancelling stops the worker: the request in flight and any later one fail with "cancelled"', async () => {
    const runner = await DetectorRunner.open({ modelFile: path.join(ONNX, 'FastestDet.onnx'), card: card('fastestdet'), workerFile: WORKER });
    const controller = new AbortController();
    const pending = runner.detect(image(CAR_IMAGE), controller.signal);
    controller.abort();
    await expect(pending).rejects.toThrow('cancelled');
    await expect(runner.detect(image(CAR_IMAGE))).rejects.toThrow('cancelled');
  }, 60_000);
});

describe('a model file that is not a model', () => {
  it('fails to open with the file named', async () => {
    const notModel = path.join(ROOT, 'resources/models/yolox-nano.card.json');
    await expect(DetectorRunner.open({ modelFile: notModel, card: card('yolox-nano'), workerFile: WORKER })).rejects.toThrow(/yolox-nano\.card\.json: onnxruntime cannot load this model/);
  }, 60_000);
});
