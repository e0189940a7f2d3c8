import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { EGO_LANE_Y, ROAD } from '../scripts/sample/street';
import { cameraModelFromIntrinsics } from '../src/core/camera/manifestCamera';
import { frameCameraCaptures } from '../src/core/scene/captureCalibration';
import { parseSceneManifest } from '../src/core/scene/manifest';
import { selectThroughCamera } from '../src/core/segmentation/cameraLasso';
import { labelWord } from '../src/core/segmentation/labelWord';
import { openApp, waitSaved } from './support/app';
import { startCairn, type RunningCairn } from './support/cairnServer';
import { topViewPixel, topViewProjection, type Point3 } from './support/sampleScene';
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

/** The cylinder brush's radius for the instance stroke, metres: wide enough that the pick's stray (below) leaves a core it must take. */
const BRUSH_RADIUS = 2;
/** The facade of the first building on the right in the sample's first frame: a wall at y ≈ −9.1 (sensor frame) from x ≈ 3.5 to 13.5, seen up to 2.3 m above the road. */
const FACADE_Y = -9.1;
/** The pavement at the wall's foot, 15 cm over the road. */
const PAVEMENT_Z = ROAD_Z + 0.15;
/** The pick takes a point projecting within this many pixels of the cursor (picking.ts); a half more for the cursor's rounding. */
const PICK_PX = 6.5;

/** Horizontal distance from (x, y) to the segment from a to b. */
function distanceToSegment(x: number, y: number, a: Point3, b: Point3): number {
  const [dx, dy] = [b[0] - a[0], b[1] - a[1]];
  const t = Math.max(0, Math.min(1, ((x - a[0]) * dx + (y - a[1]) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(x - a[0] - t * dx, y - a[1] - t * dy);
}

test('a cylinder brush stroke along a building’s foot labels its facade as a new instance, whole columns a sphere could not reach, kept by undo, redo and in the .label file, which imports back', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await openApp(page, server.url, errors);
  await page.getByTestId('view-top').click();
  await showTab(page, 'Segmentation');
  await page.getByTestId('segment-mode-brush').click();
  await page.getByTestId('segment-brush-shape').selectOption('cylinder');
  await page.getByTestId('segment-brush-radius').fill(String(BRUSH_RADIUS));
  await page.getByTestId('segment-class').selectOption('building');
  await page.getByTestId('segment-instance-new').click();
  // The first test labelled road with no instance: the frame's first instance is 1.
  await expect(page.getByTestId('segment-instance')).toHaveValue('1');
  await page.waitForTimeout(300); // the top view's camera move

  // Along the pavement a metre out from the wall: further than the pick reaches, so the brush is
  // centred on the ground while the wall stands within its radius.
  const [from, to]: Point3[] = [[4, FACADE_Y + 1, PAVEMENT_Z], [6.5, FACADE_Y + 1, PAVEMENT_Z]];
  const [a, b] = await Promise.all([from, to].map((p) => topViewPixel(page, p)));
  await page.mouse.move(a.x, a.y);
  await page.mouse.down();
  await page.mouse.move(b.x, b.y, { steps: 10 });
  await page.mouse.up();
  await expect(page.getByTestId('notice')).toContainText(/Labelled [0-9,]+ points .* #1/);
  const buildingPoints = page.getByTestId('segment-count-building-points');
  await expect(buildingPoints).toBeVisible();
  const labelled = Number((await buildingPoints.textContent())!.replace(/,/g, ''));
  await expect(page.getByTestId('segment-instance-1-points')).toHaveText(labelled.toLocaleString('en-US'));

  // The .label file carries the instance in each word's high 16 bits.
  const download = page.waitForEvent('download');
  await page.getByTestId('segment-export').click();
  const words = new Uint32Array(readFileSync(await (await download).path()).buffer.slice(0));
  const sweep = firstSweep();
  const count = sweep.length / 4;
  expect(words.length).toBe(count);
  const building = labelWord(50, 1);
  const inInstance = new Set<number>();
  for (let i = 0; i < count; i++) if (words[i] === building) inInstance.add(i);
  expect(inInstance.size).toBe(labelled);
  const at = (i: number): Point3 => [sweep[4 * i], sweep[4 * i + 1], sweep[4 * i + 2]];

  // Where the brush could have been centred: each cursor position takes the point nearest the camera
  // among those projecting within 6 px of it, so every centre is one of the points projecting near
  // the line drawn on screen. All of them lie on the ground: none on the wall.
  const view = (await page.getByTestId('viewport').boundingBox())!;
  const project = topViewProjection(view);
  const screen = Array.from({ length: count }, (_, i) => project(at(i)));
  const screenDistance = (p: { x: number; y: number }) => distanceToSegment(p.x, p.y, [a.x, a.y, 0], [b.x, b.y, 0]);
  const centres = screen.flatMap((p, i) => (screenDistance(p) <= PICK_PX ? [at(i)] : []));
  expect(centres.length).toBeGreaterThan(50);
  expect(Math.max(...centres.map((c) => c[2]))).toBeLessThan(PAVEMENT_Z + 0.1);
  // And no cursor position along the line lacked a point to pick (else it would take the ground under the ray instead).
  const steps = Math.ceil(Math.hypot(b.x - a.x, b.y - a.y) / 0.25);
  for (let k = 0; k <= steps; k++) {
    const s = { x: a.x + ((b.x - a.x) * k) / steps, y: a.y + ((b.y - a.y) * k) / steps };
    expect(screen.some((p) => Math.hypot(p.x - s.x, p.y - s.y) <= PICK_PX - 1), `a point to pick within 5.5 px of (${s.x.toFixed(1)}, ${s.y.toFixed(1)})`).toBe(true);
  }

  // A cylinder along the stroke: every point within it horizontally, whatever its height, and none
  // beyond. The brush is centred on the point the cursor picks, so the centres stray from the line
  // drawn by up to the pick's reach on the ground.
  const stray = (6 * 2 * (70 - ROAD_Z) * Math.tan((55 * Math.PI) / 360)) / view.height + 0.05;
  const distance = (i: number) => distanceToSegment(sweep[4 * i], sweep[4 * i + 1], from, to);
  for (const i of inInstance) expect(distance(i)).toBeLessThanOrEqual(BRUSH_RADIUS + stray);
  const core: number[] = [];
  for (let i = 0; i < count; i++) if (distance(i) <= BRUSH_RADIUS - stray) core.push(i);
  expect(core.length).toBeGreaterThan(50);

  // Not a sphere: the wall's points high above the pavement lie within the cylinder's core but
  // further than the radius from every point the brush could have been centred on. A sphere
  // brush of the same radius, whichever of those centres it had, leaves every one of them out.
  const beyondSpheres = core.filter((i) => {
    const p = at(i);
    return centres.every((c) => Math.hypot(p[0] - c[0], p[1] - c[1], p[2] - c[2]) > BRUSH_RADIUS);
  });
  expect(beyondSpheres.length, 'points of the cylinder no sphere along the stroke could take').toBeGreaterThan(50);
  expect(Math.min(...beyondSpheres.map((i) => sweep[4 * i + 2]))).toBeGreaterThan(PAVEMENT_Z + 1);
  for (const i of beyondSpheres) expect(words[i], `point ${i}, ${(sweep[4 * i + 2] - PAVEMENT_Z).toFixed(2)} m above the pavement`).toBe(building);
  // And the rest of the cylinder's core, low and high alike.
  for (const i of core) expect(words[i], `point ${i}, ${distance(i).toFixed(2)} m from the stroke`).toBe(building);
  // Whole columns: the wall from its foot to the top the scan saw.
  const wall = [...inInstance].filter((i) => sweep[4 * i + 1] < FACADE_Y + 0.3);
  expect(Math.min(...wall.map((i) => sweep[4 * i + 2]))).toBeLessThan(PAVEMENT_Z + 0.3);
  expect(Math.max(...wall.map((i) => sweep[4 * i + 2]))).toBeGreaterThan(PAVEMENT_Z + 1.5);

  await page.getByTestId('segment-colour-instance').check();
  const centre = await topViewPixel(page, [(from[0] + to[0]) / 2, FACADE_Y + 0.5, PAVEMENT_Z]);
  await page.screenshot({ path: path.join(ARTIFACTS, 'segmentation-02-instance.png'), clip: { x: centre.x - 80, y: centre.y - 80, width: 160, height: 160 } });
  await page.getByTestId('segmentation-panel').screenshot({ path: path.join(ARTIFACTS, 'segmentation-03-instance-panel.png') });

  await page.getByTestId('undo').click();
  await expect(page.getByTestId('segment-instance-1')).toHaveCount(0);
  await page.getByTestId('redo').click();
  await expect(page.getByTestId('segment-instance-1-points')).toHaveText(labelled.toLocaleString('en-US'));

  // The exported file read back in: with the stroke undone, importing it brings the same labels
  // back as one step (the host keeps the record), and undo takes them away again.
  await page.getByTestId('undo').click();
  await expect(page.getByTestId('segment-instance-1')).toHaveCount(0);
  await page.getByTestId('segment-import-file').setInputFiles({ name: 'frame.label', mimeType: 'application/octet-stream', buffer: Buffer.from(words.buffer) });
  await expect(page.getByTestId('segment-instance-1-points')).toHaveText(labelled.toLocaleString('en-US'));
  await expect(page.getByTestId('save-status')).toHaveAttribute('data-pending', '0');
  await expect(page.getByTestId('save-status')).not.toHaveClass(/error/);
  await page.getByTestId('undo').click();
  await expect(page.getByTestId('segment-instance-1')).toHaveCount(0);
  expect(errors).toEqual([]);
});

test('a lasso and a polygon on a camera image label the points that camera shows inside them, as many as core selects for those outlines', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await openApp(page, server.url, errors);
  await showTab(page, 'Segmentation');
  await page.getByTestId('segment-mode-lasso').click();
  await page.getByTestId('segment-class').selectOption('vegetation');
  await page.getByTestId('segment-instance').selectOption('0');
  const overlay = page.getByTestId('camera-overlay-cam_front');
  await expect(page.getByTestId('camera-cam_front')).toHaveAttribute('data-image', 'shown');
  const rect = await overlay.evaluate((c: HTMLCanvasElement) => {
    const r = c.getBoundingClientRect();
    return { left: r.left, top: r.top, width: r.width, height: r.height, imageWidth: c.width, imageHeight: c.height };
  });
  // A quadrilateral over the middle of the image, at whole page pixels (what the mouse events carry).
  const corners = [[0.25, 0.35], [0.7, 0.3], [0.75, 0.8], [0.3, 0.75]].map(([fx, fy]) => ({ x: Math.round(rect.left + fx * rect.width), y: Math.round(rect.top + fy * rect.height) }));
  const outline = [...corners, corners[0]];
  await page.mouse.move(outline[0].x, outline[0].y);
  await page.mouse.down();
  for (const p of outline.slice(1)) await page.mouse.move(p.x, p.y);
  await page.mouse.up();
  await expect(page.getByTestId('notice')).toContainText('Labelled');

  // The same polygon in image pixels, as the panel turns page pixels into them, through cam_front.
  const polygon = outline.flatMap((p) => [((p.x - rect.left) / rect.width) * rect.imageWidth, ((p.y - rect.top) / rect.height) * rect.imageHeight]);
  const sample = path.join(__dirname, '..', 'resources', 'sample', 'scene.json');
  const manifest = parseSceneManifest(JSON.parse(readFileSync(sample, 'utf8')), sample);
  const lidarId = manifest.sensors.find((s) => s.kind === 'lidar')!.sensorId;
  const capture = frameCameraCaptures(manifest, manifest.frames[0], lidarId).find((c) => c.sensorId === 'cam_front')!;
  const expected = selectThroughCamera(firstSweep(), 4, { cameraFromPoints: capture.cameraFromLidar, model: cameraModelFromIntrinsics(capture.intrinsics), polygon });
  expect(expected.length).toBeGreaterThan(1000);
  await expect(page.getByTestId('segment-count-vegetation-points')).toHaveText(expected.length.toLocaleString('en-US'));
  await page.getByTestId('camera-cam_front').screenshot({ path: path.join(ARTIFACTS, 'segmentation-04-camera-lasso.png') });
  await page.getByTestId('segmentation-panel').screenshot({ path: path.join(ARTIFACTS, 'segmentation-05-camera-lasso-panel.png') });

  // One undo step.
  await page.getByTestId('undo').click();
  await expect(page.getByTestId('segment-count-vegetation')).toHaveCount(0);

  // A polygon clicked on the image, closed by a click on its first corner: a triangle.
  await page.getByTestId('segment-mode-polygon').click();
  const triangle = [[0.2, 0.3], [0.8, 0.4], [0.45, 0.85]].map(([fx, fy]) => ({ x: Math.round(rect.left + fx * rect.width), y: Math.round(rect.top + fy * rect.height) }));
  for (const p of [...triangle, triangle[0]]) await page.mouse.click(p.x, p.y);
  await expect(page.getByTestId('notice')).toContainText('Labelled');
  const triangleInImage = triangle.flatMap((p) => [((p.x - rect.left) / rect.width) * rect.imageWidth, ((p.y - rect.top) / rect.height) * rect.imageHeight]);
  const inTriangle = selectThroughCamera(firstSweep(), 4, { cameraFromPoints: capture.cameraFromLidar, model: cameraModelFromIntrinsics(capture.intrinsics), polygon: triangleInImage });
  expect(inTriangle.length).toBeGreaterThan(1000);
  await expect(page.getByTestId('segment-count-vegetation-points')).toHaveText(inTriangle.length.toLocaleString('en-US'));
  expect(errors).toEqual([]);
});
