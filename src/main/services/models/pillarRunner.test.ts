import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cuboidContains } from '../../../core/geometry/cuboid';
import type { PillarStage } from '../../../core/models/pillars/pillarDetect';
import { pillarProposals } from '../../../core/models/pillars/pillarProposals';
import { testPillarCard } from '../../../core/models/pillars/testPillarCard';
import { PillarRunner } from './pillarRunner';
import { PFE_WEIGHTS, pillarTestCenterRpn, pillarTestPfe, pillarTestRpn } from './testing/pillarTestNets';
import { PILLAR_TEST_SCAN } from './testing/pillarTestScene';

const WORKER = path.resolve(__dirname, '../../workers/pillarWorker.dev.cjs');
const card = testPillarCard();
const sigmoid = (v: number) => 1 / (1 + Math.exp(-v));

/**
 * What the nets must give for the scan, from the definitions and not from the adapter's code:
 * per 0.5 m cell of the 8 × 8 m range, its first four points' ten features computed one by one,
 * the pfe's two maxima (an empty slot counts 0), the rpn's logit and decoded box, the heading
 * placed in the half turn the direction bin names.
 */
function pillarChannels() {
  const n = PILLAR_TEST_SCAN.length / 4;
  const cells = new Map<string, number[][]>();
  for (let i = 0; i < n; i++) {
    const [x, y, z, r] = PILLAR_TEST_SCAN.subarray(i * 4, i * 4 + 4);
    if (x < 0 || x >= 8 || y < -4 || y >= 4 || z < -3 || z >= 1) continue;
    const key = `${Math.floor(x / 0.5)},${Math.floor((y + 4) / 0.5)}`;
    const list = cells.get(key) ?? [];
    if (list.length < 4) list.push([x, y, z, r]);
    cells.set(key, list);
  }
  return [...cells].map(([key, pts]) => {
    const [ix, iy] = key.split(',').map(Number);
    const centre = [ix * 0.5 + 0.25, -4 + iy * 0.5 + 0.25, -1];
    const mean = [0, 1, 2].map((k) => pts.reduce((s, p) => s + p[k], 0) / pts.length);
    const features = pts.map(([x, y, z, r]) => [x, y, z, r, x - mean[0], y - mean[1], z - mean[2], x - centre[0], y - centre[1], z - centre[2]]);
    while (features.length < 4) features.push(new Array(10).fill(0));
    const channel = (c: number) => Math.max(...features.map((f) => f.reduce((s, v, k) => s + v * PFE_WEIGHTS[k * 2 + c], 0)));
    return { ix, iy, centre, c0: channel(0), c1: channel(1) };
  });
}

function reference() {
  const found: { center: number[]; yaw: number; score: number }[] = [];
  for (const { centre, c0, c1 } of pillarChannels()) {
    const score = sigmoid(10 * c0 - 5);
    if (score < 0.5) continue;
    const bin = c0 - 0.9 > 0 ? 1 : 0;
    // The heading ≡ 0.3 (mod π) that lies in [π/4 + bin·π, π/4 + (bin + 1)·π).
    let yaw = 0.3;
    while (yaw < Math.PI / 4 + bin * Math.PI) yaw += Math.PI;
    found.push({ center: [centre[0], centre[1], c1], yaw, score });
  }
  return found.sort((a, b) => b.score - a.score);
}

/** The CenterPoint rpn's peaks: cells over the threshold whose logit no 3 × 3 neighbour beats (empty cells are −5). */
function centerReference() {
  const cells = pillarChannels();
  const logit = (ix: number, iy: number) => {
    const c = cells.find((k) => k.ix === ix && k.iy === iy);
    return 10 * (c ? c.c0 : 0) - 5;
  };
  return cells
    .filter(({ ix, iy }) => logit(ix, iy) >= 0 && [-1, 0, 1].every((dx) => [-1, 0, 1].every((dy) => (dx === 0 && dy === 0) || logit(ix + dx, iy + dy) < logit(ix, iy))))
    .map(({ ix, iy, c0, c1 }) => ({ center: [(ix + 0.25) * 0.5, (iy + 0.75) * 0.5 - 4, c1], yaw: Math.atan2(c0, 1 - c0), score: sigmoid(10 * c0 - 5) }))
    .sort((a, b) => b.score - a.score);
}

describe('pillar detector through onnxruntime-node (test graphs, real worker)', () => {
  let dir: string;
  let runner: PillarRunner;
  const files = () => ({ pfeFile: path.join(dir, 'pfe.onnx'), rpnFile: path.join(dir, 'rpn.onnx') });

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'cairn-pillars-'));
    writeFileSync(files().pfeFile, pillarTestPfe());
    writeFileSync(files().rpnFile, pillarTestRpn());
    runner = await PillarRunner.open({ ...files(), card, workerFile: WORKER });
  }, 60_000);
  afterAll(async () => {
    await runner?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('goes from points to proposals: pillars, pfe, scatter, rpn, decode, NMS', async () => {
    const stages: PillarStage[] = [];
    const result = await runner.detect(PILLAR_TEST_SCAN, 4, { onProgress: (s) => stages.push(s) });
    expect(stages).toEqual(['pillarise', 'pfe', 'scatter', 'rpn', 'decode']);
    expect(result.pillars).toBe(4);
    expect(result.droppedPoints).toBe(1);
    const want = reference();
    // A's two cells both clear the threshold; the weaker is suppressed: the same footprint moved 0.5 m
    // along x overlaps it by (4 − 0.5·cos 0.3)(2 − 0.5·sin 0.3) / (16 − that) ≈ 0.69 > 0.5. B stays.
    const shifted = (4 - 0.5 * Math.cos(0.3)) * (2 - 0.5 * Math.sin(0.3));
    expect(shifted / (16 - shifted)).toBeGreaterThan(card.thresholds.nmsIou);
    expect(want).toHaveLength(3);
    const kept = [want[0], want[2]];
    expect(result.detections).toHaveLength(2);
    result.detections.forEach((d, k) => {
      d.center.forEach((v, i) => expect(v).toBeCloseTo(kept[k].center[i], 5));
      expect(d.size).toEqual([4, 2, 1.5]);
      expect(Math.cos(d.yaw - kept[k].yaw)).toBeCloseTo(1, 6);
      expect(d.score).toBeCloseTo(kept[k].score, 5);
    });
    // A faces 0.3 (bin 1), B the other way (bin 0).
    expect(Math.cos(result.detections[0].yaw - 0.3)).toBeCloseTo(1, 6);
    expect(Math.cos(result.detections[1].yaw - 0.3)).toBeCloseTo(-1, 6);

    const proposals = pillarProposals(result.detections, card, 'velodyne', PILLAR_TEST_SCAN, 4);
    const inside = (k: number) => Array.from({ length: PILLAR_TEST_SCAN.length / 4 }, (_, i) => [...PILLAR_TEST_SCAN.subarray(i * 4, i * 4 + 3)] as [number, number, number]).filter((p) => cuboidContains(proposals[k].cuboid, p)).length;
    expect(proposals.map((p) => [p.classId, p.modelClass, p.cuboid.frame])).toEqual([['car', 'Car', 'velodyne'], ['car', 'Car', 'velodyne']]);
    expect(proposals.map((p) => p.pointCount)).toEqual([inside(0), inside(1)]);
    expect(proposals[0].pointCount).toBeGreaterThanOrEqual(5);
  });

  it('names both graphs in its provenance', () => {
    expect(runner.provenance.model.file).toBe('pfe.onnx + rpn.onnx');
    expect(runner.provenance.model.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(runner.provenance.parameters).toMatchObject({ decoder: 'anchors', voxelSize: '0.5,0.5,4', scoreThreshold: 0.5, fixedPillars: null });
    expect(runner.provenance.parameters.pfeSha256).not.toBe(runner.provenance.parameters.rpnSha256);
    expect(runner.provenance.runtime.executionProviders.at(-1)).toBe('cpu');
  });

  it('pads to a graph’s fixed pillar count, and finds nothing in an empty scan', async () => {
    const fixedPfe = path.join(dir, 'pfe32.onnx');
    writeFileSync(fixedPfe, pillarTestPfe(32));
    const fixed = await PillarRunner.open({ pfeFile: fixedPfe, rpnFile: files().rpnFile, card, workerFile: WORKER });
    try {
      expect(fixed.provenance.parameters.fixedPillars).toBe(32);
      const a = await fixed.detect(PILLAR_TEST_SCAN, 4);
      const b = await runner.detect(PILLAR_TEST_SCAN, 4);
      expect(a.detections).toEqual(b.detections);
      expect((await fixed.detect(new Float32Array(0), 4)).detections).toEqual([]);
    } finally {
      await fixed.close();
    }
  }, 60_000);

  it('refuses graphs that do not fit the card, naming the file', async () => {
    await expect(PillarRunner.open({ ...files(), card: testPillarCard({ pfe: { ...card.pfe, input: 'points' } }), workerFile: WORKER })).rejects.toThrow(/pfe\.onnx: the card's pfe input "points" is not among the graph's inputs \(voxels\)/);
    const wide = { ...card.pillars, range: [0, -4, -3, 16, 4, 1] as [number, number, number, number, number, number] };
    await expect(PillarRunner.open({ ...files(), card: testPillarCard({ pillars: wide }), workerFile: WORKER })).rejects.toThrow(/rpn\.onnx: input "spatial_features" is \[1, 2, 16, 16\]; the card's grid \(16 × 32 cells\)/);
  }, 60_000);

  it('runs a CenterPoint head: the heatmap’s peaks, boxes read from the maps there', async () => {
    const rpnFile = path.join(dir, 'center.onnx');
    writeFileSync(rpnFile, pillarTestCenterRpn());
    const centerCard = testPillarCard({
      decoder: { kind: 'center', heads: [{ heatmap: 'heatmap', offset: 'reg', height: 'height', size: 'dim', rotation: 'rot' }], layout: 'NCHW', scoreActivation: 'sigmoid', rotationOrder: 'sin-cos' },
    });
    const center = await PillarRunner.open({ pfeFile: files().pfeFile, rpnFile, card: centerCard, workerFile: WORKER });
    try {
      const { detections } = await center.detect(PILLAR_TEST_SCAN, 4);
      const want = centerReference();
      // A's weaker cell is beaten by its neighbour: two peaks, A then B.
      expect(want).toHaveLength(2);
      expect(detections).toHaveLength(2);
      detections.forEach((d, k) => {
        d.center.forEach((v, i) => expect(v).toBeCloseTo(want[k].center[i], 5));
        [4, 2, 1.5].forEach((v, i) => expect(d.size[i]).toBeCloseTo(v, 5));
        expect(d.yaw).toBeCloseTo(want[k].yaw, 5);
        expect(d.score).toBeCloseTo(want[k].score, 5);
      });
      expect(center.provenance.parameters.decoder).toBe('center');
    } finally {
      await center.close();
    }
  }, 60_000);

  it('cancels a scan in flight: it fails with "cancelled" and the runner is closed', async () => {
    const other = await PillarRunner.open({ ...files(), card, workerFile: WORKER });
    const controller = new AbortController();
    const pending = other.detect(PILLAR_TEST_SCAN, 4, { signal: controller.signal, onProgress: () => controller.abort() });
    await expect(pending).rejects.toThrow('cancelled');
    await expect(other.detect(PILLAR_TEST_SCAN, 4)).rejects.toThrow('cancelled');
  }, 60_000);
});
