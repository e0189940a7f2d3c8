/**
 * Main-thread work per editing interaction, in headless Chromium against the real web host, for
 * three workspaces over one generated sequence: a reference (one box), 1,000 cuboids on frame 0,
 * and 200 tracks over every frame (keyframes every 10th frame, interpolated between).
 *
 * Each interaction is timed as the renderer main thread's busy time (CDP Performance.getMetrics,
 * TaskDuration) from just before the input to when it has settled: two animation frames, the
 * write acknowledged by the host, two more frames. Each cell gives the median and p95, the median
 * script time and the series' first interaction (run cold). A second, profiled round lists where
 * the time goes (CPU profile self time, by function).
 *
 *   npx tsx bench/interaction/interaction.bench.ts [--json out.json]
 *     [--repeat 15] [--frames 1000] [--points 3000] [--image 320x180] [--boxes 1000]
 *     [--tracks 200] [--every 10] [--scenarios reference,boxes,tracks] [--top 12] [--no-profile]
 *     [--app /tmp/cairn-bench/app-XXXX]  (a built app copied by an earlier run; default: copy out/ now)
 *     [--cpuprofile DIR]  (the profiled round's CPU profiles written there, one per scenario and
 *                          interaction, to open in DevTools or read for time below a function)
 *     [--trace]  (one more round under Chromium tracing: main-thread self time by trace event, so
 *                 style, layout, paint and GC apart from script)
 *     [--trace-dir DIR]  (with --trace: the traced round's raw traces written there, one per scenario
 *                         and interaction, to open in DevTools' Performance panel or read for the
 *                         layout roots and object counts of each Layout event)
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Page } from '@playwright/test';
import { CHROMIUM_ARGS, findChromium } from '../../e2e/support/browser';
import { makeSequence } from '../timeline/makeSequence';
import { arg, flag, numArg } from '../stream/common';
import { startCairn } from '../../e2e/support/cairnServer';
import { snapshotApp } from './appSnapshot';
import { makeWorkspace, type Scenario } from './makeWorkspace';
import { SETTLE } from './settle';
import { interactions, type Interaction, type Probe } from './interactions';
import { selfTimeTop, type CpuProfile, type TopEntry } from './profile';
import { TRACE_CATEGORIES, traceSelfTime, type TraceEntry, type TraceEvent } from './traceBreakdown';

const repeat = numArg('repeat', 15);
const frames = numArg('frames', 1000);
const points = numArg('points', 3000);
const boxCount = numArg('boxes', 1000);
const trackCount = numArg('tracks', 200);
const every = numArg('every', 10);
const top = numArg('top', 12);
const profile = !flag('no-profile');
const trace = flag('trace');
const [imageWidth, imageHeight] = (arg('image', '320x180') as string).split('x').map(Number);
const scenarios = (arg('scenarios', 'reference,boxes,tracks') as string).split(',') as Scenario[];
const jsonOut = arg('json');
const cpuprofileDir = arg('cpuprofile');
const traceDir = arg('trace-dir');
const seqDir = arg('dir', `/tmp/cairn-bench/interaction-${frames}-${points}`) as string;

const uuid = (n: number) => `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
const quantile = (xs: readonly number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
};

const LABEL: Record<Scenario, string> = {
  reference: 'reference: one box on frame 0',
  boxes: `${boxCount.toLocaleString('en-US')} cuboids on frame 0`,
  tracks: `${trackCount} tracks × ${frames.toLocaleString('en-US')} frames (keyframe every ${every}th)`,
};


interface SeriesResult {
  readonly samples: number[];
  readonly script: number[];
  readonly top?: TopEntry[];
  readonly events?: TraceEntry[];
}

async function openScenario(app: string, scenario: Scenario) {
  const wsDir = mkdtempSync(path.join(os.tmpdir(), `cairn-bench-interaction-${scenario}-`));
  const t = Date.now();
  const frameIds = Array.from({ length: frames }, (_, i) => uuid(1000 + i));
  makeWorkspace({ dir: wsDir, sceneId: uuid(1), frameIds, scenario, count: scenario === 'boxes' ? boxCount : trackCount, every });
  process.stderr.write(`${scenario}: workspace written in ${((Date.now() - t) / 1000).toFixed(1)} s\n`);
  return startCairn(wsDir, { app, open: seqDir, startupMs: 60_000 });
}

/** Every interaction measured (and profiled, unless --no-profile). */
const done = (s: Scenario, r: ScenarioResult | undefined) =>
  r !== undefined && interactions(s).every((i) => r[i.name]?.measured && (s === 'reference' || ((!profile || r[i.name]?.profiled) && (!trace || r[i.name]?.traced))));

type ScenarioResult = Partial<Record<Interaction['name'], { measured: SeriesResult; profiled?: SeriesResult; traced?: SeriesResult }>>;

/** Fills `out` as it goes, so a scenario that fails part way still reports what it measured. */
async function runScenario(page: Page, scenario: Scenario, out: ScenarioResult): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
  const metrics = async () => {
    const { metrics: m } = (await cdp.send('Performance.getMetrics')) as { metrics: Array<{ name: string; value: number }> };
    const get = (name: string) => (m.find((x) => x.name === name)?.value ?? 0) * 1000;
    return { task: get('TaskDuration'), script: get('ScriptDuration') };
  };
  let marking = false;
  const probe: Probe = {
    page,
    async measure(act, frameIndex) {
      // Under tracing, marks bound what is measured: the trace keeps only the work between them.
      if (marking) await page.evaluate(() => performance.mark('bench:start'));
      const before = await metrics();
      await act();
      await page.evaluate((f) => (window as unknown as { __benchSettle(f?: number): Promise<void> }).__benchSettle(f), frameIndex);
      const after = await metrics();
      if (marking) await page.evaluate(() => performance.mark('bench:end'));
      return { task: after.task - before.task, script: after.script - before.script };
    },
  };
  // The reference's profile says nothing about the scenes under test: it is not taken.
  const rounds: Array<'measured' | 'profiled' | 'traced'> = ['measured'];
  if (profile && scenario !== 'reference') rounds.push('profiled');
  if (trace && scenario !== 'reference') rounds.push('traced');
  const browser = page.context().browser()!;
  for (const round of rounds) {
    for (const interaction of interactions(scenario)) {
      if (round === 'profiled') {
        await cdp.send('Profiler.enable');
        await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
        await cdp.send('Profiler.start');
      }
      marking = round === 'traced';
      if (marking) await browser.startTracing(page, { categories: TRACE_CATEGORIES });
      const r = await interaction.run(probe, round === 'measured' ? repeat : Math.max(5, Math.ceil(repeat / 2)));
      const series: SeriesResult = { samples: r.map((x) => x.task), script: r.map((x) => x.script) };
      if (round === 'profiled') {
        const { profile: p } = (await cdp.send('Profiler.stop')) as { profile: CpuProfile };
        if (cpuprofileDir) {
          mkdirSync(cpuprofileDir, { recursive: true });
          writeFileSync(path.join(cpuprofileDir, `${scenario}-${interaction.name.replace(/[^a-z]+/g, '-')}.cpuprofile`), JSON.stringify(p));
        }
        out[interaction.name]!.profiled = { ...series, top: selfTimeTop(p, top, r.length) };
      } else if (round === 'traced') {
        const raw = (await browser.stopTracing()).toString('utf8');
        if (traceDir) {
          mkdirSync(traceDir, { recursive: true });
          writeFileSync(path.join(traceDir, `${scenario}-${interaction.name.replace(/[^a-z]+/g, '-')}.json`), raw);
        }
        const { traceEvents } = JSON.parse(raw) as { traceEvents: TraceEvent[] };
        out[interaction.name]!.traced = { ...series, events: traceSelfTime(traceEvents, top, r.length) };
      } else {
        out[interaction.name] = { measured: series };
      }
      process.stderr.write(`  ${scenario} ${interaction.name}${round === 'measured' ? '' : ` (${round})`}: median ${quantile(series.samples, 0.5).toFixed(1)} ms\n`);
    }
  }
  await cdp.detach();
}

async function main() {
  if (!existsSync(path.join(seqDir, 'scene.json'))) {
    const t = Date.now();
    process.stderr.write(`writing ${frames} frames to ${seqDir} …\n`);
    makeSequence({ dir: seqDir, frames, points, imageWidth, imageHeight });
    process.stderr.write(`  ${((Date.now() - t) / 1000).toFixed(1)} s\n`);
  }
  const manifest = JSON.parse(readFileSync(path.join(seqDir, 'scene.json'), 'utf8')) as { frames: unknown[] };
  if (manifest.frames.length !== frames) throw new Error(`${seqDir}/scene.json holds ${manifest.frames.length} frames, not ${frames}; pass another --dir`);

  // --app: a snapshot kept from an earlier run (an earlier build), to compare builds in one sitting.
  const app = arg('app') ?? snapshotApp('/tmp/cairn-bench');
  process.stderr.write(`app: ${app}\n`);
  const results: Partial<Record<Scenario, ScenarioResult>> = {};
  let version = '';
  for (const scenario of scenarios) {
    // A browser per scenario, and one more try when it goes away mid-run (other work on a shared
    // machine has been seen to end Chromium processes).
    for (let attempt = 1; attempt <= 2 && !done(scenario, results[scenario]); attempt++) {
      const browser = await chromium.launch({ executablePath: findChromium(), args: CHROMIUM_ARGS });
      version = browser.version();
      let closing = false;
      browser.on('disconnected', () => closing || process.stderr.write(`${scenario}: the browser went away\n`));
      const cairn = await openScenario(app, scenario);
      try {
        const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
        page.on('crash', () => process.stderr.write(`${scenario}: the page crashed\n`));
        page.on('pageerror', (e) => process.stderr.write(`${scenario}: page error: ${e.message}\n`));
        await page.addInitScript({ content: SETTLE });
        await page.goto(cairn.url);
        await page.waitForSelector('[data-testid=app][data-status=ready]', { timeout: 60_000 });
        await page.waitForFunction(() => Number(document.querySelector('[data-testid=object-count]')?.textContent) > 0, undefined, { timeout: 60_000 });
        await page.waitForFunction(() => document.querySelector('[data-testid=timeline]')?.getAttribute('data-frame-latency-ms') !== '', undefined, { timeout: 60_000 });
        await runScenario(page, scenario, (results[scenario] = {}));
      } catch (e) {
        // One scenario failing still leaves the others' figures worth printing.
        process.stderr.write(`${scenario}: FAILED (attempt ${attempt}): ${(e as Error).stack}\n`);
      } finally {
        await cairn.stop();
        closing = true;
        await browser.close().catch(() => undefined);
      }
    }
  }

  console.log(`interaction bench: main-thread work per interaction (CDP TaskDuration, ms; ${repeat} of each), Chromium ${version}, ${os.cpus().length} cores`);
  console.log(`sequence: ${frames} frames × ${points.toLocaleString('en-US')} points + 2 images ${imageWidth}×${imageHeight}`);
  const names = interactions('reference').map((i) => i.name);
  const cols = scenarios.map((s) => LABEL[s]);
  // The first of a series is apart: it runs code for the first time (a session's first select
  // costs two to four times the others), and with 9 samples it is the p95.
  console.log('(first: the first interaction of the series, in the measured round)');
  console.log(`\n| interaction | ${cols.map((c) => `${c}: median / p95`).join(' | ')} |`);
  console.log(`| --- | ${cols.map(() => '---').join(' | ')} |`);
  for (const name of names) {
    const cells = scenarios.map((s) => {
      const r = results[s]?.[name]?.measured;
      return r ? `${quantile(r.samples, 0.5).toFixed(1)} / ${quantile(r.samples, 0.95).toFixed(1)} (script ${quantile(r.script, 0.5).toFixed(1)}; first ${r.samples[0].toFixed(1)})` : 'n/a';
    });
    console.log(`| ${name} | ${cells.join(' | ')} |`);
  }
  if (profile) {
    for (const s of scenarios.filter((x) => x !== 'reference')) {
      for (const name of names) {
        const p = results[s]?.[name]?.profiled;
        if (!p?.top) continue;
        console.log(`\n${LABEL[s]} — ${name}: top self time per interaction (profiled round, ${p.samples.length} interactions)`);
        for (const e of p.top) console.log(`  ${e.ms.toFixed(2).padStart(7)} ms  ${e.name}  ${e.where}`);
      }
    }
  }
  if (trace) {
    for (const s of scenarios.filter((x) => x !== 'reference')) {
      for (const name of names) {
        const t = results[s]?.[name]?.traced;
        if (!t?.events) continue;
        console.log(`\n${LABEL[s]} — ${name}: main-thread self time by trace event per interaction (traced round, ${t.samples.length} interactions, from input to settled)`);
        for (const e of t.events) console.log(`  ${e.ms.toFixed(2).padStart(7)} ms  ${e.name}`);
      }
    }
  }
  if (jsonOut) writeFileSync(jsonOut, JSON.stringify({ repeat, frames, points, boxCount, trackCount, every, results }, null, 1));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
