import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgreementResult } from '../core/agreement';
import { runAgreement } from './agreementCommand';
import { runCommand } from './testing/runCommand';
import { blindScene, SCENE } from './services/sync/testing/blindScene';

const KITTI = path.resolve(__dirname, '../../../shared/data/driving/kitti_object_vis/training');

let work: string;

const run = (args: string[]) => runCommand(runAgreement, args);

/** One annotator's copy of the real KITTI frames, with `edit` applied to each label line of 000001. */
function annotator(name: string, edit: (fields: string[]) => string[] = (f) => f): string {
  const dir = path.join(work, name);
  cpSync(path.join(KITTI, 'label_2'), path.join(dir, 'label_2'), { recursive: true });
  cpSync(path.join(KITTI, 'calib'), path.join(dir, 'calib'), { recursive: true });
  const file = path.join(dir, 'label_2', '000001.txt');
  const lines = readFileSync(file, 'utf8').trim().split('\n');
  writeFileSync(file, `${lines.map((l) => edit(l.split(' ')).join(' ')).join('\n')}\n`);
  return dir;
}

beforeAll(() => {
  work = mkdtempSync(path.join(os.tmpdir(), 'cairn-agreement-cli-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('cairn agreement --labels', () => {
  it('compares three annotators of the real KITTI frames: figures, consensus, review and the report', async () => {
    const anna = annotator('anna');
    // Bert moved the truck 10 m along the camera's x and called the cyclist a pedestrian.
    const bert = annotator('bert', (f) => (f[0] === 'Truck' ? [f[0], ...f.slice(1, 11), String(Number(f[11]) + 10), ...f.slice(12)] : f[0] === 'Cyclist' ? ['Pedestrian', ...f.slice(1)] : f));
    const carl = annotator('carl');
    const outDir = path.join(work, 'out');
    const { code, out, err } = await run(['--labels', anna, bert, carl, '-o', outDir]);
    expect(err).not.toMatch(/cairn agreement:/);
    expect(code).toBe(0);
    expect(out).toMatch(/3 annotators, 2 frames/);
    expect(err).toMatch(/agreement: 2\/2 frames/);

    const doc = JSON.parse(readFileSync(path.join(outDir, 'agreement.json'), 'utf8')) as { format: string; result: AgreementResult };
    expect(doc.format).toBe('cairn-agreement');
    const { result } = doc;
    expect(result.annotators).toEqual(['anna', 'bert', 'carl']);
    const pair = (a: string, b: string) => result.pairs.find((p) => p.a === a && p.b === b)!;
    // Identical labels agree exactly: IoU 1, not 0.9999.
    expect(pair('anna', 'carl').overall).toMatchObject({ tp: 4, fp: 0, fn: 0, f1: 1, meanIou3d: 1 });
    // The moved truck is an extra of Bert's and a miss of Anna's; the cyclist still matches, with another class.
    expect(pair('anna', 'bert').overall).toMatchObject({ tp: 3, fp: 1, fn: 1, f1: 0.75 });
    expect(pair('anna', 'bert').classAgreement).toBeCloseTo(2 / 3, 12);
    // Nominal alpha by hand: units {P,P,P}, {C,C,C}, {Y,Y,P}, {T,T} (Bert's truck stands alone and pairs with nothing):
    // n = 11; observed disagreement 2/11; expected (121 − (4² + 3² + 2² + 2²)) / (11 · 10) = 0.8; alpha = 1 − (2/11) / 0.8.
    expect(result.classes.alpha.alpha).toBeCloseTo(1 - 2 / 11 / 0.8, 12);
    // Two of three agree on every real object; Bert's moved truck has no quorum and goes to review.
    expect(result.consensus.flatMap((f) => f.boxes.map((b) => b.classId)).sort()).toEqual(['car', 'cyclist', 'pedestrian', 'truck']);
    expect(result.needsReview.map((r) => r.members.map((m) => m.annotator))).toEqual([['bert']]);

    const html = readFileSync(path.join(outDir, 'report.html'), 'utf8');
    for (const id of ['by-class', 'by-annotator', 'over-time', 'confusion', 'iou-histogram', 'error-histograms', 'errors-by-pair']) expect(html).toContain(`id="chart-${id}"`);
    expect(html).toContain('echarts.init');
    // Self-contained: no script or style is fetched from anywhere.
    expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+href=/);
  });

  it('names the file and the problem for a label folder without calibration, and writes nothing', async () => {
    const bare = path.join(work, 'bare');
    cpSync(path.join(KITTI, 'label_2'), path.join(bare, 'label_2'), { recursive: true });
    const outDir = path.join(work, 'out-bare');
    const { code, err } = await run(['--labels', bare, annotator('dora'), '-o', outDir]);
    expect(code).toBe(1);
    expect(err).toContain(path.join(bare, 'calib', '000000.txt'));
    expect(err).toMatch(/no calibration/);
    expect(existsSync(path.join(outDir, 'agreement.json'))).toBe(false);
    // --calib supplies it.
    const withCalib = await run(['--labels', bare, annotator('emil'), '--calib', path.join(KITTI, 'calib'), '-o', outDir]);
    expect(withCalib.code).toBe(0);
  });

  it('says what is wrong with its arguments', async () => {
    expect((await run(['--labels', annotator('fred'), '-o', path.join(work, 'x')])).err).toMatch(/at least two label sets/);
    expect((await run(['--labels', 'a', 'b'])).err).toMatch(/-o DIR/);
    expect((await run(['--labels', 'a', 'b', '-o', 'x', '--metric', 'volume'])).err).toMatch(/--metric volume: expected iou3d, bev or centre/);
    expect((await run(['--labels', 'a', 'b', '-o', 'x', '--class-threshold', 'car']).then((r) => r.err))).toMatch(/CLASS=NUMBER/);
  });
});

describe('cairn agreement <store>', () => {
  it("reads a store's blind replicas into a fresh workspace and compares them", async () => {
    const scene = await blindScene();
    try {
      const outDir = path.join(work, 'out-store');
      const { code, out, err } = await run([scene.fixture.storeDir, '--metric', 'centre', '--threshold', '1', '-o', outDir]);
      expect(err).not.toMatch(/cairn agreement:/);
      expect(code).toBe(0);
      expect(out).toMatch(/2 annotators, 1 frames/);
      const doc = JSON.parse(readFileSync(path.join(outDir, 'agreement.json'), 'utf8')) as { sceneId: string; notes: string[]; result: AgreementResult };
      expect(doc.sceneId).toBe(SCENE);
      expect(doc.result.annotators).toEqual(['anna', 'bert']);
      expect(doc.result.pairs[0].overall).toMatchObject({ tp: 2, fp: 0, fn: 0 });
      // Without the scene file the frame order is unknown, and the report says what that leaves out.
      expect(doc.notes.join(' ')).toMatch(/frame order was not given/);
    } finally {
      await scene.close();
    }
  });
});

