import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { quatFromYaw } from '../../src/core/geometry/quaternion';
import { createNodeRevisionCrypto } from '../../src/main/services/revisions/nodeCrypto';
import { FolderSharedStore } from '../../src/main/services/sharedStore/folderSharedStore';
import type { SharedStore } from '../../src/main/services/sharedStore/sharedStore';
import { commitLocalRevisions } from '../../src/main/services/sync/localRevisions';
import { SyncEngine } from '../../src/main/services/sync/syncEngine';
import type { SyncStatus } from '../../src/main/services/sync/syncStatus';
import { SCENE, syncFixture, T0, type Annotator } from '../../src/main/services/sync/testing/syncFixture';

/**
 * Push and pull of a scene's whole history through the real SyncEngine and a folder store, against
 * the floor: the same final records as one JSON file written, read back and parsed.
 *
 * Five writers (by default) each label a contiguous share of the frames through their own
 * workspace and Editor: every object of a frame is created, then edited once (moved), and a
 * revision is committed every `--batch` frames of work, as a sync cycle every few minutes would.
 * Each writer then syncs (pull what the earlier ones pushed, merge, push its own). Then a new,
 * empty workspace connects (cold start) and pulls and merges everything.
 *
 * Run: nice -n 10 npx tsx bench/sync/pushPull.bench.ts [--frames 1000 --objects 150 --writers 5 --batch 20]
 *
 * Labelling takes most of a run; `--keep DIR` copies the store the writers pushed to DIR, and
 * `--reuse DIR` runs only the cold start on a copy of it (the reader's key is then not registered:
 * it pulls and merges, and has nothing to push), so pull + merge can be measured again quickly.
 */
const { values } = parseArgs({
  options: {
    frames: { type: 'string', default: '1000' },
    objects: { type: 'string', default: '150' },
    writers: { type: 'string', default: '5' },
    batch: { type: 'string', default: '20' },
    keep: { type: 'string' },
    reuse: { type: 'string' },
  },
});
const frames = Number(values.frames);
const objects = Number(values.objects);
const writers = Number(values.writers);
const batch = Number(values.batch);
const log = (s: string) => process.stderr.write(s);
const frameId = (f: number) => `00000000-0000-4000-8000-${(0xf00000000 + f).toString(16).padStart(12, '0')}`;

/** Counts the bytes a store hands out and takes in, and the calls. */
class CountingStore implements SharedStore {
  bytesIn = 0;
  bytesOut = 0;
  gets = 0;
  puts = 0;
  constructor(private readonly inner: SharedStore) {}
  get kind() {
    return this.inner.kind;
  }
  get label() {
    return this.inner.label;
  }
  capabilities(signal?: AbortSignal) {
    return this.inner.capabilities(signal);
  }
  list(prefix: string, signal?: AbortSignal) {
    return this.inner.list(prefix, signal);
  }
  async get(p: string, signal?: AbortSignal) {
    const data = await this.inner.get(p, signal);
    this.gets++;
    this.bytesIn += data?.length ?? 0;
    return data;
  }
  put(p: string, bytes: Uint8Array, options?: { ifAbsent?: boolean; signal?: AbortSignal }) {
    this.puts++;
    this.bytesOut += bytes.length;
    return this.inner.put(p, bytes, options);
  }
  close() {
    return this.inner.close();
  }
}

interface Timing {
  wall: number;
  cpu: number;
}
const clockStart = () => ({ t: performance.now(), cpu: process.cpuUsage() });
const clockStop = (s: ReturnType<typeof clockStart>): Timing => {
  const c = process.cpuUsage(s.cpu);
  return { wall: (performance.now() - s.t) / 1000, cpu: (c.user + c.system) / 1e6 };
};

/**
 * An engine on a counting folder store, with the wall time of each phase it reports: registry,
 * pull (which runs on through the commit and the merge, since the engine reports no state between
 * them), push, idle.
 */
function engineFor(a: Annotator, clock: { t: number }) {
  const counted: CountingStore[] = [];
  const phases = new Map<string, number>();
  let current: { phase: string; since: number } | null = null;
  const onStatus = (s: SyncStatus) => {
    const phase = s.progress?.phase ?? s.state;
    if (current?.phase === phase) return;
    const now = performance.now();
    if (current) phases.set(current.phase, (phases.get(current.phase) ?? 0) + (now - current.since) / 1000);
    current = { phase, since: now };
  };
  const engine = new SyncEngine(a.workspace, {
    key: a.key,
    crypto: createNodeRevisionCrypto(),
    open: (location) => {
      const store = new CountingStore(new FolderSharedStore(location));
      counted.push(store);
      return store;
    },
    now: () => ++clock.t,
    ontologyVersion: () => 1,
    onStatus,
  });
  return {
    engine,
    store: () => counted[counted.length - 1],
    phases: () => {
      onStatus({ progress: { phase: 'end' } } as unknown as SyncStatus);
      return new Map(phases);
    },
  };
}

/** One writer's share of the work: frames [from, to), every object created then moved, a revision every `batch` frames. */
function labelShare(a: Annotator, w: number, from: number, to: number, clock: { t: number }): { revisions: number; operations: number } {
  const tracks = Array.from({ length: objects }, (_, o) => `00000000-0000-4000-8000-${(0xa00000000 + w * 100_000 + o).toString(16).padStart(12, '0')}`);
  let revisions = 0;
  let operations = 0;
  for (let f = from; f < to; f++) {
    for (let o = 0; o < objects; o++) {
      const r = a.editor.createCuboid({
        frameId: frameId(f),
        trackId: tracks[o],
        classId: o % 5 === 0 ? 'pedestrian' : 'car',
        cuboid: { frame: 'lidar', center: [(o % 15) * 6 + f * 0.1, Math.floor(o / 15) * 4 - 20, 0.8], size: [4.5, 1.9, 1.6], rotation: quatFromYaw(o * 0.1) },
      });
      a.editor.updateCuboid(r.objectId, { cuboid: { center: [r.cuboid.center[0] + 0.25, r.cuboid.center[1], 0.85] } });
    }
    if ((f - from + 1) % batch === 0 || f + 1 === to) {
      const made = commitLocalRevisions(a.workspace, a.key, { ontologyVersion: 1, now: ++clock.t });
      revisions += made.revisions.length;
      operations += made.operations;
    }
  }
  return { revisions, operations };
}

const mb = (n: number) => `${(n / 1e6).toFixed(1)} MB`;
const s = (n: number) => `${n.toFixed(2)} s`;

type ColdStart = Awaited<ReturnType<typeof coldStart>>;

/** The cold start alone, on a copy of a store kept by an earlier run. */
async function coldStartOnly(kept: string): Promise<ColdStart> {
  const fixture = syncFixture(['reader']);
  try {
    const storeDir = path.join(fixture.root, 'kept-store');
    cpSync(kept, storeDir, { recursive: true });
    return await coldStart(fixture.annotators[0], storeDir, fixture.root, { t: T0 + 10_000_000 }, 'unregistered');
  } finally {
    fixture.close();
  }
}

/** An empty workspace connects and pulls and merges the whole history; then the floor, the same records as one JSON file. */
async function coldStart(reader: Annotator, storeDir: string, root: string, clock: { t: number }, expected: SyncStatus['state']) {
  const r = engineFor(reader, clock);
  log('cold start: an empty workspace pulls and merges the whole history\n');
  const pullStarted = clockStart();
  const pulled = await r.engine.connect(storeDir);
  const pull = clockStop(pullStarted);
  if (pulled.state !== expected) throw new Error(`the reader did not sync: ${pulled.state} ${pulled.message}`);
  const phases = r.phases();
  const records = reader.workspace.annotations.listScene(SCENE);
  if (records.length !== frames * objects) throw new Error(`the reader holds ${records.length} records, expected ${frames * objects}`);
  const bytes = r.store().bytesIn;
  const gets = r.store().gets;
  await r.engine.close();

  // The floor: the final records as one JSON file, written, read back and parsed (best of three).
  const file = path.join(root, 'scene.json');
  let floorWrite = Infinity;
  let floorRead = Infinity;
  let floorBytes = 0;
  for (let i = 0; i < 3; i++) {
    let t = clockStart();
    const text = JSON.stringify(records);
    writeFileSync(file, text);
    floorWrite = Math.min(floorWrite, clockStop(t).wall);
    floorBytes = Buffer.byteLength(text);
    t = clockStart();
    const back = JSON.parse(readFileSync(file, 'utf8')) as unknown[];
    floorRead = Math.min(floorRead, clockStop(t).wall);
    if (back.length !== records.length) throw new Error('floor read back the wrong count');
  }
  return { pull, phases, bytes, gets, floorWrite, floorRead, floorBytes };
}

const out = (line: string) => process.stdout.write(`${line}\n`);
const machine = () => `${os.cpus().length} cores, Node ${process.version}, load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`;

function coldStartRows(c: ColdStart): void {
  out(`| floor: read + JSON.parse scene.json | ${c.floorRead.toFixed(2)} | | ${mb(c.floorBytes)} | 1 | 1 |`);
  out(`| cold pull + merge (connect, whole cycle) | ${c.pull.wall.toFixed(2)} | ${c.pull.cpu.toFixed(2)} | ${mb(c.bytes)} (${c.gets} gets) | ${(c.pull.wall / c.floorRead).toFixed(1)} × read | ${(c.bytes / c.floorBytes).toFixed(2)} |`);
  for (const [phase, t] of c.phases) out(`| · ${phase} | ${t.toFixed(2)} | | | ${(t / c.floorRead).toFixed(1)} × read | |`);
}

async function main(): Promise<void> {
  if (values.reuse) {
    const c = await coldStartOnly(values.reuse);
    out(`cold start on a copy of ${values.reuse} (${frames} frames × ${objects} objects); ${machine()}`);
    out('');
    out('| what | wall s | CPU s | bytes | ratio time | ratio bytes |');
    out('| --- | --- | --- | --- | --- | --- |');
    coldStartRows(c);
    return;
  }
  const names = [...Array.from({ length: writers }, (_, w) => `writer${w}`), 'reader'];
  const fixture = syncFixture(names);
  const clock = { t: T0 + 10_000 };
  try {
    const authors = fixture.annotators.slice(0, writers);
    const per = Math.ceil(frames / writers);
    log(`labelling ${frames} frames × ${objects} objects with ${writers} writers (a revision every ${batch} frames)\n`);
    const work = authors.map((a, w) => {
      const started = clockStart();
      const made = labelShare(a, w, w * per, Math.min(frames, (w + 1) * per), clock);
      log(`  ${a.name}: ${made.operations} operations in ${made.revisions} revisions (${s(clockStop(started).wall)})\n`);
      return made;
    });

    const pushes: { name: string; total: Timing; push: number; pull: number; bytes: number; puts: number }[] = [];
    for (const a of authors) {
      const e = engineFor(a, clock);
      const started = clockStart();
      const status = await e.engine.connect(fixture.storeDir);
      const total = clockStop(started);
      if (status.state !== 'idle' || status.ahead.revisions !== 0) throw new Error(`${a.name} did not push: ${status.state} ${status.message}`);
      const phases = e.phases();
      pushes.push({ name: a.name, total, push: phases.get('push') ?? 0, pull: phases.get('pull') ?? 0, bytes: e.store().bytesOut, puts: e.store().puts });
      await e.engine.close();
      log(`  ${a.name} synced in ${s(total.wall)} (push ${s(phases.get('push') ?? 0)}, ${mb(e.store().bytesOut)})\n`);
    }
    if (values.keep) {
      cpSync(fixture.storeDir, values.keep, { recursive: true });
      log(`kept the store in ${values.keep}: --reuse ${values.keep} runs the cold start alone\n`);
    }

    const c = await coldStart(fixture.annotators[writers], fixture.storeDir, fixture.root, clock, 'idle');
    const pushWall = pushes.reduce((n, p) => n + p.push, 0);
    const pushBytes = pushes.reduce((n, p) => n + p.bytes, 0);
    const ops = work.reduce((n, w) => n + w.operations, 0);
    const revs = work.reduce((n, w) => n + w.revisions, 0);
    out(`${frames} frames × ${objects} objects, ${writers} writers: ${ops.toLocaleString('en-US')} operations in ${revs} revisions; ${machine()}`);
    out('');
    out('| writer | sync s (CPU s) | pull + merge s | push s | pushed | puts | push ÷ floor write (time) | bytes ÷ floor |');
    out('| --- | --- | --- | --- | --- | --- | --- | --- |');
    for (const p of pushes) {
      out(`| ${p.name} | ${p.total.wall.toFixed(2)} (${p.total.cpu.toFixed(2)}) | ${p.pull.toFixed(2)} | ${p.push.toFixed(2)} | ${mb(p.bytes)} | ${p.puts} | ${(p.push / c.floorWrite).toFixed(1)} | ${(p.bytes / c.floorBytes).toFixed(2)} |`);
    }
    out('');
    out('| what | wall s | CPU s | bytes | ratio time | ratio bytes |');
    out('| --- | --- | --- | --- | --- | --- |');
    out(`| floor: write scene.json | ${c.floorWrite.toFixed(2)} | | ${mb(c.floorBytes)} | 1 | 1 |`);
    out(`| push, all writers (push phases) | ${pushWall.toFixed(2)} | | ${mb(pushBytes)} | ${(pushWall / c.floorWrite).toFixed(1)} × write | ${(pushBytes / c.floorBytes).toFixed(2)} |`);
    coldStartRows(c);
  } finally {
    fixture.close();
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`${(e as Error).stack ?? String(e)}\n`);
  process.exit(1);
});
