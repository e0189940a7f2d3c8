/**
 * Autosave latency: how long `AnnotationRepository.apply` takes to put one single-cuboid edit on
 * disk (validation, conflict check, row upsert, log append, one durable commit), against a
 * reference measured in the same run on the same disk: a bare single-row INSERT of the same JSON
 * bytes into a plain table with the same pragmas (WAL, synchronous=FULL), one commit each.
 * The two are interleaved (one edit, one reference insert, ...) so drift in the machine's load
 * or disk affects both alike.
 *
 *   npx tsx bench/autosave.bench.ts [--ops 2000] [--objects 150] [--warmup 100] [--dir <parent folder>]
 *
 * DESIGN.md target: a committed edit on disk in ≤ 5 ms p99.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Operation } from '../src/core/editor/changes';
import { quatFromYaw } from '../src/core/geometry/quaternion';
import { canonicalJson, type CuboidAnnotation } from '../src/core/model/annotation';
import { Workspace } from '../src/main/services/workspace/workspace';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

const OPS = Number(arg('ops', '2000'));
const OBJECTS = Number(arg('objects', '150'));
const WARMUP = Number(arg('warmup', '100'));
const PARENT = arg('dir', tmpdir());
const SCENE = randomUUID();
const TARGET_P99_MS = 5;

function percentile(sorted: readonly number[], p: number): number {
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}

function summary(samples: number[]): { p50: number; p95: number; p99: number; max: number; mean: number } {
  const s = [...samples].sort((a, b) => a - b);
  return {
    p50: percentile(s, 50),
    p95: percentile(s, 95),
    p99: percentile(s, 99),
    max: s[s.length - 1],
    mean: s.reduce((a, b) => a + b, 0) / s.length,
  };
}

const ms = (t0: bigint, t1: bigint): number => Number(t1 - t0) / 1e6;

const root = mkdtempSync(join(PARENT, 'cairn-autosave-bench-'));
try {
  const ws = Workspace.open(join(root, 'ws'));
  const ref = new Database(join(root, 'reference.sqlite'));
  ref.pragma('journal_mode = WAL');
  ref.pragma('synchronous = FULL');
  ref.pragma('foreign_keys = ON');
  ref.pragma('busy_timeout = 5000');
  ref.exec('CREATE TABLE ref (id INTEGER PRIMARY KEY, body TEXT NOT NULL)');
  const refInsert = ref.prepare('INSERT INTO ref (body) VALUES (?)');

  // A scene of OBJECTS cuboids, created in one operation (not timed).
  const t = Date.now();
  const frames = Array.from({ length: 10 }, () => randomUUID());
  const live: CuboidAnnotation[] = Array.from({ length: OBJECTS }, (_, i) => ({
    kind: 'cuboid',
    objectId: randomUUID(),
    trackId: randomUUID(),
    sceneId: SCENE,
    frameId: frames[i % 10],
    classId: i % 3 === 0 ? 'pedestrian' : 'car',
    cuboid: { frame: 'lidar', center: [Math.random() * 80, Math.random() * 40 - 20, 0.8], size: [4.5, 1.9, 1.6], rotation: quatFromYaw(Math.random() * 6) },
    attributes: { occluded: i % 2 === 0, truncation: 0.1 },
    ontologyVersion: 1,
    author: 'bench',
    createdAt: t,
    updatedAt: t,
  }));
  ws.annotations.apply({
    opId: randomUUID(), sceneId: SCENE, author: 'bench', at: t, label: 'seed',
    changes: live.map((r) => ({ objectId: r.objectId, before: null, after: r })),
  });

  const nextOp = (i: number): Operation => {
    const k = i % live.length;
    const before = live[k];
    const after: CuboidAnnotation = {
      ...before,
      cuboid: { ...before.cuboid, center: [before.cuboid.center[0] + 0.05, before.cuboid.center[1], before.cuboid.center[2]], rotation: quatFromYaw(i * 0.01) },
      updatedAt: before.updatedAt + 1,
    };
    live[k] = after;
    return { opId: randomUUID(), sceneId: SCENE, author: 'bench', at: Date.now(), label: 'edit cuboid', changes: [{ objectId: before.objectId, before, after }] };
  };

  const repoSamples: number[] = [];
  const refSamples: number[] = [];
  let bytes = 0;
  for (let i = 0; i < WARMUP + OPS; i++) {
    const op = nextOp(i);
    const json = canonicalJson(op);
    bytes += json.length;

    const a0 = process.hrtime.bigint();
    ws.annotations.apply(op);
    const a1 = process.hrtime.bigint();

    const b0 = process.hrtime.bigint();
    refInsert.run(json);
    const b1 = process.hrtime.bigint();

    if (i >= WARMUP) {
      repoSamples.push(ms(a0, a1));
      refSamples.push(ms(b0, b1));
    }
  }

  const repo = summary(repoSamples);
  const refs = summary(refSamples);
  const fmt = (x: number) => x.toFixed(3).padStart(8);
  const ratio = (a: number, b: number) => (a / b).toFixed(2).padStart(8);
  console.log(`autosave bench: ${OPS} single-cuboid update operations (+${WARMUP} warm-up), scene of ${OBJECTS} cuboids, ~${Math.round(bytes / (OPS + WARMUP))} B of JSON per op`);
  console.log(`node ${process.version}, ${cpus().length} cores, better-sqlite3 (SQLite ${ref.prepare('SELECT sqlite_version() AS v').pluck().get() as string}), files under ${root}`);
  console.log('');
  console.log('                                 p50 ms   p95 ms   p99 ms   max ms  mean ms');
  console.log(`repository.apply              ${fmt(repo.p50)} ${fmt(repo.p95)} ${fmt(repo.p99)} ${fmt(repo.max)} ${fmt(repo.mean)}`);
  console.log(`reference bare INSERT         ${fmt(refs.p50)} ${fmt(refs.p95)} ${fmt(refs.p99)} ${fmt(refs.max)} ${fmt(refs.mean)}`);
  console.log(`ratio repository / reference  ${ratio(repo.p50, refs.p50)} ${ratio(repo.p95, refs.p95)} ${ratio(repo.p99, refs.p99)} ${ratio(repo.max, refs.max)} ${ratio(repo.mean, refs.mean)}`);
  console.log('');
  console.log(`target (DESIGN.md): committed edit on disk ≤ ${TARGET_P99_MS} ms p99 → ${repo.p99 <= TARGET_P99_MS ? 'met' : 'NOT met'} (p99 ${repo.p99.toFixed(3)} ms)`);

  ws.close();
  ref.close();
} finally {
  rmSync(root, { recursive: true, force: true });
}
