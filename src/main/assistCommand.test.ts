import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseKittiCalib } from '../core/camera';
import { kittiLabelToCuboid, parseKittiLabels, veloFromRect0 } from '../core/importers/kitti/kittiLabels';
import { modelProvenanceSchema } from '../core/models/provenance';
import { runAssist, type ProposalsDocument } from './assistCommand';
import { runCommand } from './testing/runCommand';

const ROOT = path.resolve(__dirname, '../..');
const MODEL = path.resolve(ROOT, '../shared/data/onnx/yolox_nano.onnx');
const KITTI = path.resolve(ROOT, '../shared/data/driving/kitti_object_vis');
const CARD = path.join(ROOT, 'resources/models/yolox-nano.card.json');
const dir = mkdtempSync(path.join(os.tmpdir(), 'cairn-assist-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('cairn assist: usage', () => {
  it.each([
    [[], /name a generator: detect2d-lift/],
    [['boxes', KITTI, '-o', dir], /unknown generator "boxes"/],
    [['detect2d-lift', KITTI, '--card', CARD, '-o', dir], /give the ONNX file with --model/],
    [['detect2d-lift', KITTI, '--model', MODEL, '--card', CARD, '-o', dir, '--score', '2'], /--score takes a number from 0 to 1, got "2"/],
  ])('%j exits 2 and says what is wrong', async (args, message) => {
    const { code, err } = await runCommand(runAssist, args);
    expect(code).toBe(2);
    expect(err).toMatch(message);
  });

  it('names a card that is not a card, and a folder that is not a dataset (exit 1)', async () => {
    const bad = path.join(dir, 'bad.card.json');
    writeFileSync(bad, '{"format": "cairn-model-card"');
    const notCard = await runCommand(runAssist, ['detect2d-lift', KITTI, '--model', MODEL, '--card', bad, '-o', dir]);
    expect(notCard.code).toBe(1);
    expect(notCard.err).toContain(`${bad}: not JSON`);
    const notDataset = await runCommand(runAssist, ['detect2d-lift', dir, '--model', MODEL, '--card', CARD, '-o', dir]);
    expect(notDataset.code).toBe(1);
    expect(notDataset.err).toContain(`${dir}: not a dataset folder cairn import knows`);
  });
});

describe.skipIf(!existsSync(MODEL) || !existsSync(path.join(KITTI, 'training/label_2/000000.txt')))('cairn assist detect2d-lift on the KITTI frames in ../shared/data', () => {
  it('writes proposals with provenance; the labelled pedestrian of 000000 is proposed within 1 m of its label', async () => {
    const out = path.join(dir, 'run');
    const { code, err } = await runCommand(runAssist, ['detect2d-lift', KITTI, '--model', MODEL, '--card', CARD, '-o', out]);
    expect(err).toMatch(/training frame 1\/2: \d+ detections? in 1 camera → \d+ proposals?/);
    expect(code).toBe(0);
    const doc = JSON.parse(readFileSync(path.join(out, 'proposals.json'), 'utf8')) as ProposalsDocument;
    expect(doc).toMatchObject({ format: 'cairn-proposals', version: 1, generator: 'detect2d-lift', datasetFormat: 'kitti' });
    const frame = doc.scenes[0].frames.find((f) => f.sourceId === '000000')!;
    const person = frame.proposals.find((p) => p.classId === 'pedestrian' && p.sensorId === 'cam2');
    expect(person).toBeDefined();
    const calib = parseKittiCalib(readFileSync(path.join(KITTI, 'training/calib/000000.txt'), 'utf8'), '000000.txt');
    const label = parseKittiLabels(readFileSync(path.join(KITTI, 'training/label_2/000000.txt'), 'utf8'), '000000.txt')[0];
    const truth = kittiLabelToCuboid(label, veloFromRect0(calib), frame.lidar);
    expect(person!.cuboid.frame).toBe(frame.lidar);
    expect(Math.hypot(person!.cuboid.center[0] - truth.center[0], person!.cuboid.center[1] - truth.center[1])).toBeLessThan(1);
    expect(modelProvenanceSchema.parse(person!.provenance)).toMatchObject({ generator: 'detect2d-lift', model: { file: 'yolox_nano.onnx' } });
  }, 120_000);
});
