/**
 * Scenario search over 1M object rows: the time of a scenario query on the dataset's index (the
 * read-only DuckDB copy of its Parquet, as the host and `cairn scenario` run it), beside a
 * reference measured in the same run: the same question answered by one plain JavaScript pass
 * over the rows already in memory. Queries and reference are interleaved, so the machine's load
 * drifts into both alike.
 *
 *   nice -n 10 npx tsx bench/scenarios/query.bench.ts [--frames 10000] [--objects-per-frame 100] [--runs 7]
 *
 * Issue 13 target: a scenario query over 1M object rows in ≤ 200 ms.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { seededRandom } from '../../src/core/random/seededRandom';
import type { FrameRow, ObjectRow, Outcome } from '../../src/core/scenarios/columns';
import type { ScenarioQuery } from '../../src/core/scenarios/query';
import { ScenarioDb } from '../../src/main/services/scenarios/scenarioDb';
import { writeScenarioParquet } from '../../src/main/services/scenarios/scenarioParquet';

function arg(name: string, fallback: string): number {
  const i = process.argv.indexOf(`--${name}`);
  return Number(i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback);
}

const FRAMES = arg('frames', '10000');
const PER_FRAME = arg('objects-per-frame', '100');
const RUNS = arg('runs', '7');
const SCENES = 50;
const CLASSES = ['car', 'pedestrian', 'cyclist', 'truck', 'bus', 'barrier', 'traffic_cone'];

function rows(): { frames: FrameRow[]; objects: ObjectRow[] } {
  const rnd = seededRandom(13);
  const frames: FrameRow[] = [];
  const objects: ObjectRow[] = [];
  const perScene = Math.ceil(FRAMES / SCENES);
  for (let key = 0; key < FRAMES; key++) {
    const scene = Math.floor(key / perScene);
    const night = scene % 4 === 0;
    const sceneId = `00000000-0000-4000-8000-${scene.toString().padStart(12, '0')}`;
    frames.push({
      frame_key: key,
      scene_id: sceneId,
      scene: `scene-${scene}`,
      frame_id: `10000000-0000-4000-8000-${key.toString().padStart(12, '0')}`,
      frame_index: key % perScene,
      source_id: null,
      timestamp: (key % perScene) * 0.5,
      ego_speed: rnd() * 20,
      description: night ? 'Night, rain, peds crossing' : 'Day, parked cars',
      location: 'boston-seaport',
      tags: night ? ['crossing', 'night', 'peds', 'rain'] : ['cars', 'day', 'parked'],
      objects: PER_FRAME,
    });
    for (let i = 0; i < PER_FRAME; i++) {
      const source = i % 3 === 0 ? 'prediction' : 'ground_truth';
      const x = (rnd() - 0.3) * 120;
      const y = (rnd() - 0.5) * 80;
      const outcome: Outcome = source === 'prediction' ? (rnd() < 0.8 ? 'TP' : 'FP') : rnd() < 0.1 ? 'FN' : 'TP';
      objects.push({
        frame_key: key,
        scene_id: sceneId,
        frame_index: key % perScene,
        object_id: `20000000-0000-4000-8000-${(key * PER_FRAME + i).toString().padStart(12, '0')}`,
        track_id: null,
        class: CLASSES[Math.floor(rnd() ** 1.5 * CLASSES.length)],
        source,
        x,
        y,
        z: 0,
        length: 4,
        width: 2,
        height: 1.5,
        yaw: 0,
        distance: Math.hypot(x, y),
        points: Math.floor(rnd() * 500),
        score: source === 'prediction' ? rnd() : null,
        outcome,
        iou: null,
        centre_error: null,
        yaw_error: null,
      });
    }
  }
  return { frames, objects };
}

interface Case {
  readonly name: string;
  readonly run: (db: ScenarioDb) => Promise<number>;
  /** The same answer from the rows in memory, one pass. */
  readonly reference: () => number;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'cairn-scenario-bench-'));
  try {
    let t = performance.now();
    const data = rows();
    const generateMs = performance.now() - t;
    t = performance.now();
    await writeScenarioParquet(data, dir);
    const writeMs = performance.now() - t;
    t = performance.now();
    const db = await ScenarioDb.open(dir);
    const openMs = performance.now() - t;

    const pedsWithFn = (): number => {
      const peds = new Map<number, number>();
      const fn = new Set<number>();
      for (const o of data.objects) {
        if (o.source !== 'prediction' && o.class === 'pedestrian' && o.distance !== null && o.distance <= 20) peds.set(o.frame_key, (peds.get(o.frame_key) ?? 0) + 1);
        if (o.outcome === 'FN' && o.source !== 'prediction') fn.add(o.frame_key);
      }
      return data.frames.filter((f) => (peds.get(f.frame_key) ?? 0) >= 3 && fn.has(f.frame_key)).length;
    };
    const described = (query: ScenarioQuery) => async (d: ScenarioDb) => (await d.query(query, 1_000_000)).frames.length;
    const cases: Case[] = [
      { name: '≥ 3 pedestrians within 20 m and an FN', run: described([{ count: { class: 'pedestrian', within: 20 }, atLeast: 3 }, { outcome: 'FN' }]), reference: pedsWithFn },
      {
        name: 'night and ego speed > 10 m/s',
        run: described([{ metadata: 'night' }, { egoSpeedAbove: 10 }]),
        reference: () => data.frames.filter((f) => f.tags.includes('night') && (f.ego_speed ?? 0) > 10).length,
      },
      {
        name: 'raw SQL: a confident FP beyond 40 m',
        run: async (d) => (await d.sql("SELECT frame_key FROM objects WHERE outcome = 'FP' AND score > 0.9 AND distance > 40", 1_000_000)).frames.length,
        reference: () => new Set(data.objects.filter((o) => o.outcome === 'FP' && (o.score ?? 0) > 0.9 && (o.distance ?? 0) > 40).map((o) => o.frame_key)).size,
      },
    ];
    console.log(`scenario query bench: ${data.objects.length.toLocaleString('en')} object rows, ${data.frames.length.toLocaleString('en')} frames; ${cpus().length} cores, load ${loadavg()[0].toFixed(1)}`);
    console.log(`  rows generated in ${generateMs.toFixed(0)} ms; Parquet written (appender + COPY) in ${writeMs.toFixed(0)} ms; read-only DuckDB copy opened in ${openMs.toFixed(0)} ms`);
    for (const c of cases) {
      const times: number[] = [];
      const refs: number[] = [];
      let frames = -1;
      let expected = -1;
      for (let i = 0; i < RUNS; i++) {
        let s = performance.now();
        frames = await c.run(db);
        times.push(performance.now() - s);
        s = performance.now();
        expected = c.reference();
        refs.push(performance.now() - s);
      }
      if (frames !== expected) throw new Error(`${c.name}: DuckDB found ${frames} frames, the reference ${expected}`);
      const m = median(times);
      console.log(
        `  ${c.name.padEnd(40)} ${frames.toString().padStart(6)} frames  first ${times[0].toFixed(1)} ms, median ${m.toFixed(1)} ms (max ${Math.max(...times).toFixed(1)})  JS pass over rows in memory: median ${median(refs).toFixed(1)} ms  ratio ${(m / median(refs)).toFixed(2)}  ${m <= 200 ? '≤ 200 ms' : 'OVER 200 ms'}`,
      );
    }
    console.log(`  load after: ${loadavg()[0].toFixed(1)}`);
    await db.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
