import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testPillarCardInput } from '../core/models/pillars/testPillarCard';
import { modelProvenanceSchema } from '../core/models/provenance';
import { runAssist, type ProposalsDocument } from './assistCommand';
import type { PillarProposalEntry } from './assistPillars';
import { pillarTestPfe, pillarTestRpn } from './services/models/testing/pillarTestNets';
import { PILLAR_TEST_SCAN } from './services/models/testing/pillarTestScene';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'cairn-assist-pillars-'));
  writeFileSync(path.join(dir, 'pfe.onnx'), pillarTestPfe());
  writeFileSync(path.join(dir, 'rpn.onnx'), pillarTestRpn());
  writeFileSync(path.join(dir, 'card.json'), JSON.stringify(testPillarCardInput()));
  // A KITTI object folder holding the test scan as its one frame.
  const data = path.join(dir, 'kitti');
  for (const sub of ['velodyne', 'calib']) mkdirSync(path.join(data, 'training', sub), { recursive: true });
  writeFileSync(path.join(data, 'training/velodyne/000000.bin'), PILLAR_TEST_SCAN);
  const p = '700 0 600 0 0 700 180 0 0 0 1 0';
  const lines = [`P0: ${p}`, `P1: ${p}`, `P2: ${p}`, `P3: ${p}`, 'R0_rect: 1 0 0 0 1 0 0 0 1', 'Tr_velo_to_cam: 0 -1 0 0 0 0 -1 0 1 0 0 0', 'Tr_imu_to_velo: 1 0 0 0 0 1 0 0 0 0 1 0'];
  writeFileSync(path.join(data, 'training/calib/000000.txt'), `${lines.join('\n')}\n`);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(args: string[]) {
  let err = '';
  const code = await runAssist(args, { write: () => true }, { write: (s: string) => ((err += s), true) });
  return { code, err };
}

describe('cairn assist pillars', () => {
  const files = () => ['--pfe', path.join(dir, 'pfe.onnx'), '--rpn', path.join(dir, 'rpn.onnx'), '--card', path.join(dir, 'card.json')];

  it('runs the split detector over a KITTI folder and writes proposals.json with provenance', async () => {
    const out = path.join(dir, 'run');
    const { code, err } = await run(['pillars', ...files(), path.join(dir, 'kitti'), '-o', out]);
    expect(err).toMatch(/frame 1\/1: 14 points in 4 pillars → 2 boxes → 2 proposals \(\d+ ms\)/);
    expect(code).toBe(0);
    const doc = JSON.parse(readFileSync(path.join(out, 'proposals.json'), 'utf8')) as ProposalsDocument<PillarProposalEntry>;
    expect(doc).toMatchObject({ format: 'cairn-proposals', version: 1, generator: 'pillars', datasetFormat: 'kitti' });
    const { proposals, lidar } = doc.scenes[0].frames[0];
    expect(proposals.map((p) => [p.classId, p.modelClass, p.cuboid.frame])).toEqual([['car', 'Car', lidar], ['car', 'Car', lidar]]);
    // The pillar runner's test checks the boxes against the reference; here the file carries them.
    expect(proposals[0].cuboid.center[0]).toBeCloseTo(2.25, 5);
    expect(proposals[1].cuboid.center[0]).toBeCloseTo(6.25, 5);
    const provenance = modelProvenanceSchema.parse(proposals[0].provenance);
    expect(provenance).toMatchObject({ generator: 'pillars', model: { name: 'test pillars', file: 'pfe.onnx + rpn.onnx' }, parameters: { decoder: 'anchors', scoreThreshold: 0.5 } });
  }, 60_000);

  it('a higher --score keeps only the stronger box; a missing graph is a usage error', async () => {
    const out = path.join(dir, 'run-score');
    expect((await run(['pillars', ...files(), '--score', '0.98', path.join(dir, 'kitti'), '-o', out])).code).toBe(0);
    const doc = JSON.parse(readFileSync(path.join(out, 'proposals.json'), 'utf8')) as ProposalsDocument<PillarProposalEntry>;
    expect(doc.scenes[0].frames[0].proposals).toHaveLength(1);
    const usage = await run(['pillars', '--card', path.join(dir, 'card.json'), path.join(dir, 'kitti'), '-o', out]);
    expect(usage.code).toBe(2);
    expect(usage.err).toMatch(/--pfe <pfe\.onnx>/);
  }, 60_000);
});
