import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { writeLas } from '../src/core/formats/testing/writeLas';
import { startCairn, type RunningCairn } from './support/cairnServer';
import { litFraction, paintedFraction } from './support/pixels';

const ARTIFACTS = path.join(__dirname, 'artifacts');
let dir: string;
let server: RunningCairn;
let scan: string;

/** A georeferenced tile: rolling ground, a few buildings and trees, coordinates around 4.2e6 m. */
function tile(): string {
  const points = [];
  for (let gx = 0; gx < 600; gx++) {
    for (let gy = 0; gy < 500; gy++) {
      const x = gx * 0.25;
      const y = gy * 0.25;
      const building = (Math.floor(x / 30) + Math.floor(y / 30)) % 3 === 0 && x % 30 > 8 && y % 30 > 8;
      const z = building ? 112 + (x % 30) * 0.1 : 100 + Math.sin(x / 9) * 1.5 + Math.cos(y / 11);
      points.push({ x: 500_000 + x, y: 4_200_000 + y, z, intensity: building ? 40_000 : 9000 + ((gx * 31 + gy * 17) % 9000), classification: building ? 6 : 2 });
    }
  }
  const file = path.join(dir, 'tile.las');
  writeFileSync(file, writeLas({ version: '1.2', pdrf: 1, points, scale: [0.01, 0.01, 0.01], offset: [500_000, 4_200_000, 0] }));
  return file;
}

test.beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'cairn-e2e-cloud-'));
  scan = tile();
  server = await startCairn(path.join(dir, 'workspace'));
});

test.afterAll(async () => {
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function openLocation(page: import('@playwright/test').Page, location: string) {
  await page.getByTestId('open-cloud').click();
  await page.getByTestId('open-location').fill(location);
  await page.getByTestId('open-submit').click();
}

test('open a LAS from the UI: it is built in the background with progress, then streams', async ({ page }) => {
  await page.goto(server.url);
  await expect(page.getByTestId('app')).toHaveAttribute('data-status', 'ready');
  await openLocation(page, scan);
  // The build is quick for 300k points; the notice (or the job line) shows it started.
  await expect(page.getByTestId('cloud-viewport')).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('cloud-name')).toHaveText('tile.las');
  await expect.poll(async () => Number(await page.getByTestId('cloud-stats').getAttribute('data-visible')), { timeout: 30_000 }).toBeGreaterThan(100_000);
  await expect.poll(async () => Number(await page.getByTestId('cloud-stats').getAttribute('data-drawn')), { timeout: 30_000 }).toBeGreaterThan(100_000);
  await page.waitForTimeout(500);
  const shot = await page.getByTestId('cloud-viewport').screenshot({ path: path.join(ARTIFACTS, '20-cloud-elevation.png') });
  const painted = paintedFraction(shot, [0x0d, 0x10, 0x17]);
  expect(painted.fraction).toBeGreaterThan(0.05);
  expect(painted.colours, 'an elevation ramp, not one flat colour').toBeGreaterThan(15);

  await page.getByTestId('cloud-color').selectOption('classification');
  await page.waitForTimeout(500);
  const classes = await page.getByTestId('cloud-viewport').screenshot({ path: path.join(ARTIFACTS, '21-cloud-classification.png') });
  expect(classes.equals(shot)).toBe(false);

  // Eye-dome lighting is on by default; turning it off changes the shading.
  await page.getByTestId('edl').uncheck();
  await page.waitForTimeout(500);
  const flat = await page.getByTestId('cloud-viewport').screenshot({ path: path.join(ARTIFACTS, '23-cloud-no-edl.png') });
  expect(flat.equals(classes)).toBe(false);

  // A smaller budget shows fewer points.
  await page.getByTestId('point-budget').selectOption('500000');
  await page.getByTestId('back-to-scene').click();
  await expect(page.getByTestId('viewport')).toBeVisible();
});

test('open an octree folder written by cairn convert: it streams at once', async ({ page }) => {
  const out = path.join(dir, 'octree');
  execFileSync(process.execPath, [path.join(__dirname, '..', 'bin', 'cairn.js'), 'convert', scan, '-o', out, '--sampling', 'random'], { stdio: 'pipe' });
  await page.goto(server.url);
  await expect(page.getByTestId('app')).toHaveAttribute('data-status', 'ready');
  await openLocation(page, out);
  await expect(page.getByTestId('cloud-viewport')).toBeVisible();
  await expect.poll(async () => Number(await page.getByTestId('cloud-stats').getAttribute('data-visible')), { timeout: 30_000 }).toBeGreaterThan(10_000);
  await page.screenshot({ path: path.join(ARTIFACTS, '22-octree-folder.png') });
});

test('an octree written with --encoding brotli streams through potree-core’s BROTLI decoder', async ({ page }) => {
  const out = path.join(dir, 'octree-brotli');
  execFileSync(process.execPath, [path.join(__dirname, '..', 'bin', 'cairn.js'), 'convert', scan, '-o', out, '--encoding', 'brotli'], { stdio: 'pipe' });
  expect(JSON.parse(readFileSync(path.join(out, 'metadata.json'), 'utf8')).encoding).toBe('BROTLI');
  await page.goto(server.url);
  await expect(page.getByTestId('app')).toHaveAttribute('data-status', 'ready');
  await openLocation(page, out);
  await expect.poll(async () => Number(await page.getByTestId('cloud-stats').getAttribute('data-drawn')), { timeout: 30_000 }).toBeGreaterThan(10_000);
  // Decoded positions land where the points are: the tile covers a good part of the framed view.
  await page.getByTestId('cloud-color').selectOption('classification');
  await page.waitForTimeout(500);
  const painted = paintedFraction(await page.getByTestId('cloud-viewport').screenshot({ path: path.join(ARTIFACTS, '24-octree-brotli.png') }), [0x0d, 0x10, 0x17]);
  expect(painted.fraction).toBeGreaterThan(0.05);
  expect(painted.colours, 'ground and building classes, decoded from their columns').toBeGreaterThan(2);
});

test('cairn serve --open <octree folder>: the app comes up streaming that cloud', async ({ page }) => {
  const out = path.join(dir, 'octree-at-start');
  execFileSync(process.execPath, [path.join(__dirname, '..', 'bin', 'cairn.js'), 'convert', scan, '-o', out], { stdio: 'pipe' });
  const started = await startCairn(path.join(dir, 'workspace-at-start'), { open: out });
  try {
    await page.goto(started.url);
    await expect(page.getByTestId('cloud-viewport')).toBeVisible({ timeout: 30_000 });
    await expect.poll(async () => Number(await page.getByTestId('cloud-stats').getAttribute('data-drawn')), { timeout: 30_000 }).toBeGreaterThan(10_000);
    // The hierarchy potree-core has read is reported (counted once a second, kept near the view by pruning).
    await expect.poll(async () => Number(await page.getByTestId('cloud-stats').getAttribute('data-hierarchy-nodes')), { timeout: 10_000 }).toBeGreaterThan(1);
  } finally {
    await started.stop();
  }
  const bad = await startCairn(path.join(dir, 'workspace-bad-start'), { open: path.join(dir, 'nowhere.laz') }).then(
    (s) => s.stop().then(() => 'started'),
    (e: Error) => e.message,
  );
  expect(bad).toContain('nowhere.laz');
});

test('a bad location gets a clear message and the app stays up', async ({ page }) => {
  await page.goto(server.url);
  await expect(page.getByTestId('app')).toHaveAttribute('data-status', 'ready');
  await openLocation(page, path.join(dir, 'missing.laz'));
  await expect(page.getByTestId('open-error')).toContainText('missing.laz: no such file or folder');
  await page.getByTestId('open-location').press('Escape');
  await expect(page.getByTestId('open-dialog')).toBeHidden();
  const broken = path.join(dir, 'broken.las');
  writeFileSync(broken, 'LASF but not really');
  await openLocation(page, broken);
  // It starts as a build (the host cannot know before reading); the build fails naming the file.
  await expect(page.getByTestId('notice')).toContainText('broken.las', { timeout: 30_000 });
  await expect(page.getByTestId('notice')).not.toContainText('Building', { timeout: 30_000 });
  await expect(page.getByTestId('app')).toHaveAttribute('data-status', 'ready');
});

test('a small coloured cloud opens in its own colours, without eye-dome lighting that would blacken it', async ({ page }) => {
  // A sparse scan with colour, as the small shared PCDs are: 2,000 points on a few coloured strokes.
  const points = Array.from({ length: 2000 }, (_, i) => {
    const stroke = i % 4;
    const t = Math.floor(i / 4) / 500;
    return { x: stroke * 3 + t * 2, y: t * 6 - 3, z: stroke * 0.5, intensity: 0, classification: 1, rgb: [[60000, 20000, 20000], [20000, 60000, 20000], [20000, 20000, 60000], [60000, 60000, 60000]][stroke] as [number, number, number] };
  });
  const file = path.join(dir, 'strokes.las');
  writeFileSync(file, writeLas({ version: '1.2', pdrf: 2, points, scale: [0.001, 0.001, 0.001], offset: [0, 0, 0] }));
  await page.goto(server.url);
  await expect(page.getByTestId('app')).toHaveAttribute('data-status', 'ready');
  await openLocation(page, file);
  await expect(page.getByTestId('cloud-viewport')).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('cloud-color')).toHaveValue('rgb');
  await expect(page.getByTestId('edl')).not.toBeChecked();
  await expect.poll(async () => Number(await page.getByTestId('cloud-stats').getAttribute('data-drawn')), { timeout: 30_000 }).toBe(2000);
  const shot = await page.getByTestId('cloud-viewport').screenshot({ path: path.join(ARTIFACTS, '26-cloud-small-rgb.png') });
  // With eye-dome lighting such a cloud was drawn near-black: lit pixels are the check.
  expect(litFraction(shot)).toBeGreaterThan(0.0005);
});
