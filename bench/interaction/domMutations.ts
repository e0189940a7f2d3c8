/**
 * What each interaction of the interaction bench changes in the page's DOM, counted by a
 * MutationObserver: elements added and removed, attributes and text written, each named by the
 * nearest element with a data-testid. Form controls added, removed or renamed are what send
 * Chrome's autofill over the whole form; elements made anew are what rebuild style and layout.
 * With --canvas it also counts the drawing calls made on each canvas (2D and WebGL), named the
 * same way, to find a canvas drawn again when nothing on it changed. It drives the same
 * interactions as interaction.bench.ts, on the same workspaces, and times nothing.
 *
 *   npx tsx bench/interaction/domMutations.ts [--scenarios reference,boxes,tracks] [--repeat 2]
 *     [--frames 20] [--points 3000] [--boxes 1000] [--tracks 200] [--every 10] [--top 30]
 *     [--canvas] [--app /tmp/cairn-bench/app-XXXX] [--json out.json]
 */
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS, findChromium } from '../../e2e/support/browser';
import { startCairn } from '../../e2e/support/cairnServer';
import { makeSequence } from '../timeline/makeSequence';
import { arg, flag, numArg } from '../stream/common';
import { makeWorkspace, type Scenario } from './makeWorkspace';
import { interactions, type Probe } from './interactions';
import { SETTLE } from './settle';

const repeat = numArg('repeat', 2);
const frames = numArg('frames', 20);
const points = numArg('points', 3000);
const top = numArg('top', 30);
const scenarios = (arg('scenarios', 'reference,boxes,tracks') as string).split(',') as Scenario[];
const seqDir = arg('dir', `/tmp/cairn-bench/interaction-${frames}-${points}`) as string;
const jsonOut = arg('json');
const canvas = flag('canvas');
const uuid = (n: number) => `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;

// Each record: what changed, on what, inside which data-testid ('+' marks an element holding form controls).
const OBSERVE = `window.__mutations = [];
new MutationObserver((records) => {
  const owner = (n) => (n.nodeType === 1 ? n : n.parentElement)?.closest('[data-testid]')?.getAttribute('data-testid') ?? '(no testid)';
  const name = (n) => n.nodeType !== 1 ? (n.nodeType === 3 ? 'text' : 'node')
    : n.tagName.toLowerCase() + (n.dataset.testid ? '#' + n.dataset.testid : '') + (n.matches('input,select,textarea,button') || n.querySelector('input,select,textarea,button') ? '+' : '');
  for (const r of records) {
    if (r.type === 'childList') {
      for (const n of r.removedNodes) window.__mutations.push('removed ' + name(n) + ' in ' + owner(r.target));
      for (const n of r.addedNodes) window.__mutations.push('added ' + name(n) + ' in ' + owner(r.target));
    } else if (r.type === 'attributes') window.__mutations.push('attribute ' + r.attributeName + ' of ' + name(r.target) + ' in ' + owner(r.target));
    else window.__mutations.push('text in ' + owner(r.target));
  }
}).observe(document.documentElement, { subtree: true, childList: true, attributes: true, characterData: true });`;

// Each drawing call on a canvas, counted as 'draw <context> <call> on <canvas's testid>' into the
// same log, a counter per kind so a frame of 3,000 point squares is one entry, not 3,000.
const COUNT_DRAWS = `window.__draws = new Map();
const drawOwner = (c) => c.dataset?.testid ?? c.closest?.('[data-testid]')?.getAttribute('data-testid') ?? '(no testid)';
const wrap = (proto, context, calls) => {
  for (const call of calls) {
    const inner = proto[call];
    if (typeof inner !== 'function') continue;
    proto[call] = function (...args) {
      const key = 'draw ' + context + ' ' + call + ' on ' + drawOwner(this.canvas);
      window.__draws.set(key, (window.__draws.get(key) ?? 0) + 1);
      return inner.apply(this, args);
    };
  }
};
wrap(CanvasRenderingContext2D.prototype, '2d', ['clearRect', 'fillRect', 'strokeRect', 'fill', 'stroke', 'fillText', 'strokeText', 'drawImage', 'putImageData']);
wrap(WebGL2RenderingContext.prototype, 'webgl', ['clear', 'drawArrays', 'drawElements', 'drawArraysInstanced', 'drawElementsInstanced', 'bufferSubData', 'texSubImage2D']);`;

const TAKE_DRAWS = `(() => { const out = []; for (const [k, n] of window.__draws) for (let i = 0; i < n; i++) out.push(k); window.__draws.clear(); return out; })()`;

interface Counted {
  readonly interactions: number;
  /** Mutations per interaction, mean. */
  readonly perInteraction: number;
  /** Each kind of mutation and how many times it happened per interaction (mean), most first. */
  readonly kinds: Array<[string, number]>;
}

async function runScenario(scenario: Scenario): Promise<Record<string, Counted>> {
  const wsDir = mkdtempSync(path.join(os.tmpdir(), `cairn-bench-mutations-${scenario}-`));
  const frameIds = Array.from({ length: frames }, (_, i) => uuid(1000 + i));
  makeWorkspace({ dir: wsDir, sceneId: uuid(1), frameIds, scenario, count: scenario === 'boxes' ? numArg('boxes', 1000) : numArg('tracks', 200), every: numArg('every', 10) });
  const cairn = await startCairn(wsDir, { app: arg('app'), open: seqDir, startupMs: 60_000 });
  const browser = await chromium.launch({ executablePath: findChromium(), args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.addInitScript({ content: SETTLE });
    if (canvas) await page.addInitScript({ content: COUNT_DRAWS });
    await page.goto(cairn.url);
    await page.waitForSelector('[data-testid=app][data-status=ready]', { timeout: 60_000 });
    await page.waitForFunction(() => Number(document.querySelector('[data-testid=object-count]')?.textContent) > 0, undefined, { timeout: 60_000 });
    await page.evaluate(OBSERVE);
    // Every interaction's log, in order; measure() answers with its log's index in place of a
    // time, so the samples each interaction returns say which logs are its own (a drag's run
    // measures its moves and its releases, and returns the moves).
    const logs: string[][] = [];
    const probe: Probe = {
      page,
      async measure(act, frameIndex) {
        await page.evaluate(() => void ((window as unknown as { __mutations: string[] }).__mutations.length = 0));
        if (canvas) await page.evaluate(TAKE_DRAWS);
        await act();
        await page.evaluate((f) => (window as unknown as { __benchSettle(f?: number): Promise<void> }).__benchSettle(f), frameIndex);
        const draws = canvas ? ((await page.evaluate(TAKE_DRAWS)) as string[]) : [];
        logs.push([...(await page.evaluate(() => (window as unknown as { __mutations: string[] }).__mutations.slice())), ...draws]);
        return { task: logs.length - 1, script: 0 };
      },
    };
    const out: Record<string, Counted> = {};
    for (const interaction of interactions(scenario)) {
      const own = (await interaction.run(probe, repeat)).map((sample) => logs[sample.task]);
      const counts = new Map<string, number>();
      for (const log of own) for (const m of log) counts.set(m, (counts.get(m) ?? 0) + 1);
      out[interaction.name] = {
        interactions: own.length,
        perInteraction: own.reduce((n, l) => n + l.filter((m) => !m.startsWith('draw ')).length, 0) / Math.max(1, own.length),
        kinds: [...counts].sort((a, b) => b[1] - a[1]).map(([k, n]) => [k, n / own.length]),
      };
      process.stderr.write(`  ${scenario} ${interaction.name}: ${out[interaction.name].perInteraction.toFixed(1)} mutations each\n`);
    }
    return out;
  } finally {
    await browser.close();
    await cairn.stop();
  }
}

async function main() {
  if (!existsSync(path.join(seqDir, 'scene.json'))) makeSequence({ dir: seqDir, frames, points, imageWidth: 320, imageHeight: 180 });
  const all: Record<string, Record<string, Counted>> = {};
  for (const scenario of scenarios) {
    all[scenario] = await runScenario(scenario);
    for (const [name, c] of Object.entries(all[scenario])) {
      console.log(`\n${scenario} — ${name}: ${c.perInteraction.toFixed(1)} DOM mutations per interaction (${c.interactions} interactions)`);
      for (const [k, n] of c.kinds.slice(0, top)) console.log(`${n.toFixed(1).padStart(7)}  ${k}`);
    }
  }
  if (jsonOut) writeFileSync(jsonOut, JSON.stringify(all, null, 2));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
