/**
 * A robotics log opened in place: a ~1 GB MCAP (a LiDAR at 10 Hz with 120,000 points a sweep and
 * three JPEG cameras with their CameraInfo, zstd chunks) written once to /tmp, then, in one
 * process, side by side:
 *   - reference: reading the file's first 64 MiB sequentially (4 MiB reads);
 *   - time to the frame list (summary + message indexes + the first message of each sensor
 *     topic: what Open… does before the scene shows) and bytes read for it;
 *   - time to the first frame's data (the sweep as PCD and the three images, through the store
 *     the viewer reads) and bytes read;
 *   - stepping: each next frame's four captures, read and decoded from the log, per frame, side
 *     by side (steps in turn, same frames) through three stores: the way before (the frame's
 *     topics read over its time span by @mcap/core's reader, every chunk decompressed anew) and
 *     now (messages read at their log times through the message indexes, decompressed chunks
 *     kept), with zstd on the host's thread or on a worker thread; no prefetch; with the longest
 *     stall of the host's event loop during a step;
 *   - stepping with prefetch: a viewer that shows each frame for --dwell ms (10 Hz playback:
 *     100) before the next step, the store reading the next frame meanwhile: time from a step to
 *     its four captures;
 *   - memory held (heap and array buffers) after opening and after stepping.
 *
 *   nice -n 10 node --expose-gc --import tsx bench/robotics/openInPlace.bench.ts [--size-mb 1024] [--steps 40] [--dwell 100] [--file /tmp/x.mcap]
 */
import { closeSync, existsSync, mkdtempSync, openSync, readSync, rmSync, statSync, writeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { ByteSource } from '../../src/core/io/byteSource';
import { parseSceneManifest } from '../../src/core/scene/manifest';
import { openMcapLog } from '../../src/main/import/robotics/mcapLog';
import { importRoboticsLogs } from '../../src/main/import/robotics/roboticsImport';
import { writeMcapTo } from '../../src/main/import/robotics/testing/logWriters';
import { streetLog, type StreetCamera } from '../../src/main/import/robotics/testing/streetLog';
import { LogMessageStore } from '../../src/main/services/robotics/logMessageStore';
import { logFrames } from '../../src/main/services/robotics/logSceneStore';
import { fileSource } from '../../src/main/services/stores/fileSource';

const { values } = parseArgs({ options: { 'size-mb': { type: 'string', default: '1024' }, steps: { type: 'string', default: '40' }, dwell: { type: 'string', default: '100' }, file: { type: 'string' } } });
const sizeMb = Number(values['size-mb']);
const steps = Number(values.steps);
const dwell = Number(values.dwell);
const file = values.file ?? path.join(os.tmpdir(), `cairn-bench-drive-${sizeMb}mb.mcap`);
const CAMERAS: StreetCamera[] = [
  { topic: '/front/image/compressed', width: 1280, height: 720, encoding: 'jpeg', yaw: 0 },
  { topic: '/left/image/compressed', width: 1280, height: 720, encoding: 'jpeg', yaw: Math.PI / 2 },
  { topic: '/right/image/compressed', width: 1280, height: 720, encoding: 'jpeg', yaw: -Math.PI / 2 },
];

const mib = (n: number) => `${(n / 2 ** 20).toFixed(1)} MiB`;
const ms = (n: number) => `${n.toFixed(1)} ms`;

async function writeLog(): Promise<void> {
  const fd = openSync(file, 'w');
  let position = 0n;
  const started = performance.now();
  await writeMcapTo(
    {
      position: () => position,
      write: async (buffer) => {
        writeSync(fd, buffer);
        position += BigInt(buffer.byteLength);
      },
    },
    'ros2',
    streetLog({ sweeps: 1_000_000, points: 120_000, cameras: CAMERAS }),
    { compression: 'zstd', zstdLevel: 1, chunkSize: 4 << 20, stopAt: BigInt(sizeMb) << 20n },
  );
  closeSync(fd);
  console.log(`wrote ${file}: ${mib(Number(position))} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

function counted(source: ByteSource & { close(): Promise<void> }) {
  const tally = { bytes: 0, reads: 0 };
  const wrapped = {
    name: source.name,
    size: () => source.size(),
    read: async (offset: number, length: number) => {
      const b = await source.read(offset, length);
      tally.bytes += b.byteLength;
      tally.reads++;
      return b;
    },
    close: () => source.close(),
  };
  return { source: wrapped, tally };
}

function held(): string {
  (globalThis as { gc?: () => void }).gc?.();
  const m = process.memoryUsage();
  return `heap ${mib(m.heapUsed)}, array buffers ${mib(m.arrayBuffers)}, rss ${mib(m.rss)}`;
}

function readReference(size: number): number {
  const fd = openSync(file, 'r');
  const block = Buffer.alloc(4 << 20);
  const t = performance.now();
  for (let at = 0; at < Math.min(size, 64 << 20); at += block.length) readSync(fd, block, 0, block.length, at);
  const took = performance.now() - t;
  closeSync(fd);
  return took;
}

/** What Open… does before the scene is shown: the log opened through its summary, frames planned in place. */
async function frameList() {
  const out = mkdtempSync(path.join(os.tmpdir(), 'cairn-bench-open-'));
  const open = counted(fileSource(file));
  const t = performance.now();
  const log = await openMcapLog(open.source);
  const imported = await importRoboticsLogs('mcap', file, [log], { outDir: out, inPlace: true });
  const took = performance.now() - t;
  await log.close();
  rmSync(out, { recursive: true, force: true });
  return { ms: took, manifest: imported.scenes[0].manifest, ...open.tally };
}

async function main(): Promise<void> {
  if (!existsSync(file)) await writeLog();
  const size = statSync(file).size;
  console.log(`log: ${mib(size)}; before: ${held()}`);

  // Reference and frame list alternately, three times each (the machine is shared: the minimum of each is compared).
  const references: number[] = [];
  const lists: number[] = [];
  let listing: Awaited<ReturnType<typeof frameList>> | null = null;
  for (let round = 0; round < 3; round++) {
    references.push(readReference(size));
    const run = await frameList();
    lists.push(run.ms);
    listing ??= run;
  }
  const reference = Math.min(...references);
  const toList = Math.min(...lists);
  const { manifest, bytes, reads } = listing!;
  const frames = manifest.frames!;
  const withAll = frames.filter((f) => Object.keys(f.images ?? {}).length === CAMERAS.length).length;
  console.log(`reference: first 64 MiB read sequentially in ${ms(reference)} (runs: ${references.map((r) => r.toFixed(0)).join(', ')} ms)`);
  console.log(
    `frame list: ${frames.length} frames (${withAll} with all ${CAMERAS.length} cameras) in ${ms(toList)} (${(toList / reference).toFixed(2)} × the 64 MiB read; runs: ${lists.map((r) => r.toFixed(0)).join(', ')} ms, the first with module and WebAssembly start-up), ` +
      `${mib(bytes)} in ${reads} reads (${((100 * bytes) / size).toFixed(3)} % of the file); ${held()}`,
  );

  // The first frame's data, then stepping, through the store the viewer reads from.
  const frameIndex = logFrames(parseSceneManifest(manifest, file));
  const view = counted(fileSource(file));
  const store = new LogMessageStore('bench', 'local', file, 'mcap', () => [view.source], frameIndex, { prefetch: false, decompressIn: 'thread' });
  const captures = (i: number) => [frames[i].pointClouds.lidar_points.path, ...Object.values(frames[i].images ?? {}).map((im) => im.path)];
  const t = performance.now();
  const first = await Promise.all(captures(0).map((p) => store.capture(p)));
  const toFirst = performance.now() - t;
  console.log(
    `first frame: sweep ${mib(first[0].byteLength)} as PCD + ${first.length - 1} images in ${ms(toFirst)} (${(toFirst / reference).toFixed(2)} × the 64 MiB read), ` +
      `${mib(view.tally.bytes)} in ${view.tally.reads} reads`,
  );

  // Side by side, steps in turn over the same frames: the way before, now with chunks decompressed
  // on the host's thread, now with them decompressed on a worker thread; with the longest stall of
  // the host's event loop during each step (a 1 ms ticker's largest gap).
  const ways = [
    { name: 'before (time span read, chunks decompressed anew)', options: { indexedReads: false } },
    { name: 'now, chunks decompressed on the host thread', options: { decompressIn: 'thread' as const } },
    { name: 'now, chunks decompressed on a worker thread', options: { decompressIn: 'worker' as const } },
  ].map((w, k) => {
    const counter = k === 1 ? view : counted(fileSource(file));
    const s = k === 1 ? store : new LogMessageStore(`bench-${k}`, 'local', file, 'mcap', () => [counter.source], frameIndex, { prefetch: false, ...w.options });
    return { ...w, store: s, tally: counter.tally, times: [] as number[], stalls: [] as number[], bytesAt: 0 };
  });
  const step = async (s: LogMessageStore, i: number) => {
    const at = performance.now();
    await Promise.all(captures(i).map((p) => s.capture(p)));
    return performance.now() - at;
  };
  const stepWatched = async (s: LogMessageStore, i: number) => {
    let last = performance.now();
    let stall = 0;
    const ticker = setInterval(() => {
      const now = performance.now();
      stall = Math.max(stall, now - last);
      last = now;
    }, 1);
    const took = await step(s, i);
    clearInterval(ticker);
    return { took, stall: Math.max(stall, performance.now() - last) };
  };
  for (const w of ways) {
    if (w.store !== store) await step(w.store, 0);
    w.bytesAt = w.tally.bytes;
  }
  const last = Math.min(frames.length - 1, steps);
  for (let i = 1; i <= last; i++) {
    for (let k = 0; k < ways.length; k++) {
      const w = ways[(i + k) % ways.length];
      const { took, stall } = await stepWatched(w.store, i);
      w.times.push(took);
      w.stalls.push(stall);
    }
  }
  const q = (xs: number[], f: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(f * xs.length))];
  const line = (xs: number[]) => `median ${ms(q(xs, 0.5))}, p90 ${ms(q(xs, 0.9))}, max ${ms(Math.max(...xs))}`;
  console.log(`stepping ${last} frames (sweep + ${CAMERAS.length} images each, read and decoded from the log; steps in turn, no prefetch):`);
  for (const w of ways) {
    console.log(
      `  ${w.name}: ${line(w.times)}; ratio of medians to before ${(q(w.times, 0.5) / q(ways[0].times, 0.5)).toFixed(2)}; ` +
        `longest event-loop stall per step median ${ms(q(w.stalls, 0.5))}, max ${ms(Math.max(...w.stalls))}; ${mib((w.tally.bytes - w.bytesAt) / last)} read per frame`,
    );
  }
  for (const w of ways) if (w.store !== store) await w.store.close();
  console.log(`  ${held()}`);

  // A viewer at 10 Hz: each frame shown for `dwell` ms, the store reading the next one meanwhile.
  const ahead = counted(fileSource(file));
  const storeAhead = new LogMessageStore('bench-ahead', 'local', file, 'mcap', () => [ahead.source], frameIndex);
  const from = last + 1;
  const to = Math.min(frames.length - 1, from + steps);
  await step(storeAhead, from - 1);
  const waits: number[] = [];
  for (let i = from; i <= to; i++) {
    waits.push(await step(storeAhead, i));
    await new Promise((resolve) => setTimeout(resolve, dwell));
  }
  await storeAhead.close();
  console.log(`stepping ${waits.length} frames with prefetch, each shown ${dwell} ms before the next step: step to its captures ${line(waits)}; ${held()}`);
  await store.close();
}

main().catch((e: unknown) => {
  console.error((e as Error).stack ?? e);
  process.exit(1);
});
