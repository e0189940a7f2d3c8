/**
 * Memory while flying through a streamed octree: is it flat?
 *
 *   npx tsx bench/stream/flythrough.bench.ts [--octree /tmp/cairn-bench/100M-octree]
 *        [--duration 60] [--warmup 15] [--settle 20] [--mode path|input] [--near 0.15] [--gc-every 5]
 *        [--budget 2000000 (one of the app's Budget menu values)]
 *        [--geometry-max-loading N] [--width 1280] [--height 720] [--dpr 1]
 *        [--cli bin/cairn.js] [--json out.json] [--csv out.csv]
 *
 * Same set-up as ttff.bench.ts (real host, headless Chromium, the octree opened through the Open
 * dialog; then up to --settle s for the first fill). Then the camera moves for --duration s:
 * - --mode path (default): a scripted path, set every animation frame from the page (inpage.js
 *   startPath): an orbit around the point the app framed (the cloud's centre), the distance
 *   swinging between --near × and 2.2 × the cloud's radius every 20 s, the azimuth turning once
 *   per 45 s, the elevation between 25° and 65°. The OrbitControls follow (they re-read the
 *   camera's offset each update). Independent of input latency.
 * - --mode input: the OrbitControls driven as a user would, through Playwright's mouse: wheel
 *   zoom in, left-drag orbit, right-drag pan (alternating), wheel zoom out, orbit back. Each
 *   input waits for the page to take it, so with software rendering (1 to 5 frames per second
 *   here) only a few dozen inputs fit in a minute.
 * Every second, a sample of:
 *   - CDP Performance.getMetrics: JSHeapUsedSize, JSHeapTotalSize, Nodes (DOM);
 *   - in the page (common.ts/inpage.js): frames per second, points selected (cloud-stats
 *     data-visible), points loaded
 *     (potree-core's LRU), the bytes of the loaded nodes' geometry, the bytes of live WebGL buffers
 *     (bufferData/deleteBuffer counted), three.js renderer.info.memory.geometries;
 *   - RSS of Chromium's renderer and GPU processes and of the host, from /proc.
 * After --warmup s, each series gets min / max / mean and whether it stays within ±10 % of its
 * mean (the target: flat memory while streaming). A forced GC (CDP HeapProfiler.collectGarbage)
 * at the end of the warm-up and at the end gives the live JS heap then, as a leak check, and one
 * every --gc-every s after the warm-up gives the live heap as a series (0 turns it off).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { CDPSession, Page } from '@playwright/test';
import {
  arg,
  defaultCli,
  int,
  mib,
  newBenchPage,
  numArg,
  openApp,
  pageOptionsFromArgs,
  RequestLog,
  setUp,
  snapshot,
  submitOpen,
  summarizeRequests,
  table,
  treeRss,
  type BenchEnv,
  type PageSnapshot,
} from './common';

interface Sample {
  /** Seconds since the fly-through started. */
  s: number;
  heapUsed: number | null;
  heapTotal: number | null;
  domNodes: number | null;
  visible: number | null;
  drawn: number | null;
  loadedPoints: number | null;
  lruNodes: number | null;
  hierarchyNodes: number | null;
  /** JS heap after a forced GC, on the samples every --gc-every s. */
  liveHeap?: number | null;
  nodeGeometryBytes: number | null;
  gpuBufferBytes: number | null;
  geometries: number | null;
  rendererRssMiB: number | null;
  gpuRssMiB: number | null;
  hostRssMiB: number | null;
  moves: number;
  /** Frames rendered since the previous sample, per second. */
  fps: number | null;
}

/** Rejects after ms; so no single input can stall the loop. */
function within<T>(p: Promise<T>, timeoutMs: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    p.finally(() => clearTimeout(timer)),
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what} took over ${timeoutMs / 1000} s`)), timeoutMs);
    }),
  ]);
}

async function metrics(cdp: CDPSession): Promise<Record<string, number>> {
  const { metrics: list } = (await cdp.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] };
  return Object.fromEntries(list.map((m) => [m.name, m.value]));
}

async function liveHeapAfterGc(cdp: CDPSession): Promise<number> {
  await cdp.send('HeapProfiler.collectGarbage');
  return (await metrics(cdp)).JSHeapUsedSize;
}

/** One leg of the fly-through, in small steps; checks the deadline between steps. */
async function flyLeg(page: Page, leg: number, box: { x: number; y: number; width: number; height: number }, deadline: number): Promise<number> {
  const cx = box.x + box.width / 2;
  const cy = box.y + box.height / 2;
  let moves = 0;
  const step = async (fn: () => Promise<void>) => {
    if (Date.now() > deadline) return false;
    await within(fn(), 15_000, 'an input event');
    moves++;
    return true;
  };
  const drag = async (button: 'left' | 'right', dx: number, dy: number, steps: number) => {
    await step(() => page.mouse.move(cx - dx / 2, cy - dy / 2));
    await step(() => page.mouse.down({ button }));
    try {
      for (let i = 1; i <= steps; i++) {
        if (!(await step(() => page.mouse.move(cx - dx / 2 + (dx * i) / steps, cy - dy / 2 + (dy * i) / steps)))) break;
        await page.waitForTimeout(20);
      }
    } finally {
      await within(page.mouse.up({ button }), 15_000, 'mouse up').catch(() => undefined);
    }
  };
  const zoom = async (deltaY: number, times: number) => {
    await step(() => page.mouse.move(cx, cy));
    for (let i = 0; i < times; i++) {
      if (!(await step(() => page.mouse.wheel(0, deltaY)))) break;
      await page.waitForTimeout(20);
    }
  };
  const dir = leg % 2 === 0 ? 1 : -1;
  switch (leg % 5) {
    case 0:
      await zoom(-200, 6); // in
      break;
    case 1:
      await drag('left', 360 * dir, 40, 6); // orbit
      break;
    case 2:
      await drag('right', 260 * (Math.floor(leg / 5) % 2 ? -1 : 1), 120, 6); // pan, alternating
      break;
    case 3:
      await zoom(200, 6); // out
      break;
    case 4:
      await drag('left', -300 * dir, -30, 6); // orbit back
      break;
  }
  return moves;
}

/** Half the diagonal of the cloud's tight bounds (the app frames the cloud from 2.2 × this). */
function cloudRadius(dir: string): number {
  const meta = JSON.parse(readFileSync(path.join(dir, 'metadata.json'), 'utf8')) as { tightBoundingBox?: { min: number[]; max: number[] }; boundingBox: { min: number[]; max: number[] } };
  const b = meta.tightBoundingBox ?? meta.boundingBox;
  return Math.max(1, Math.hypot(b.max[0] - b.min[0], b.max[1] - b.min[1], b.max[2] - b.min[2]) / 2);
}

function stats(xs: (number | null)[]) {
  const v = xs.filter((x): x is number => x !== null && Number.isFinite(x));
  if (!v.length) return null;
  const min = Math.min(...v);
  const max = Math.max(...v);
  const mean = v.reduce((s, x) => s + x, 0) / v.length;
  const dev = mean !== 0 ? Math.max(max - mean, mean - min) / Math.abs(mean) : 0;
  return { n: v.length, min, max, mean, dev, flat: dev <= 0.1 };
}

async function main() {
  const octreeDir = arg('octree', '/tmp/cairn-bench/100M-octree')!;
  const duration = numArg('duration', 60) * 1000;
  const warmup = numArg('warmup', 15);
  const settle = numArg('settle', 20) * 1000;
  const pageOptions = pageOptionsFromArgs();
  const geometryMaxLoading = pageOptions.geometryMaxLoading ?? 0;
  const jsonOut = arg('json');
  const csvOut = arg('csv');
  const cli = defaultCli();
  const mode = arg('mode', 'path');
  if (mode !== 'path' && mode !== 'input') throw new Error(`--mode path|input, not "${mode}"`);
  const near = numArg('near', 0.15);
  const budget = numArg('budget', 2_000_000);
  // The sampled heap saw-tooths with garbage between collections; a forced GC every few seconds
  // shows what is live, which is what would grow if something leaked.
  const gcEvery = numArg('gc-every', 5);

  let env: BenchEnv | null = null;
  const samples: Sample[] = [];
  let gcAtWarmup: number | null = null;
  let gcAtEnd: number | null = null;
  let endSnap: PageSnapshot | null = null;
  let requestLine = '';
  let errors = 0;
  try {
    env = await setUp({ octreeDir, cli });
    process.stderr.write(
      `octree ${env.octree.dir}: ${int(env.octree.points)} points; Chromium ${env.browser.version()}; host ${cli}` +
        `; point budget ${int(budget)}` +
        (geometryMaxLoading > 0 ? `; EXPERIMENT: pcoGeometry.maxNumNodesLoading = ${geometryMaxLoading}` : '') +
        '\n',
    );
    const radius = cloudRadius(env.octree.dir);
    const page = await newBenchPage(env.browser, pageOptions);
    const log = new RequestLog(page);
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    try {
      await openApp(page, env.host.url);
      const target = Math.floor(0.9 * Math.min(budget, env.octree.points));
      await submitOpen(page, env.octree.dir, [1, target]);
      if (budget !== 2_000_000) {
        // The app's own budget control (CloudToolbar); 2M is its default.
        await page.getByTestId('point-budget').selectOption(String(budget), { timeout: 10_000 }).catch((e: unknown) => {
          throw new Error(`cannot set the point budget to ${budget} in the app's Budget menu: ${(e as Error).message.split('\n')[0]}`);
        });
      }
      await page
        .waitForFunction((t) => Number(document.querySelector('[data-testid="cloud-stats"]')?.getAttribute('data-visible') ?? 0) >= t, target, { polling: 100, timeout: settle })
        .catch(() => process.stderr.write(`  (the first fill did not reach ${int(target)} points within ${settle / 1000} s; flying anyway)\n`));
      const canvas = page.getByTestId('viewport-canvas').first();
      const box = (await canvas.boundingBox()) ?? (await page.getByTestId('cloud-viewport').boundingBox());
      if (!box) throw new Error('no cloud viewport on the page');

      const started = Date.now();
      const deadline = started + duration;
      let moves = 0;
      let sampling = true;
      // The sampler: once a second, independent of the inputs.
      const sampler = (async () => {
        let next = started;
        let lastRenders: { n: number; t: number } | null = null;
        while (sampling && Date.now() <= deadline + 500) {
          const wait = next - Date.now();
          if (wait > 0) await new Promise((r) => setTimeout(r, wait));
          next += 1000;
          const s = (Date.now() - started) / 1000;
          try {
            const [m, snap] = await within(Promise.all([metrics(cdp), snapshot(page)]), 10_000, 'a sample');
            const rss = treeRss();
            const pick = (k: string) => (rss && rss[k] !== undefined ? rss[k] : null);
            samples.push({
              s,
              heapUsed: m.JSHeapUsedSize ?? snap.usedJSHeapSize,
              heapTotal: m.JSHeapTotalSize ?? snap.totalJSHeapSize,
              domNodes: m.Nodes ?? null,
              visible: snap.visible,
              drawn: snap.three?.points ?? null,
              loadedPoints: snap.loadedPoints,
              lruNodes: snap.lruNodes,
              hierarchyNodes: snap.hierarchyNodes,
              nodeGeometryBytes: snap.nodeGeometryBytes,
              gpuBufferBytes: snap.gpuBufferBytes,
              geometries: snap.three?.geometries ?? null,
              rendererRssMiB: pick('chromium renderer'),
              gpuRssMiB: pick('chromium gpu-process'),
              hostRssMiB: pick('host'),
              moves,
              fps: lastRenders !== null && snap.three ? (snap.three.renders - lastRenders.n) / ((snap.t - lastRenders.t) / 1000) : null,
            });
            if (snap.three) lastRenders = { n: snap.three.renders, t: snap.t };
            if (gcAtWarmup === null && s >= warmup) gcAtWarmup = await within(liveHeapAfterGc(cdp), 10_000, 'a forced GC');
            else if (gcEvery > 0 && Math.round(s) % gcEvery === 0) samples[samples.length - 1]!.liveHeap = await within(liveHeapAfterGc(cdp), 10_000, 'a forced GC');
          } catch (e) {
            errors++;
            process.stderr.write(`  sample at ${s.toFixed(0)} s failed: ${(e as Error).message}\n`);
          }
        }
      })();
      let leg = 0;
      const progress = () => {
        const last = samples[samples.length - 1];
        if (last) process.stderr.write(`  ${last.s.toFixed(0)} s: ${int(last.visible)} visible, ${int(last.loadedPoints)} loaded, heap ${mib(last.heapUsed)} MiB, WebGL buffers ${mib(last.gpuBufferBytes)} MiB, ${last.fps?.toFixed(1) ?? 'n/a'} fps\n`);
      };
      try {
        if (mode === 'input') {
          while (Date.now() < deadline) {
            moves += await flyLeg(page, leg++, box, deadline);
            if (leg % 5 === 0) progress();
          }
        } else {
          const ok = await page.evaluate(
            (o) => (window as unknown as { __bench: { startPath(o: unknown): boolean } }).__bench.startPath(o),
            { target: [0, 0, 0], far: radius * 2.2, near: radius * near, dollyS: 20, turnS: 45, az0: Math.atan2(-1.2, -0.9) },
          );
          if (!ok) throw new Error('no camera seen yet: the app has not rendered a frame');
          while (Date.now() < deadline) {
            await page.waitForTimeout(Math.min(1000, Math.max(0, deadline - Date.now())));
            if (Math.round((Date.now() - started) / 1000) % 10 === 0) progress();
          }
          await page.evaluate(() => (window as unknown as { __bench: { stopPath(): void } }).__bench.stopPath());
        }
      } finally {
        sampling = false;
        await sampler;
      }
      gcAtEnd = await within(liveHeapAfterGc(cdp), 10_000, 'a forced GC').catch(() => null);
      endSnap = await snapshot(page);
      await log.settle();
      const r = summarizeRequests(log.requests);
      requestLine =
        `${r.total} /data/ requests (${r.octreeBin} octree.bin, ${r.hierarchyBin} hierarchy.bin, ${r.ranged} with Range), ${mib(r.bytes)} MiB, ` +
        `octree.bin in flight max ${r.maxInFlightOctree} / mean ${r.meanInFlightOctree.toFixed(2)}; ` +
        (mode === 'input' ? `${moves} input events in ${leg} legs` : `camera path: orbit + dolly between ${(near * 100).toFixed(0)} % and 220 % of the cloud's radius (${radius.toFixed(0)} m)`);
    } finally {
      log.detach();
      await cdp.detach().catch(() => undefined);
      await page.context().close();
    }
  } finally {
    await env?.close();
  }

  const after = samples.filter((x) => x.s >= warmup);
  const series: [string, (x: Sample) => number | null, (v: number) => string][] = [
    ['JS heap used (CDP), MiB', (x) => x.heapUsed, (v) => mib(v)],
    ['JS heap total, MiB', (x) => x.heapTotal, (v) => mib(v)],
    [`live JS heap after a forced GC (every ${gcEvery} s), MiB`, (x) => x.liveHeap ?? null, (v) => mib(v)],
    ['DOM nodes', (x) => x.domNodes, (v) => int(v)],
    ['frames per second', (x) => x.fps, (v) => v.toFixed(1)],
    ['points drawn (last frame)', (x) => x.drawn, (v) => int(v)],
    ['points selected (data-visible)', (x) => x.visible, (v) => int(v)],
    ['points loaded (LRU)', (x) => x.loadedPoints, (v) => int(v)],
    ['nodes loaded (LRU)', (x) => x.lruNodes, (v) => int(v)],
    ['hierarchy nodes known', (x) => x.hierarchyNodes, (v) => int(v)],
    ['node geometry, MiB', (x) => x.nodeGeometryBytes, (v) => mib(v)],
    ['live WebGL buffers, MiB', (x) => x.gpuBufferBytes, (v) => mib(v)],
    ['three.js geometries', (x) => x.geometries, (v) => int(v)],
    ['renderer process RSS, MiB', (x) => x.rendererRssMiB, (v) => v.toFixed(0)],
    ['GPU process RSS, MiB', (x) => x.gpuRssMiB, (v) => v.toFixed(0)],
    ['host RSS, MiB', (x) => x.hostRssMiB, (v) => v.toFixed(0)],
  ];
  const rows = series.map(([name, get, fmt]) => {
    const st = stats(after.map(get));
    if (!st) return [name, 'n/a', 'n/a', 'n/a', 'n/a', 'n/a'];
    return [name, fmt(st.min), fmt(st.max), fmt(st.mean), `${(100 * st.dev).toFixed(1)} %`, st.flat ? 'yes' : 'NO'];
  });
  process.stdout.write(
    `\n${samples.length} samples over ${(duration / 1000).toFixed(0)} s (${errors} failed); summary after the ${warmup} s warm-up (${after.length} samples):\n\n` +
      table(['series', 'min', 'max', 'mean', 'max dev from mean', 'within ±10 %'], rows) +
      `\n\nlive JS heap after a forced GC: ${mib(gcAtWarmup)} MiB at ${warmup} s, ${mib(gcAtEnd)} MiB at the end` +
      (gcAtWarmup && gcAtEnd ? ` (${(100 * (gcAtEnd / gcAtWarmup - 1)).toFixed(1)} %)` : '') +
      `\n${requestLine}\n` +
      `potree-core evicts loaded nodes only above 2 × the point budget (its LRU), so "points loaded" may rise to ${int(2 * budget)} before it is flat.\n` +
      (endSnap ? `end: ${int(endSnap.visible)} visible, ${int(endSnap.loadedPoints)} loaded, ${endSnap.statsText ?? ''}\n` : ''),
  );
  const head = Object.keys(samples[0] ?? {}) as (keyof Sample)[];
  const csv = [head.join(','), ...samples.map((x) => head.map((k) => x[k] ?? '').join(','))].join('\n') + '\n';
  if (csvOut) writeFileSync(csvOut, csv);
  if (jsonOut) writeFileSync(jsonOut, JSON.stringify({ octreeDir, duration, warmup, geometryMaxLoading, gcAtWarmup, gcAtEnd, samples }, null, 1));
}

main().catch((e: unknown) => {
  process.stderr.write(`flythrough.bench: ${process.env.BENCH_DEBUG ? ((e as Error).stack ?? e) : ((e as Error).message ?? e)}\n`);
  process.exit(1);
});
