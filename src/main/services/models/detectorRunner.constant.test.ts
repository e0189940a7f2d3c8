import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { testCard } from '../../../core/models/testCard';
import { DetectorRunner } from './detectorRunner';
import { constantModel } from './testing/constantModel';

const WORKER = path.resolve(__dirname, '../../workers/modelWorker.dev.cjs');
const dir = mkdtempSync(path.join(os.tmpdir(), 'cairn-model-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// 32×32 input, strides 8/16/32: 16 + 4 + 1 anchors of 5 + 2 values. One anchor holds a box: stride 8,
// column 1, row 2, offsets ½, sizes 2 strides: tensor (4, 12)–(20, 28), score 0.9 × 0.8, class 1.
const card = testCard({ kind: 'yolox', output: 'output', strides: [8, 16, 32] }, 32, 32, { name: 'images', resize: { mode: 'letterbox', padValue: 114, align: 'top-left' } });
const output = new Float32Array(21 * 7);
output.set([0.5, 0.5, Math.log(2), Math.log(2), 0.9, 0.1, 0.8], 9 * 7);
const model = constantModel('images', [1, 3, 32, 32], [{ name: 'output', dims: [1, 21, 7], values: output }]);
const file = path.join(dir, 'constant.onnx');
writeFileSync(file, model);

describe('DetectorRunner with a model built by the test (no real model needed)', () => {
  it('runs it in the worker through onnxruntime-node and maps the box back into the image', async () => {
    const runner = await DetectorRunner.open({ modelFile: file, card, workerFile: WORKER });
    try {
      // A 64×64 image goes in at scale ½: tensor (4, 12)–(20, 28) is image (8, 24)–(40, 56).
      const { detections } = await runner.detect({ width: 64, height: 64, data: new Uint8Array(64 * 64 * 3) });
      expect(detections).toHaveLength(1);
      expect(detections[0].classIndex).toBe(1);
      expect(detections[0].score).toBeCloseTo(0.72, 6);
      expect([detections[0].x1, detections[0].y1, detections[0].x2, detections[0].y2].map((v) => Number(v.toFixed(4)))).toEqual([8, 24, 40, 56]);
      expect(runner.provenance.model).toEqual({ name: 'test detector', version: '1', sha256: createHash('sha256').update(model).digest('hex'), file: 'constant.onnx' });
    } finally {
      await runner.close();
    }
  }, 60_000);

  it('says what is wrong with an image that is not its size, and stays usable', async () => {
    const runner = await DetectorRunner.open({ modelFile: file, card, workerFile: WORKER });
    try {
      await expect(runner.detect({ width: 4, height: 4, data: new Uint8Array(10) })).rejects.toThrow('image data holds 10 bytes, a 4×4 RGB image needs 48');
      // The same constant box, at scale 8 for a 4×4 image.
      const { detections } = await runner.detect({ width: 4, height: 4, data: new Uint8Array(48) });
      expect([detections[0].x1, detections[0].y1, detections[0].x2, detections[0].y2].map((v) => Number(v.toFixed(4)))).toEqual([0.5, 1.5, 2.5, 3.5]);
    } finally {
      await runner.close();
    }
  }, 60_000);

  it('refuses a card whose input size the model does not have', async () => {
    const wrong = { ...card, input: { ...card.input, width: 64 } };
    await expect(DetectorRunner.open({ modelFile: file, card: wrong, workerFile: WORKER })).rejects.toThrow('input "images" is [1, 3, 32, 32], the card says [1, 3, 32, 64]');
  }, 60_000);
});
