/**
 * Frame stepping over a long sequence, in headless Chromium against the real web host:
 * - latency: from the key press that asks for the next frame to the first paint after the app
 *   has the frame (the timeline's `data-frame-latency-ms`), and whether it came from the prefetch
 *   cache; stepping at `--period` ms per frame (100 = the recorded 10 Hz);
 * - memory: JS heap after a forced GC, live WebGL buffer bytes, and the prefetch cache's bytes,
 *   sampled every `--sample-every` frames over the whole sequence.
 *
 *   npx tsx bench/timeline/stepping.bench.ts [--frames 1000] [--points 60000] [--period 100]
 *        [--image 640x360] [--sample-every 50] [--dir /tmp/cairn-bench/timeline-1000]
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS, findChromium } from '../../e2e/support/browser';
import { startCairn } from '../../e2e/support/cairnServer';
import { arg, numArg } from '../stream/common';
import { makeSequence } from './makeSequence';

const frames = numArg('frames', 1000);
const points = numArg('points', 60_000);
const period = numArg('period', 100);
const sampleEvery = numArg('sample-every', 50);
const [imageWidth, imageHeight] = (arg('image', '640x360') as string).split('x').map(Number);
const dir = arg('dir', `/tmp/cairn-bench/timeline-${frames}-${points}`) as string;

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
};
const mib = (b: number) => (b / 1048576).toFixed(1);

async function main() {
  if (!existsSync(path.join(dir, 'scene.json'))) {
    const t = Date.now();
    process.stderr.write(`writing ${frames} frames to ${dir} …\n`);
    makeSequence({ dir, frames, points, imageWidth, imageHeight });
    process.stderr.write(`  ${((Date.now() - t) / 1000).toFixed(1)} s\n`);
  }
  const manifest = JSON.parse(readFileSync(path.join(dir, 'scene.json'), 'utf8')) as { frames: unknown[] };
  if (manifest.frames.length !== frames) throw new Error(`${dir}/scene.json holds ${manifest.frames.length} frames, not ${frames}; pass another --dir`);

  const cairn = await startCairn(mkdtempSync(path.join(os.tmpdir(), 'cairn-bench-timeline-ws-')), { open: dir });
  const browser = await chromium.launch({ executablePath: findChromium(), args: [...CHROMIUM_ARGS, '--js-flags=--expose-gc'] });
  try {
    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    // The streaming benches' in-page probe: it counts the bytes of live WebGL buffers.
    const probe = readFileSync(path.join(__dirname, '..', 'stream', 'inpage.js'), 'utf8');
    await page.addInitScript({ content: `${probe}\n;__cairnBenchInit({ geometryMaxLoading: 0 });` });
    await page.goto(cairn.url);
    await page.waitForSelector('[data-testid=app][data-status=ready]', { timeout: 60_000 });
    const timeline = page.getByTestId('timeline');
    await page.waitForFunction(() => document.querySelector('[data-testid=timeline]')?.getAttribute('data-frame-latency-ms') !== '');
    const cdp = await page.context().newCDPSession(page);
    const sampleMemory = async (frame: number) => {
      await cdp.send('HeapProfiler.collectGarbage');
      await page.evaluate('new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))');
      // ArrayBuffers (sweeps) live outside the V8 heap: backingStorageSize counts them.
      const usage = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number; backingStorageSize?: number };
      const heap = { usedSize: usage.usedSize + (usage.backingStorageSize ?? 0) };
      const gpu = await page.evaluate(() => (window as unknown as { __bench: { gpuBufferBytes: number } }).__bench.gpuBufferBytes);
      const cached = Number(await timeline.getAttribute('data-cached-bytes'));
      const cachedFrames = Number(await timeline.getAttribute('data-cached-frames'));
      return { frame, heap: heap.usedSize, gpu, cached, cachedFrames };
    };
    const samples = [await sampleMemory(0)];
    // Where a step's time goes: the renderer's main thread (sampled by the CPU profiler) against
    // the wait for the first paint (on SwiftShader, mostly rasterising in the GPU process).
    const PROFILE_INTERVAL_US = 500;
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: PROFILE_INTERVAL_US });
    await cdp.send('Profiler.start');
    let profiledSteps = 0;
    let profileBusyMs = 0;
    const latencies: number[] = [];
    let hits = 0;
    await page.getByTestId('viewport').hover();
    for (let i = 1; i < frames; i++) {
      const asked = Date.now();
      await page.keyboard.press('.');
      await page.waitForFunction((want) => document.querySelector('[data-testid=timeline]')?.getAttribute('data-frame-latency-of') === String(want), i, { timeout: 30_000 });
      latencies.push(Number(await timeline.getAttribute('data-frame-latency-ms')));
      if ((await timeline.getAttribute('data-frame-from-cache')) === 'true') hits++;
      if (i % sampleEvery === 0 || i === frames - 1) {
        if (profiledSteps === 0) {
          const { profile } = (await cdp.send('Profiler.stop')) as { profile: { nodes: Array<{ callFrame: { functionName: string }; hitCount: number }> } };
          const busy = profile.nodes.filter((n) => n.callFrame.functionName !== '(idle)').reduce((a, n) => a + n.hitCount, 0);
          profileBusyMs = (busy * PROFILE_INTERVAL_US) / 1000;
          profiledSteps = i;
        }
        samples.push(await sampleMemory(i));
      }
      const rest = period - (Date.now() - asked);
      if (rest > 0) await page.waitForTimeout(rest);
    }
    const within = latencies.filter((l) => l <= 50).length;
    // After warm-up, and before the last frames, where the window ahead runs out of sequence.
    const afterWarmup = samples.filter((s) => s.frame >= Math.min(100, frames / 4) && s.frame < frames - 8);
    const spread = (key: 'heap' | 'gpu' | 'cached') => {
      const values = afterWarmup.map((s) => s[key]);
      const mean = values.reduce((a, b) => a + b, 0) / values.length;
      return { min: Math.min(...values), max: Math.max(...values), mean, dev: Math.max(...values.map((v) => Math.abs(v - mean) / mean)) };
    };
    console.log(`timeline stepping: ${frames} frames × (${points.toLocaleString('en-US')} points + 2 images ${imageWidth}×${imageHeight}), one step per ${period} ms, Chromium ${browser.version()}`);
    console.log(`  step latency (key → first paint): p50 ${quantile(latencies, 0.5).toFixed(1)} ms, p90 ${quantile(latencies, 0.9).toFixed(1)} ms, p99 ${quantile(latencies, 0.99).toFixed(1)} ms, max ${Math.max(...latencies).toFixed(1)} ms`);
    console.log(`  renderer main thread busy (CPU profile of the first ${profiledSteps} steps, prefetch and GC included): ${(profileBusyMs / Math.max(1, profiledSteps)).toFixed(1)} ms per step`);
    console.log(`  ≤ 50 ms: ${within} of ${latencies.length} steps (${((100 * within) / latencies.length).toFixed(1)} %); from the prefetch cache: ${hits} (${((100 * hits) / latencies.length).toFixed(1)} %)`);
    console.log('  frame   JS heap + ArrayBuffers MiB   WebGL buffers MiB   prefetch cache MiB (frames)');
    for (const s of samples) console.log(`  ${String(s.frame).padStart(5)}   ${mib(s.heap).padStart(26)}   ${mib(s.gpu).padStart(17)}   ${mib(s.cached).padStart(18)} (${s.cachedFrames})`);
    for (const key of ['heap', 'gpu', 'cached'] as const) {
      const r = spread(key);
      console.log(`  ${key} after warm-up: ${mib(r.min)}–${mib(r.max)} MiB, mean ${mib(r.mean)}, largest deviation from the mean ${(100 * r.dev).toFixed(1)} %`);
    }
  } finally {
    await browser.close();
    await cairn.stop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
