import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeSyntheticFrame } from '../core/assist/syntheticLidar';
import { parseKittiCalib } from '../core/camera';
import { cuboidBevIou } from '../core/geometry/bevIou';
import { kittiLabelToCuboid, parseKittiLabels, veloFromRect0 } from '../core/importers/kitti/kittiLabels';
import { modelProvenanceSchema } from '../core/models/provenance';
import { runAssist, type ClusterProposalEntry, type ProposalsDocument } from './assistCommand';
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
    [['cluster-boxes', KITTI], /give the output folder with -o <dir>/],
    [['cluster-boxes', KITTI, '-o', dir, '--min-points', '0'], /--min-points takes a whole number, got "0"/],
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

/** A KITTI object folder holding one generated sweep (a camera looking along the LiDAR's x axis). */
function generatedKitti(root: string, seed: number) {
  const frame = makeSyntheticFrame({ seed });
  for (const sub of ['velodyne', 'calib']) mkdirSync(path.join(root, 'training', sub), { recursive: true });
  writeFileSync(path.join(root, 'training/velodyne/000000.bin'), frame.points);
  const p = '700 0 600 0 0 700 180 0 0 0 1 0';
  const lines = [`P0: ${p}`, `P1: ${p}`, `P2: ${p}`, `P3: ${p}`, 'R0_rect: 1 0 0 0 1 0 0 0 1', 'Tr_velo_to_cam: 0 -1 0 0 0 0 -1 0 1 0 0 0', 'Tr_imu_to_velo: 1 0 0 0 0 1 0 0 0 0 1 0'];
  writeFileSync(path.join(root, 'training/calib/000000.txt'), `${lines.join('\n')}\n`);
  return frame;
}

describe('cairn assist cluster-boxes', () => {
  it('boxes a generated sweep read as a KITTI folder: proposals.json with provenance, the road users found, progress on stderr', async () => {
    const data = path.join(dir, 'generated');
    const frame = generatedKitti(data, 2);
    const out = path.join(dir, 'cluster-run');
    const { code, err } = await runCommand(runAssist, ['cluster-boxes', data, '-o', out]);
    expect(err).toMatch(/frame 1\/1: \d+ points, \d+ above the ground → \d+ proposals? \(\d+ ms\)/);
    expect(code).toBe(0);
    const doc = JSON.parse(readFileSync(path.join(out, 'proposals.json'), 'utf8')) as ProposalsDocument<ClusterProposalEntry>;
    expect(doc).toMatchObject({ format: 'cairn-proposals', version: 1, generator: 'cluster-boxes', datasetFormat: 'kitti' });
    const { proposals, lidar } = doc.scenes[0].frames[0];
    const provenance = modelProvenanceSchema.parse(proposals[0].provenance);
    expect(provenance).toMatchObject({ generator: 'cluster-boxes', model: { name: 'cluster-boxes', version: '1' }, parameters: { neighbourDistance: 0.4 } });
    expect(provenance.model.sha256).toMatch(/^[0-9a-f]{64}$/);
    // Every road user seen with 30 points or more is proposed (the generator's recall on this seed is 14 of 15).
    const seen = new Array<number>(frame.objects.length).fill(0);
    for (const o of frame.objectOf) if (o >= 0) seen[o]++;
    const visible = frame.objects.filter((_, k) => seen[k] >= 30);
    const found = visible.filter((o) => proposals.some((p) => p.cuboid.frame === lidar && (cuboidBevIou(p.cuboid, o.cuboid) >= 0.5 || Math.hypot(p.cuboid.center[0] - o.cuboid.center[0], p.cuboid.center[1] - o.cuboid.center[1]) <= 0.5)));
    expect(found.length / visible.length).toBeGreaterThanOrEqual(0.85);
  }, 60_000);
});
