/**
 * Time to first frame of a streamed octree, through the real web host and headless Chromium.
 *
 *   npx tsx bench/stream/ttff.bench.ts [--octree /tmp/cairn-bench/100M-octree] [--runs 5]
 *        [--timeout 60] [--plateau 5] [--budget 2000000] [--no-warm] [--geometry-max-loading N]
 *        [--width 1280] [--height 720] [--dpr 1]
 *        [--cli bin/cairn.js] [--json out.json]
 *
 * Each run: a fresh browser context (empty HTTP cache) and page, the app loaded until it says it
 * is ready, then the octree folder typed into the Open dialog and submitted. From the submit
 * event (page clock), every frame's drawn points are recorded (WebGLRenderer.render wrapped by
 * the init script; renderer.info.render.points):
 *   TTFF = the first frame that drew points;
 *   T90  = the first frame that drew ≥ 90 % of the point budget (or of the cloud's total when
 *          smaller); when the view never holds that many (potree-core's screen-space LOD stops
 *          refining first), T90 is to 90 % of the plateau, flagged ¹.
 * The run ends at the target, after --plateau s without an increase, or at --timeout.
 * Alongside: the milestones of the open (pointcloud.open reply over the WebSocket, the viewport
 * in the DOM, the WebGL context, metadata.json, first/last node), frames per second while
 * filling, the status bar's cloud-stats data-visible (which counts the nodes *selected* within
 * the budget, loaded or not, so it jumps to its final value long before those points are drawn),
 * and the requests under /data/: count, Range requests, bytes (Content-Length), and the
 * concurrency from the browser's own request timing (max in flight, and the mean while any is).
 * After the last cold run, the same page opens the same folder again ("warm": JIT, decoder
 * workers, the WebGL context, the host and the page cache warm; the HTTP cache does not help:
 * the host sends no-cache and ignores If-Modified-Since).
 */
import {
  arg,
  defaultCli,
  flag,
  int,
  median,
  mib,
  ms,
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
  type BenchEnv,
  type PageSnapshot,
  type RequestSummary,
} from './common';
import { writeFileSync } from 'node:fs';
import type { Page } from '@playwright/test';

interface OpenResult {
  label: string;
  /** First frame that drew points (renderer.info.render.points > 0), ms after the submit. */
  ttffMs: number | null;
  /** First frame that drew ≥ target points. */
  t90Ms: number | null;
  target: number;
  /** Points drawn by the last frame of the run. */
  finalDrawn: number;
  /** First frame that drew ≥ 90 % of finalDrawn (the plateau when the target was not reached). */
  t90OfFinalMs: number | null;
  /** First frame that drew finalDrawn. */
  finalAtMs: number | null;
  /** cloud-stats data-visible: first > 0, and its last value (nodes selected, loaded or not). */
  statsFirstMs: number | null;
  statsFinal: number;
  /** Frames per second between the first frame with points and finalAtMs. */
  fillFps: number | null;
  /** The longest time between two frames from the submit to finalAtMs (a stall of the page). */
  maxFrameGapMs: number | null;
  rpcReplyMs: number | null;
  viewportMs: number | null;
  glContextMs: number | null;
  glContextCreateMs: number | null;
  metadataMs: number | null;
  firstNodeMs: number | null;
  /** When the last octree.bin response of the run ended. */
  lastNodeMs: number | null;
  toT90: RequestSummary;
  total: RequestSummary;
  maxNodesLoading: number | null;
  /** Each change of the points drawn per frame, and of data-visible: [ms since submit, value]. */
  drawnSeries: [number, number][];
  statsSeries: [number, number][];
  requests: { file: string; range: string | null; startMs: number; endMs: number | null; bytes: number | null }[];
  end: PageSnapshot;
  reason: string;
}

interface Recorded {
  firstAbove: Record<string, number>;
  statsFirstAbove: Record<string, number>;
  frames: [number, number][];
  samples: [number, number][];
  frameTimes: number[];
  maxNodesLoading: number;
  marks: Record<string, number>;
}

const SECOND = 1000;

function maxGap(times: number[]): number | null {
  let gap: number | null = null;
  for (let i = 1; i < times.length; i++) gap = Math.max(gap ?? 0, times[i] - times[i - 1]);
  return gap;
}

async function measureOpen(page: Page, log: RequestLog, label: string, octreeDir: string, target: number, timeoutMs: number, plateauMs: number): Promise<OpenResult> {
  log.reset();
  const t0 = await submitOpen(page, octreeDir, [1, target]);
  const started = Date.now();
  let reason = 'timeout';
  let best = 0;
  let bestAt = Date.now();
  // Bounded: at most timeoutMs, checking 4 times a second (the page records every frame).
  while (Date.now() - started < timeoutMs) {
    await page.waitForTimeout(250);
    const s = await page.evaluate(() => {
      const b = (window as unknown as { __bench: { firstAbove: Record<string, number>; frames: [number, number][] } }).__bench;
      const last = b.frames.length ? b.frames[b.frames.length - 1][1] : 0;
      const err = document.querySelector('[data-testid="open-error"]')?.textContent ?? null;
      const notice = document.querySelector('[data-testid="notice"]')?.textContent ?? null;
      return { firstAbove: b.firstAbove, last, err, notice };
    });
    if (s.err) throw new Error(`the Open dialog says: ${s.err}`);
    if (s.notice && /cannot stream/.test(s.notice)) throw new Error(`the app says: ${s.notice}`);
    if (s.firstAbove[target] !== undefined) {
      reason = 'target';
      break;
    }
    if (s.last > best) {
      best = s.last;
      bestAt = Date.now();
    } else if (best > 0 && Date.now() - bestAt > plateauMs) {
      reason = `plateau (${plateauMs / 1000} s)`;
      break;
    }
  }
  const rec = await page.evaluate(() => {
    const b = (window as unknown as { __bench: Recorded & { disarm(): void } }).__bench;
    b.disarm();
    return { firstAbove: b.firstAbove, statsFirstAbove: b.statsFirstAbove, frames: b.frames, samples: b.samples, frameTimes: b.frameTimes, maxNodesLoading: b.maxNodesLoading, marks: b.marks };
  });
  const end = await snapshot(page);
  await log.settle();
  const finalDrawn = rec.frames.length ? rec.frames[rec.frames.length - 1][1] : 0;
  const t90Final = rec.frames.find(([, v]) => v >= 0.9 * finalDrawn);
  const finalAt = finalDrawn > 0 ? rec.frames.find(([, v]) => v === finalDrawn)![0] : null;
  const tFirst = rec.firstAbove[1];
  const fillFrames = tFirst !== undefined && finalAt !== null ? rec.frameTimes.filter((t) => t >= tFirst && t <= finalAt).length : 0;
  const tTarget = rec.firstAbove[target];
  const reqs = log.requests.filter((r) => r.start >= t0 - 50);
  const meta = reqs.find((r) => r.file === 'metadata.json');
  const nodes = reqs.filter((r) => r.file === 'octree.bin' && r.end !== null) as { end: number }[];
  const rel = (t: number | undefined | null) => (t !== undefined && t !== null ? t - t0 : null);
  return {
    label,
    ttffMs: rel(tFirst),
    t90Ms: rel(tTarget),
    target,
    finalDrawn,
    t90OfFinalMs: finalDrawn > 0 && t90Final ? t90Final[0] - t0 : null,
    finalAtMs: rel(finalAt),
    statsFirstMs: rel(rec.statsFirstAbove[1]),
    statsFinal: rec.samples.length ? rec.samples[rec.samples.length - 1][1] : 0,
    fillFps: tFirst !== undefined && finalAt !== null && finalAt > tFirst ? (fillFrames - 1) / ((finalAt - tFirst) / 1000) : null,
    maxFrameGapMs: maxGap(rec.frameTimes.filter((t) => t <= (finalAt ?? Infinity))),
    rpcReplyMs: rel(rec.marks.rpcReply),
    viewportMs: rec.marks.viewport !== undefined && rec.marks.viewport >= t0 ? rec.marks.viewport - t0 : null,
    glContextMs: rel(rec.marks.glContextEnd),
    glContextCreateMs: rec.marks.glContextEnd !== undefined ? rec.marks.glContextEnd - rec.marks.glContextStart : null,
    metadataMs: meta ? meta.start - t0 : null,
    firstNodeMs: nodes.length ? Math.min(...nodes.map((r) => r.end)) - t0 : null,
    lastNodeMs: nodes.length ? Math.max(...nodes.map((r) => r.end)) - t0 : null,
    toT90: summarizeRequests(reqs, tTarget ?? Infinity),
    total: summarizeRequests(reqs),
    maxNodesLoading: rec.maxNodesLoading ?? null,
    drawnSeries: rec.frames.map(([t, v]) => [Math.round(t - t0), v]),
    statsSeries: rec.samples.map(([t, v]) => [Math.round(t - t0), v]),
    requests: reqs.map((r) => ({ file: r.file, range: r.range, startMs: Math.round(r.start - t0), endMs: r.end !== null ? Math.round(r.end - t0) : null, bytes: r.bytes })),
    end,
    reason,
  };
}

async function main() {
  const octreeDir = arg('octree', '/tmp/cairn-bench/100M-octree')!;
  const runs = Math.max(1, Math.floor(numArg('runs', 5)));
  const timeoutMs = numArg('timeout', 60) * SECOND;
  const plateauMs = numArg('plateau', 5) * SECOND;
  const budget = numArg('budget', 2_000_000);
  const pageOptions = pageOptionsFromArgs();
  const geometryMaxLoading = pageOptions.geometryMaxLoading ?? 0;
  const warm = !flag('no-warm');
  const jsonOut = arg('json');
  const cli = defaultCli();

  let env: BenchEnv | null = null;
  const results: OpenResult[] = [];
  try {
    env = await setUp({ octreeDir, cli });
    const target = Math.floor(0.9 * Math.min(budget, env.octree.points));
    process.stderr.write(
      `octree ${env.octree.dir}: ${int(env.octree.points)} points, octree.bin ${mib(env.octree.octreeBytes)} MiB, hierarchy.bin ${mib(env.octree.hierarchyBytes)} MiB\n` +
        `Chromium ${env.browser.version()} (${env.chromiumPath}), host ${cli}\n` +
        `target: data-visible ≥ ${int(target)} (90 % of ${int(Math.min(budget, env.octree.points))})` +
        (geometryMaxLoading > 0 ? `; EXPERIMENT: pcoGeometry.maxNumNodesLoading = ${geometryMaxLoading}` : '') +
        '\n',
    );
    for (let i = 1; i <= runs; i++) {
      const page = await newBenchPage(env.browser, pageOptions);
      const log = new RequestLog(page);
      try {
        await openApp(page, env.host.url);
        const r = await measureOpen(page, log, `cold ${i}`, env.octree.dir, target, timeoutMs, plateauMs);
        results.push(r);
        process.stderr.write(`  ${r.label}: TTFF ${ms(r.ttffMs)} ms, T90 ${r.t90Ms !== null ? ms(r.t90Ms) : `${ms(r.t90OfFinalMs)} (of the plateau)`} ms, ${r.total.total} requests (${r.reason})\n`);
        if (warm && i === runs) {
          await page.waitForTimeout(1000);
          const w = await measureOpen(page, log, 'warm (same page, again)', env.octree.dir, target, timeoutMs, plateauMs);
          results.push(w);
          process.stderr.write(`  ${w.label}: TTFF ${ms(w.ttffMs)} ms, T90 ${w.t90Ms !== null ? ms(w.t90Ms) : `${ms(w.t90OfFinalMs)} (of the plateau)`} ms, ${w.total.total} requests (${w.reason})\n`);
        }
      } finally {
        log.detach();
        await page.context().close();
      }
    }
  } finally {
    await env?.close();
  }

  // Table 1: where the time goes, from the submit (ms). Table 2: how it fills, and the requests.
  const t90 = (r: OpenResult) => (r.t90Ms !== null ? `${ms(r.t90Ms)}` : r.t90OfFinalMs !== null ? `${ms(r.t90OfFinalMs)} ¹` : 'n/a');
  process.stdout.write(
    '\n' +
      table(
        ['open', 'RPC reply', 'viewport in DOM', 'WebGL context (creation)', 'metadata.json request', 'first node received', 'TTFF', 'T90', 'last node received', 'data-visible > 0'],
        results.map((r) => [
          r.label,
          ms(r.rpcReplyMs),
          r.viewportMs !== null ? ms(r.viewportMs) : 'reused',
          r.glContextMs !== null ? `${ms(r.glContextMs)} (${ms(r.glContextCreateMs)})` : 'reused',
          ms(r.metadataMs),
          ms(r.firstNodeMs),
          ms(r.ttffMs),
          t90(r),
          ms(r.lastNodeMs),
          ms(r.statsFirstMs),
        ]),
      ) +
      '\n\n' +
      table(
        ['open', 'drawn at end', 'reached at ms', 'fps while filling (longest frame ms)', `≥ ${int(results[0]?.target)} at ms`, 'data-visible at end', 'requests to T90 (octree / hierarchy)', 'MiB to T90', 'octree.bin in flight max / mean', 'potree nodes loading max', 'request ms mean / p95', 'ended on'],
        results.map((r) => {
          const q = r.t90Ms !== null ? r.toT90 : r.total;
          return [
            r.label,
            int(r.finalDrawn),
            ms(r.finalAtMs),
            `${r.fillFps !== null ? r.fillFps.toFixed(1) : 'n/a'} (${ms(r.maxFrameGapMs)})`,
            ms(r.t90Ms),
            int(r.statsFinal),
            `${q.total} (${q.octreeBin} / ${q.hierarchyBin})`,
            mib(q.bytes),
            `${r.total.maxInFlightOctree} / ${r.total.meanInFlightOctree.toFixed(2)}`,
            r.maxNodesLoading ?? 'n/a',
            `${ms(r.total.meanMs)} / ${ms(r.total.p95Ms)}`,
            r.reason,
          ];
        }),
      ) +
      '\nTTFF / T90: first frame that drew > 0 / ≥ the target points (renderer.info.render.points, read after each render call).\n' +
      '¹ the view never held the target: T90 is to 90 % of what the last frame drew (the plateau); the requests are those of the whole run.\n',
  );
  const cold = results.filter((r) => r.label.startsWith('cold'));
  const mTtff = median(cold.map((r) => r.ttffMs ?? NaN));
  const mT90 = median(cold.map((r) => r.t90Ms ?? r.t90OfFinalMs ?? NaN));
  const all = cold.map((r) => r.total);
  process.stdout.write(
    `\ncold median: TTFF ${ms(mTtff)} ms (target ≤ 1000: ${mTtff !== null && mTtff <= 1000 ? 'met' : 'NOT met'}), ` +
      `T90 ${ms(mT90)} ms (target ≤ 5000: ${mT90 !== null && mT90 <= 5000 ? 'met' : 'NOT met'})` +
      (cold.some((r) => r.t90Ms === null) ? ` — ${cold.filter((r) => r.t90Ms === null).length} run(s) never reached ${int(cold[0].target)}: T90 of the plateau there` : '') +
      `\nall /data/ requests per cold open (to the end of the run): median ${median(all.map((s) => s.total))}, Range ${median(all.map((s) => s.ranged))}, ` +
      `${mib(median(all.map((s) => s.bytes)))} MiB, max in flight (all files) ${Math.max(...all.map((s) => s.maxInFlight))}\n`,
  );
  const last = results[results.length - 1];
  if (last) {
    process.stdout.write(
      `end of the last open: drawn ${int(last.end.three?.points)}, loaded points (LRU) ${int(last.end.loadedPoints)} in ${int(last.end.lruNodes)} nodes, node geometry ${mib(last.end.nodeGeometryBytes)} MiB, ` +
        `live WebGL buffers ${mib(last.end.gpuBufferBytes)} MiB in ${last.end.gpuBuffers}, JS heap ${mib(last.end.usedJSHeapSize)} MiB\n`,
    );
  }
  if (jsonOut) writeFileSync(jsonOut, JSON.stringify({ octreeDir, runs, budget, geometryMaxLoading, results }, null, 1));
}

main().catch((e: unknown) => {
  process.stderr.write(`ttff.bench: ${process.env.BENCH_DEBUG ? ((e as Error).stack ?? e) : ((e as Error).message ?? e)}\n`);
  process.exit(1);
});
