import { existsSync, mkdtempSync, rmSync, truncateSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { PNG } from 'pngjs';
import { computeReconstructionStats } from '../src/core/importers/colmap';
import { ringModel, TILTED_WORLD } from '../src/core/importers/colmap/testing/ringModel';
import { runImport } from '../src/main/import/importCommand';
import { startCairn, type RunningCairn } from './support/cairnServer';
import { writeColmapProject } from './support/colmapProject';
import { paintedFraction } from './support/pixels';

const ARTIFACTS = path.join(__dirname, 'artifacts');
const REAL = path.resolve(__dirname, '../../shared/data/colmap/test_colmap');
const BACKGROUND: [number, number, number] = [0x0d, 0x10, 0x17];

const model = ringModel({ images: 12, points: 400, colmapFromWorld: TILTED_WORLD });
const stats = computeReconstructionStats(model);
let dir: string;
let server: RunningCairn;

async function importColmap(project: string, out: string, workspace: string): Promise<void> {
  let messages = '';
  const code = await runImport(['colmap', project, '-o', out, '--workspace', workspace], { write: (t: string) => (messages += t) });
  expect(code, messages).toBe(0);
}

test.beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'cairn-e2e-recon-'));
  writeColmapProject(path.join(dir, 'garden'), model);
  await importColmap(path.join(dir, 'garden'), path.join(dir, 'imported'), path.join(dir, 'workspace'));
  server = await startCairn(path.join(dir, 'workspace'), { open: path.join(dir, 'imported') });
});

test.afterAll(async () => {
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function openLocation(page: Page, location: string) {
  await page.getByTestId('open-cloud').click();
  await page.getByTestId('open-location').fill(location);
  await page.getByTestId('open-submit').click();
}

/**
 * Clicks drawn pixels of the 3D view, nearest the centre first, until one selects a point: the
 * test cannot know where the renderer put a point, but a painted pixel that is not a frustum is
 * one, and picking takes the point within a few pixels of the click.
 */
async function clickAPoint(page: Page): Promise<void> {
  const canvas = page.getByTestId('recon-canvas').locator('canvas');
  const box = (await canvas.boundingBox())!;
  const shot = PNG.sync.read(await canvas.screenshot());
  const sx = shot.width / box.width;
  const candidates: { x: number; y: number; d: number }[] = [];
  for (let y = 0; y < box.height; y += 2) {
    for (let x = 0; x < box.width; x += 2) {
      const i = 4 * (Math.round(y * sx) * shot.width + Math.round(x * sx));
      const [r, g, b] = [shot.data[i], shot.data[i + 1], shot.data[i + 2]];
      if (Math.abs(r - BACKGROUND[0]) + Math.abs(g - BACKGROUND[1]) + Math.abs(b - BACKGROUND[2]) < 60) continue;
      candidates.push({ x, y, d: Math.hypot(x - box.width / 2, y - box.height / 2) });
    }
  }
  candidates.sort((a, b) => a.d - b.d);
  for (const c of candidates.slice(0, 40)) {
    await page.mouse.click(box.x + c.x, box.y + c.y);
    if (await page.getByTestId('recon-point-panel').isVisible()) return;
  }
  throw new Error('no click on a drawn pixel near the centre selected a point');
}

test('review a generated COLMAP project: frustums, points, summary, images and a point’s track', async ({ page }) => {
  await page.goto(server.url);
  await expect(page.getByTestId('app')).toHaveAttribute('data-mode', 'reconstruction');
  await expect(page.getByTestId('recon-frustums')).toHaveAttribute('data-count', String(model.images.size));
  await expect(page.getByTestId('recon-points')).toHaveAttribute('data-count', String(model.points3D.size));
  expect(page.workers().map((w) => w.url()).filter((u) => u.includes('reconstructionWorker')), 'the model is parsed off the main thread').toHaveLength(1);
  await expect(page.getByTestId('recon-mean-error')).toHaveText(`${stats.summary.meanReprojectionError.toFixed(3)} px`);
  await expect(page.getByTestId('recon-point-count')).toHaveText(model.points3D.size.toLocaleString('en-US'));
  await expect(page.getByTestId('recon-track-length')).toHaveText(stats.summary.meanTrackLength.toFixed(2));
  await expect(page.getByTestId('recon-summary').locator('svg')).toHaveCount(2);
  await expect(page.getByTestId('recon-image')).toHaveAttribute('data-picture', 'loaded');
  await page.waitForTimeout(500);
  const overview = await page.getByTestId('recon-viewport').screenshot({ path: path.join(ARTIFACTS, '50-recon-overview.png') });
  const painted = paintedFraction(overview, BACKGROUND);
  expect(painted.fraction, 'points and frustums fill a good part of the view').toBeGreaterThan(0.02);
  expect(painted.colours, 'points coloured along a ramp').toBeGreaterThan(15);
  await page.screenshot({ path: path.join(ARTIFACTS, '51-recon-layout.png') });

  // The worst image first, the best after a click on the column; clicking a row selects its image and shows its picture.
  const byError = [...stats.images].sort((a, b) => a.meanError - b.meanError);
  const rows = page.getByTestId('recon-image-row');
  await expect(rows.first()).toHaveAttribute('data-image-id', String(byError[byError.length - 1].imageId));
  await page.getByTestId('recon-sort-meanError').click();
  await expect(rows.first()).toHaveAttribute('data-image-id', String(byError[0].imageId));
  const row = rows.filter({ hasText: 'view_05.png' });
  await row.click();
  await expect(row).toHaveClass(/selected/);
  const picture = page.getByTestId('recon-image');
  await expect(picture).toHaveAttribute('data-image-id', '5');
  await expect(picture).toHaveAttribute('data-picture', 'loaded');
  await expect(picture).toHaveAttribute('data-keypoints', String(model.images.get(5)!.point3DIds.length));
  await expect(page.getByTestId('recon-image-name')).toHaveText('view_05.png');
  await page.waitForTimeout(300);
  const drawn = paintedFraction(await picture.screenshot({ path: path.join(ARTIFACTS, '52-recon-image.png') }), BACKGROUND);
  expect(drawn.fraction, 'the picture fills its canvas').toBeGreaterThan(0.9);

  // A point: its panel lists every observation of its track; a click there selects that image.
  await clickAPoint(page);
  const panel = page.getByTestId('recon-point-panel');
  const pointId = Number(await panel.getAttribute('data-point-id'));
  const point = model.points3D.get(pointId)!;
  const observations = page.getByTestId('recon-observation');
  await expect(observations).toHaveCount(point.imageIds.length);
  const names = [...point.imageIds].map((id) => model.images.get(id)!.name).sort();
  expect((await observations.locator('td:first-child').allTextContents()).sort()).toEqual(names);
  await page.waitForTimeout(300);
  await page.screenshot({ path: path.join(ARTIFACTS, '53-recon-point.png') });
  const other = observations.filter({ hasNotText: 'view_05.png' }).first();
  const otherId = await other.getAttribute('data-image-id');
  await other.click();
  await expect(picture).toHaveAttribute('data-image-id', otherId!);
  await expect(page.getByTestId('recon-image-row').and(page.locator(`[data-image-id="${otherId}"]`))).toHaveClass(/selected/);

  // Colour by track length: the legend now spans track lengths.
  await page.getByTestId('recon-color').selectOption('track');
  const shortest = Math.min(...stats.points.trackLength);
  await expect(page.getByTestId('recon-legend-min')).toHaveText(String(shortest));
  await page.waitForTimeout(300);
  await page.getByTestId('recon-viewport').screenshot({ path: path.join(ARTIFACTS, '54-recon-track-length.png') });
});

test('a model in COLMAP’s text format opens the same way (.txt where the store has no .bin)', async ({ page }) => {
  const project = path.join(dir, 'text');
  writeColmapProject(project, model, { text: true });
  await importColmap(project, path.join(dir, 'text-imported'), path.join(dir, 'workspace'));
  await page.goto(server.url);
  await expect(page.getByTestId('app')).toHaveAttribute('data-mode', 'reconstruction');
  await openLocation(page, path.join(dir, 'text-imported'));
  await expect(page.getByTestId('recon-title')).toHaveText('text/sparse/0');
  await expect(page.getByTestId('recon-points')).toHaveAttribute('data-count', String(model.points3D.size));
  await expect(page.getByTestId('recon-mean-error')).toHaveText(`${stats.summary.meanReprojectionError.toFixed(3)} px`);
});

test('a model that cannot be read gets an error naming the file, and the app stays up', async ({ page }) => {
  const project = path.join(dir, 'broken');
  writeColmapProject(project, model);
  await importColmap(project, path.join(dir, 'broken-imported'), path.join(dir, 'workspace'));
  truncateSync(path.join(project, 'sparse', '0', 'points3D.bin'), 100);
  await page.goto(server.url);
  await expect(page.getByTestId('app')).toHaveAttribute('data-mode', 'reconstruction');
  await openLocation(page, path.join(dir, 'broken-imported'));
  await expect(page.getByTestId('reconstruction-error')).toContainText(path.join(project, 'sparse', '0', 'points3D.bin'));
  await expect(page.getByTestId('reconstruction-error')).toContainText('only 92 are left');
  await page.screenshot({ path: path.join(ARTIFACTS, '55-recon-error.png') });
  // Back to the good one through the scene picker.
  await page.getByTestId('scene-select').selectOption({ label: 'garden/sparse/0 (reconstruction)' });
  await expect(page.getByTestId('recon-frustums')).toHaveAttribute('data-count', String(model.images.size));
});

test.describe(() => {
  test.skip(!existsSync(REAL), 'the real COLMAP model is not in ../shared/data');

  test('the real undistorted model (bartoszek/test_colmap dense/0) with its JPEGs', async ({ page }) => {
    const out = path.join(dir, 'real');
    await importColmap(REAL, out, path.join(dir, 'workspace'));
    await page.goto(server.url);
    await expect(page.getByTestId('app')).toHaveAttribute('data-mode', 'reconstruction');
    await openLocation(page, path.join(out, 'dense_0', 'scene.json'));
    await expect(page.getByTestId('recon-title')).toHaveText('test_colmap/dense/0');
    await expect(page.getByTestId('recon-frustums')).toHaveAttribute('data-count', '23');
    await expect(page.getByTestId('recon-points')).toHaveAttribute('data-count', '1443');
    await expect(page.getByTestId('recon-mean-error')).toHaveText(/^0\.2\d\d px$/);
    await expect(page.getByTestId('recon-stored-error')).toHaveText('0.848 px');
    await expect(page.getByTestId('recon-image')).toHaveAttribute('data-picture', 'loaded', { timeout: 30_000 });
    await page.waitForTimeout(500);
    await page.screenshot({ path: path.join(ARTIFACTS, '56-recon-real-dense.png') });
    // Taken from about seven times the statue's radius: framing everything brings the cameras into view.
    await page.getByTestId('recon-frame-all').click();
    await page.waitForTimeout(300);
    const all = paintedFraction(await page.getByTestId('recon-viewport').screenshot({ path: path.join(ARTIFACTS, '58-recon-real-frame-all.png') }), BACKGROUND);
    expect(all.fraction).toBeGreaterThan(0.005);
    await page.getByTestId('recon-frame-points').click();
    await clickAPoint(page);
    await expect(page.getByTestId('recon-observation').first()).toBeVisible();
    await page.screenshot({ path: path.join(ARTIFACTS, '57-recon-real-point.png') });
  });
});
