import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnnotationRecord } from '../../../core/model/annotation';
import { verdictKey, type ObjectVerdict, type PredictionBox } from '../../../core/scenarios/sceneRows';
import { parseSceneManifest, type SceneManifest } from '../../../core/scene/manifest';
import { fixtureCuboidRecord } from '../../testing/fixtureResources';
import { ScenarioSqlError } from './scenarioDb';
import { ScenarioService } from './scenarioService';

const SCENE_A = '0a000000-0000-4000-8000-000000000000';
const SCENE_B = '0b000000-0000-4000-8000-000000000000';
const uuid = (n: number) => `00000000-0000-4000-8000-${n.toString().padStart(12, '0')}`;
const frameId = (scene: string, i: number) => `${scene.slice(0, 2)}${uuid(i).slice(2)}`;
let next = 100;

/** A scene whose frame i has pedestrians at the given distances straight ahead of the LiDAR (1 m ahead of the ego origin). */
function scene(sceneId: string, description: string, egoX: number[], pedestrians: number[][]): SceneManifest {
  const frames = egoX.map((x, index) => ({
    frameId: frameId(sceneId, index),
    index,
    timestamp: index * 0.5 + (index > 1 ? (index - 1) * 0.5 : 0),
    worldFromEgo: { translation: [x, 0, 0], rotation: [0, 0, 0, 1] },
    pointClouds: {},
  }));
  const groundTruth = pedestrians.flatMap((distances, index) =>
    distances.map((d) => ({
      objectId: uuid(next++),
      frameId: frameId(sceneId, index),
      classId: 'pedestrian',
      cuboid: { frame: 'lidar', center: [d - 1, 0, -1], size: [0.8, 0.8, 1.8], rotation: [0, 0, 0, 1] },
    })),
  );
  return parseSceneManifest(
    {
      format: 'cairn.scene',
      version: 1,
      sceneId,
      name: sceneId === SCENE_A ? 'night drive' : 'day drive',
      description,
      sensors: [{ sensorId: 'lidar', kind: 'lidar', egoFromSensor: { translation: [1, 0, 1.8], rotation: [0, 0, 0, 1] } }],
      frames,
      groundTruth,
    },
    'test',
  );
}

// Frame times 0, 0.5, 1.5, 2.5 with ego at x = 0, 0, 10, 30: speeds over the neighbours 0, 6.7, 15, 20 m/s.
const sceneA = scene(SCENE_A, 'Night, rain, peds crossing (boston-seaport, 2018-08-01, n008)', [0, 0, 10, 30], [[5, 10, 15], [5, 10, 25], [1, 2, 3, 4], []]);
const sceneB = scene(SCENE_B, 'Day, sunny (singapore-onenorth, 2018-07-24, n015)', [0, 0], [[3, 6, 9], []]);
const missed = sceneA.groundTruth.find((b) => b.frameId === frameId(SCENE_A, 2))!;
const predictions: PredictionBox[] = [
  { objectId: uuid(900), frameId: frameId(SCENE_A, 0), classId: 'pedestrian', score: 0.9, cuboid: { frame: 'ego', center: [40, 0, 0], size: [1, 1, 2], rotation: [0, 0, 0, 1] } },
  { objectId: uuid(901), frameId: frameId(SCENE_A, 2), classId: 'pedestrian', score: 0.7, cuboid: { frame: 'world', center: [12, 0, 0], size: [1, 1, 2], rotation: [0, 0, 0, 1] } },
];
const verdicts = new Map<string, ObjectVerdict>([
  [verdictKey(frameId(SCENE_A, 0), uuid(900)), { outcome: 'FP' }],
  [verdictKey(frameId(SCENE_A, 2), uuid(901)), { outcome: 'TP', iou: 0.6, centreError: 0.2 }],
  [verdictKey(missed.frameId, missed.objectId), { outcome: 'FN' }],
]);
const label: AnnotationRecord = fixtureCuboidRecord(uuid(950), { sceneId: SCENE_B, frameId: frameId(SCENE_B, 1), cuboid: { frame: 'ego', center: [8, 6, 0], size: [4, 2, 1.5], rotation: [0, 0, 0, 1] } });

let dir: string;
let service: ScenarioService;
let labelsSeq = 1;
const scenes = [SCENE_A, SCENE_B];
const frames = async (request: Parameters<ScenarioService['run']>[1]) =>
  (await service.run(scenes, request, 100)).frames.map((f) => `${f.scene}#${f.frameIndex}`);

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'cairn-scenarios-test-'));
  service = new ScenarioService({
    workspaceDir: dir,
    manifest: (id) => (id === SCENE_A ? sceneA : sceneB),
    labels: (id) => (id === SCENE_B ? [label] : []),
    labelsSeq: () => labelsSeq,
    store: () => null,
    evaluation: (id) => (id === SCENE_A ? { predictions, verdicts } : null),
  });
});

afterAll(async () => {
  await service.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('scenario queries on the Parquet index (DuckDB)', () => {
  it('counts objects of a class within a distance of the ego', async () => {
    expect(await frames({ query: { count: { class: 'pedestrian', within: 20 }, atLeast: 3 } })).toEqual(['night drive#0', 'night drive#2', 'day drive#0']);
    expect(await frames({ query: { count: { class: 'pedestrian', within: 20 }, atLeast: 4 } })).toEqual(['night drive#2']);
    expect(await frames({ query: { count: { class: 'pedestrian' }, atMost: 0 } })).toEqual(['night drive#3', 'day drive#1']);
  });

  it('joins conditions: three pedestrians within 20 m and a missed one', async () => {
    expect(await frames({ query: [{ count: { class: 'pedestrian', within: 20 }, atLeast: 3 }, { outcome: 'FN' }] })).toEqual(['night drive#2']);
    expect(await frames({ query: { outcome: 'FP' } })).toEqual(['night drive#0']);
    expect(await frames({ query: { count: { source: 'prediction', minScore: 0.8 } } })).toEqual(['night drive#0']);
  });

  it('matches metadata words and the location, and ego speed from the poses', async () => {
    expect(await frames({ query: { metadata: 'Night' } })).toEqual(['night drive#0', 'night drive#1', 'night drive#2', 'night drive#3']);
    expect(await frames({ query: { metadata: 'singapore-onenorth' } })).toEqual(['day drive#0', 'day drive#1']);
    expect(await frames({ query: { metadata: '100%' } })).toEqual([]);
    expect(await frames({ query: { egoSpeedAbove: 10 } })).toEqual(['night drive#2', 'night drive#3']);
    expect(await frames({ query: [{ egoSpeedBelow: 12 }, { metadata: 'rain' }] })).toEqual(['night drive#0', 'night drive#1']);
  });

  it('places boxes in the ego frame: a sensor box 1 m ahead, a world box at the frame pose', async () => {
    expect(await frames({ sql: 'SELECT frame_key FROM objects WHERE abs(x - 15) < 1e-9 AND abs(distance - 15) < 1e-9' })).toEqual(['night drive#0']);
    // The TP prediction at world x 12 is 2 m ahead of the ego at x 10.
    expect(await frames({ sql: "SELECT scene_id, frame_index FROM objects WHERE outcome = 'TP' AND abs(x - 2) < 1e-9 AND iou = 0.6" })).toEqual(['night drive#2']);
    expect(await frames({ sql: "SELECT frame_key FROM objects WHERE source = 'label' AND abs(distance - 10) < 1e-9" })).toEqual(['day drive#1']);
    expect(await frames({ sql: "FROM frames SELECT frame_key WHERE location = 'boston-seaport' AND list_contains(tags, 'peds') AND frame_index = 1" })).toEqual(['night drive#1']);
  });

  it('refuses SQL that writes, reads files or names no frames, and the tables stay as they were', async () => {
    const refused = ['DELETE FROM objects', 'select 1; drop table objects', "COPY objects TO '/tmp/cairn-escape.csv'", "SELECT frame_key FROM read_parquet('/etc/passwd')", 'SELECT 1 AS x', 'ATTACH \'/tmp/x.duckdb\'', 'SELECT * FROM nowhere'];
    for (const sql of refused) await expect(service.run(scenes, { sql }, 10), sql).rejects.toBeInstanceOf(ScenarioSqlError);
    expect(await frames({ sql: 'SELECT frame_key FROM frames' })).toHaveLength(6);
  });

  it('rebuilds the index when the workspace labels moved on, and stops a long answer at the limit', async () => {
    const before = (await service.run(scenes, { query: { metadata: 'day' } }, 100)).index.builtAt;
    expect((await service.run(scenes, { query: { metadata: 'day' } }, 100)).index.builtAt).toBe(before);
    labelsSeq = 2;
    const after = await service.run(scenes, { query: { metadata: 'day' } }, 1);
    expect(after.index.labelsSeq).toBe(2);
    expect(after.frames).toHaveLength(1);
    expect(after.truncated).toBe(true);
  });
});
