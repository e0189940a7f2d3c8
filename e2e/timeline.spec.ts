import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { startCairn, type RunningCairn } from './support/cairnServer';

const ARTIFACTS = path.join(__dirname, 'artifacts');
const sample = JSON.parse(readFileSync(path.join(__dirname, '..', 'resources', 'sample', 'scene.json'), 'utf8')) as {
  frames: Array<{ timestamp: number; pointClouds: Record<string, { pointCount: number }> }>;
};
const counts = sample.frames.map((f) => Object.values(f.pointClouds)[0].pointCount);

let workspace: string;
let server: RunningCairn | null = null;

test.beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  workspace = mkdtempSync(path.join(os.tmpdir(), 'cairn-e2e-timeline-'));
  server = await startCairn(workspace);
});

test.afterAll(async () => {
  await server?.stop();
  rmSync(workspace, { recursive: true, force: true });
});

test('the timeline plays at the recorded rate, scrubs, and merges sweeps through the ego poses', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(server!.url);
  await expect(page.getByTestId('app')).toHaveAttribute('data-status', 'ready');
  const timeline = page.getByTestId('timeline');
  await expect(timeline).toHaveAttribute('data-frame-index', '0');
  await expect(timeline).toHaveAttribute('data-frame-latency-of', '0');

  // Play runs to the last frame on its own and stops there; the whole 0.3 s takes well under 10 s.
  const last = sample.frames.length - 1;
  await page.getByTestId('timeline-play').click();
  await expect(timeline).toHaveAttribute('data-frame-index', String(last), { timeout: 10_000 });
  await expect(page.getByTestId('timeline-play')).toHaveText('▶');
  await expect(page.getByTestId('timeline-time')).toContainText(`${(sample.frames[last].timestamp - sample.frames[0].timestamp).toFixed(2)} s`);

  // Space plays from the start again after the end.
  await page.getByTestId('viewport').hover();
  await page.keyboard.press('Home');
  await expect(timeline).toHaveAttribute('data-frame-index', '0');

  // Scrub to the third frame.
  await page.getByTestId('timeline-scrub').fill('2');
  await expect(timeline).toHaveAttribute('data-frame-index', '2');
  await expect(page.getByTestId('frame-label')).toHaveText(`Frame 3 / ${sample.frames.length}`);

  // Neighbours were prefetched (the window, 2 behind and 4 ahead, covers the whole sample):
  // stepping forward is served from memory.
  await expect(timeline).toHaveAttribute('data-cached-frames', String(sample.frames.length));
  await page.keyboard.press('.');
  await expect(timeline).toHaveAttribute('data-frame-index', '3');
  await expect(timeline).toHaveAttribute('data-frame-latency-of', '3');
  await expect(timeline).toHaveAttribute('data-frame-from-cache', 'true');

  // Merging 3 frames accumulates the sweeps of frames 1–3 into frame 3's LiDAR frame.
  const before = await page.getByTestId('viewport').screenshot();
  await page.getByTestId('merge-frames').selectOption('3');
  await expect(page.getByTestId('merged-count')).toContainText(`${(counts[1] + counts[2] + counts[3]).toLocaleString('en-US')} points from 3 frames`);
  await page.waitForTimeout(500);
  const after = await page.getByTestId('viewport').screenshot({ path: path.join(ARTIFACTS, 'timeline-merged.png') });
  expect(after.equals(before), 'the merged cloud draws differently').toBe(false);
  await page.getByTestId('merge-frames').selectOption('1');
  await expect(page.getByTestId('merged-count')).toHaveCount(0);
  expect(errors).toEqual([]);
});
