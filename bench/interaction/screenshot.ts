/**
 * A picture of a bench workspace as the app draws it, to check by eye what the interaction bench
 * times: every box in its class colour, the selected one highlighted with its gizmo, interpolated
 * boxes dashed and tagged. Top view over the work frame, the dragged box selected; a second
 * picture (`-3d.png`) holds the 3D view alone.
 *
 *   npx tsx bench/interaction/screenshot.ts --out /tmp/boxes.png [--scenario boxes|tracks|reference]
 *     [--boxes 1000] [--tracks 200] [--every 10] [--frames 20] [--points 3000] [--app <built app copy>]
 */
import { existsSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS, findChromium } from '../../e2e/support/browser';
import { startCairn } from '../../e2e/support/cairnServer';
import { makeSequence } from '../timeline/makeSequence';
import { arg, numArg } from '../stream/common';
import { makeWorkspace, type Scenario } from './makeWorkspace';

const scenario = (arg('scenario', 'boxes') as string) as Scenario;
const frames = numArg('frames', 20);
const points = numArg('points', 3000);
const out = arg('out', `/tmp/cairn-bench/${scenario}.png`) as string;
const seqDir = arg('dir', `/tmp/cairn-bench/interaction-${frames}-${points}`) as string;
const uuid = (n: number) => `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;

async function main() {
  if (!existsSync(path.join(seqDir, 'scene.json'))) makeSequence({ dir: seqDir, frames, points, imageWidth: 320, imageHeight: 180 });
  const wsDir = mkdtempSync(path.join(os.tmpdir(), `cairn-shot-${scenario}-`));
  const frameIds = Array.from({ length: frames }, (_, i) => uuid(1000 + i));
  makeWorkspace({ dir: wsDir, sceneId: uuid(1), frameIds, scenario, count: scenario === 'tracks' ? numArg('tracks', 200) : numArg('boxes', 1000), every: numArg('every', 10) });
  const cairn = await startCairn(wsDir, { app: arg('app'), open: seqDir, startupMs: 60_000 });
  const browser = await chromium.launch({ executablePath: findChromium(), args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 }, deviceScaleFactor: 2 });
    await page.goto(cairn.url);
    await page.waitForSelector('[data-testid=app][data-status=ready]', { timeout: 60_000 });
    await page.waitForFunction(() => Number(document.querySelector('[data-testid=object-count]')?.textContent) > 0, undefined, { timeout: 60_000 });
    const viewport = page.getByTestId('viewport');
    await viewport.hover({ position: { x: 5, y: 5 } });
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    // The tracks scenario edits frame 5, where every box is interpolated.
    const target = scenario === 'tracks' ? 5 : 0;
    for (let i = 0; i < target; i++) {
      await page.keyboard.press('.');
      await page.waitForFunction((want) => document.querySelector('[data-testid=timeline]')?.getAttribute('data-frame-latency-of') === String(want), i + 1);
    }
    await page.keyboard.press('t');
    await page.waitForTimeout(500);
    // The box the bench drags sits at (10, 0), under the top view's centre on the boxes' frame 0;
    // on the tracks' frame 5 it has moved a little, so the list's first row is selected there.
    if (scenario === 'tracks') await page.getByTestId('object-row').first().click();
    else {
      const box = (await viewport.boundingBox())!;
      await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    }
    await page.getByTestId('inspector-cx').waitFor();
    await page.waitForTimeout(1000);
    await page.screenshot({ path: out });
    // The 3D view alone, at twice the pixels, to make out dashes and thin edges.
    await viewport.screenshot({ path: out.replace(/\.png$/, '-3d.png') });
    console.log(out);
  } finally {
    await browser.close();
    await cairn.stop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
