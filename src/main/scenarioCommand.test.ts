import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyTransform, inverseTransform } from '../core/camera/rigidTransform';
import { runScenario, whereStatement } from './scenarioCommand';
import { scenesAt } from './scenarioLocation';
import { writeKittiTrackingFixture, type KittiTrackingFixture } from './testing/datasetFixtures';
import { runCommand } from './testing/runCommand';

let dir: string;
let fixture: KittiTrackingFixture;
let workspace: string;
const framesOf = (out: string) => (JSON.parse(out) as { frames: { frameIndex: number }[] }).frames.map((f) => f.frameIndex);

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'cairn-scenario-cmd-'));
  fixture = writeKittiTrackingFixture(path.join(dir, 'kitti'));
  workspace = path.join(dir, 'ws');
}, 120_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Generous limits: the fixture renders its clouds and images, and each run imports the dataset, on a busy machine.
describe('cairn scenario', { timeout: 120_000 }, () => {
  it('build writes the Parquet index of a raw dataset and says what it holds', async () => {
    const { code, out, err } = await runCommand(runScenario, ['build', fixture.root, '--workspace', workspace]);
    expect(err).toContain('1 scene, 10 frames');
    expect(code).toBe(0);
    const index = JSON.parse(out) as { dir: string; frames: number; objects: number };
    expect(index.frames).toBe(10);
    // Car in every frame, the pedestrian in every frame, the cyclist in frames 3-7.
    expect(index.objects).toBe(10 + 10 + 5);
    expect(existsSync(path.join(index.dir, 'objects.parquet'))).toBe(true);
    expect(existsSync(path.join(index.dir, 'frames.parquet'))).toBe(true);
  });

  it('build --store writes the same files to the shared store, beside the annotations', async () => {
    const store = path.join(dir, 'store');
    mkdirSync(store);
    const { code, out, err } = await runCommand(runScenario, ['build', fixture.root, '--workspace', workspace, '--store', store]);
    expect(code, err).toBe(0);
    const index = JSON.parse(out) as { datasetKey: string; store: { paths: string[] } };
    expect(index.store.paths).toEqual([`scenarios/${index.datasetKey}/frames.parquet`, `scenarios/${index.datasetKey}/objects.parquet`]);
    for (const p of index.store.paths) expect(readFileSync(path.join(store, p))).toEqual(readFileSync(path.join(workspace, p)));
  });

  it('answers a described query with the frames where it holds', async () => {
    const cyclist = await runCommand(runScenario, [fixture.root, '--workspace', workspace, '--query', '{"count": {"class": "cyclist"}}']);
    expect(cyclist.code).toBe(0);
    expect(framesOf(cyclist.out)).toEqual([3, 4, 5, 6, 7]);
    // The fixture drives at 8 m/s.
    expect(framesOf((await runCommand(runScenario, [fixture.root, '--workspace', workspace, '--query', '[{"egoSpeedAbove": 7.9}, {"egoSpeedBelow": 8.1}]'])).out)).toHaveLength(10);
    expect(framesOf((await runCommand(runScenario, [fixture.root, '--workspace', workspace, '--query', '{"egoSpeedAbove": 9}'])).out)).toEqual([]);
  });

  it('answers --where over frames and their objects, the pedestrian coming within 20 m as the ego drives', async () => {
    const pedestrian = fixture.tracks.find((t) => t.type === 'Pedestrian')!;
    const expected = fixture.poses.flatMap((worldFromEgo, i) => {
      const [x, y] = applyTransform(inverseTransform(worldFromEgo), pedestrian.world[i]!.center);
      return Math.hypot(x, y) < 20 ? [i] : [];
    });
    expect(expected.length).toBeGreaterThan(0);
    expect(expected.length).toBeLessThan(10);
    const { code, out } = await runCommand(runScenario, [fixture.root, '--workspace', workspace, '--where', "class = 'pedestrian' AND distance < 20"]);
    expect(code).toBe(0);
    expect(framesOf(out)).toEqual(expected);
    const statement = await runCommand(runScenario, [fixture.root, '--workspace', workspace, '--where', "SELECT frame_key FROM objects WHERE class = 'cyclist' AND frame_index > 5"]);
    expect(framesOf(statement.out)).toEqual([6, 7]);
  });

  it('joins the verdicts of an evaluation.json: outcome queries find the frames of a miss, a false alarm and a good match', async () => {
    const [scene] = (await scenesAt(fixture.root)).scenes;
    const gt = (frame: number, classId: string) => scene.groundTruth.find((b) => b.classId === classId && b.frameId === scene.frames[frame].frameId)!;
    const frame = (i: number, body: object) => ({ frameKey: scene.frames[i].sourceId ?? String(i), frameId: scene.frames[i].frameId, matches: [], falsePositives: [], falseNegatives: [], ...body });
    const doc = {
      format: 'cairn.evaluation',
      version: 1,
      summary: {},
      frames: [
        frame(2, { matches: [{ predictionId: 'results/000002.txt:1', groundTruthId: gt(2, 'car').objectId, classId: 'car', score: 0.8, iou3d: 0.81, centreDistance: 0.3, orientation: 0.05 }] }),
        frame(4, { falseNegatives: [{ groundTruthId: gt(4, 'cyclist').objectId, classId: 'cyclist' }] }),
        frame(6, { falsePositives: [{ predictionId: 'results/000006.txt:3', classId: 'pedestrian', score: 0.9 }] }),
      ],
    };
    const file = path.join(dir, 'evaluation.json');
    writeFileSync(file, JSON.stringify(doc));
    const ask = async (...args: string[]) => framesOf((await runCommand(runScenario, [fixture.root, '--workspace', workspace, '--evaluation', file, ...args])).out);
    expect(await ask('--query', '{"outcome": "FN"}')).toEqual([4]);
    expect(await ask('--query', '{"outcome": "FP", "class": "pedestrian"}')).toEqual([6]);
    expect(await ask('--query', '{"count": {"source": "prediction", "minScore": 0.85}}')).toEqual([6]);
    expect(await ask('--where', "outcome = 'TP' AND iou > 0.8 AND centre_error < 0.5 AND source = 'ground_truth'")).toEqual([2]);
    const broken = await runCommand(runScenario, [fixture.root, '--workspace', workspace, '--evaluation', path.join(dir, 'index-not-evaluation.json'), '--query', '{"outcome": "FN"}']);
    expect(broken.code).toBe(1);
  });

  it('refuses SQL that writes and a query that is not one', async () => {
    const write = await runCommand(runScenario, [fixture.root, '--workspace', workspace, '--where', 'DELETE FROM objects']);
    expect(write.code).toBe(1);
    expect(write.err).toMatch(/only queries that read/);
    const sneak = await runCommand(runScenario, [fixture.root, '--workspace', workspace, '--where', "1=1) UNION SELECT 1; DROP TABLE objects; --"]);
    expect(sneak.code).toBe(1);
    const bad = await runCommand(runScenario, [fixture.root, '--workspace', workspace, '--query', '{"count": {"colour": "red"}}']);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/not a scenario query/);
  });

  it('wraps a bare condition and keeps a statement as written', () => {
    expect(whereStatement('SELECT frame_key FROM objects')).toBe('SELECT frame_key FROM objects');
    expect(whereStatement('ego_speed > 3')).toMatch(/^SELECT DISTINCT frame_key FROM frames LEFT JOIN objects/);
  });
});
