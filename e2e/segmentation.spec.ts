import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { EGO_LANE_Y, ROAD } from '../scripts/sample/street';
import { openApp, waitSaved } from './support/app';
import { startCairn, type RunningCairn } from './support/cairnServer';
import { topViewPixel, type Point3 } from './support/sampleScene';
import { showTab } from './support/workspaces';

const ARTIFACTS = path.join(__dirname, 'artifacts');
/** The road's surface in the sensor frame: the sensor rides 1.8 m above it (resources/sample/README.md). */
const ROAD_Z = -1.8;
/** A stretch of the ego's lane ahead, clear of every object in the sample's first frame (the cyclist ends at y = −1.15, the car ahead starts at x = 18.7). */
const LASSO = { x0: 5, x1: 13, y0: -1, y1: 1.2 };

let server: RunningCairn;
let workspace: string;

test.beforeAll(async () => {
  workspace = mkdtempSync(path.join(os.tmpdir(), 'cairn-e2e-segment-'));
  server = await startCairn(workspace);
});

test.afterAll(async () => {
  await server.stop();
  rmSync(workspace, { recursive: true, force: true });
});

/** The first frame's points, x, y, z, intensity, in the sensor frame. */
function firstSweep(): Float32Array {
  const bytes = readFileSync(path.join(__dirname, '..', 'resources', 'sample', 'lidar', '000000.bin'));
  return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
}

/**
 * The generator's own classes for the points inside the rectangle grown by `grow` metres: road
 * is what it casts on the ground plane within the road's half-width of the street's centre line
 * (the sensor drives in the ego lane, EGO_LANE_Y from it), anything else is not road.
 */
function classesInside(points: Float32Array, grow: number): { road: number; other: number } {
  let road = 0;
  let other = 0;
  for (let o = 0; o < points.length; o += 4) {
    const [x, y, z] = [points[o], points[o + 1], points[o + 2]];
    if (x < LASSO.x0 - grow || x > LASSO.x1 + grow || y < LASSO.y0 - grow || y > LASSO.y1 + grow) continue;
    const onRoad = Math.abs(z - ROAD_Z) < 0.1 && Math.abs(y + EGO_LANE_Y) <= ROAD.halfWidth;
    if (onRoad) road++;
    else other++;
  }
  return { road, other };
}

async function roadCount(page: Page): Promise<number | null> {
  const cell = page.getByTestId('segment-count-road-points');
  if ((await cell.count()) === 0) return null;
  return Number((await cell.textContent())!.replace(/,/g, ''));
}

test('the road lassoed in the top view is labelled road, one undo step, and still there after a reload', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await openApp(page, server.url, errors);
  await page.getByTestId('view-top').click();
  await showTab(page, 'Segmentation');
  await page.getByTestId('segment-mode-lasso').click();
  await page.getByTestId('segment-class').selectOption('road');
  await page.waitForTimeout(300); // the top view's camera move

  const corners: Point3[] = [
    [LASSO.x0, LASSO.y0, ROAD_Z],
    [LASSO.x1, LASSO.y0, ROAD_Z],
    [LASSO.x1, LASSO.y1, ROAD_Z],
    [LASSO.x0, LASSO.y1, ROAD_Z],
  ];
  const pixels = await Promise.all(corners.map((c) => topViewPixel(page, c)));
  await page.mouse.move(pixels[0].x, pixels[0].y);
  await page.mouse.down();
  for (const p of [...pixels.slice(1), pixels[0]]) await page.mouse.move(p.x, p.y, { steps: 12 });
  await page.mouse.up();
  await expect(page.getByTestId('notice')).toContainText('Labelled');

  // The pixel grid puts the lasso's edges up to a pixel off the rectangle: the count must lie
  // between the points of the rectangle shrunk and grown by a pixel's width on the ground.
  const view = (await page.getByTestId('viewport').boundingBox())!;
  const metresPerPixel = (2 * (70 - ROAD_Z) * Math.tan((55 * Math.PI) / 360)) / view.height;
  const sweep = firstSweep();
  const exact = classesInside(sweep, 0);
  const inner = classesInside(sweep, -metresPerPixel);
  const outer = classesInside(sweep, metresPerPixel);
  expect(exact.other, 'the lassoed stretch holds nothing but road').toBe(0);
  expect(exact.road).toBeGreaterThan(2000);
  const labelled = (await roadCount(page))!;
  expect(labelled).toBeGreaterThanOrEqual(inner.road);
  expect(labelled).toBeLessThanOrEqual(outer.road + outer.other);
  await page.getByTestId('panel-view3d').screenshot({ path: path.join(ARTIFACTS, 'segmentation-01-road.png') });

  // Undo takes the whole lasso back (one patch), redo puts it back.
  await page.getByTestId('undo').click();
  await expect(page.getByTestId('segment-count-road')).toHaveCount(0);
  await page.getByTestId('redo').click();
  await expect(page.getByTestId('segment-count-road-points')).toHaveText(labelled.toLocaleString('en-US'));
  await waitSaved(page);

  await page.reload();
  await openApp(page, server.url, errors);
  await showTab(page, 'Segmentation');
  await expect(page.getByTestId('segment-count-road-points')).toHaveText(labelled.toLocaleString('en-US'));
  expect(errors).toEqual([]);
});
