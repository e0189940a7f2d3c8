import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import type { CuboidAnnotation } from '../src/core/annotations/cuboid/schema';
import { fractionInside, imageBoxOf, sceneFrameIgnoreRegions } from '../src/core/evaluation';
import { writeOpenLabel } from '../src/core/labels/openlabelWrite';
import { parseSceneManifest } from '../src/core/scene/manifest';
import { runImport } from '../src/main/import/importCommand';
import { predictionRecord } from '../src/main/services/inspection/testing/samplePredictions';
import { writeKittiObjectFixture } from '../src/main/testing/datasets/kittiObjectFixture';
import { changedPixels, frameLayerPixels } from './support/cameraPixels';
import { startCairn, type RunningCairn } from './support/cairnServer';
import { showTab } from './support/workspaces';

const ARTIFACTS = path.join(__dirname, 'artifacts');
const REAL_KITTI = path.resolve(__dirname, '..', '..', 'shared', 'data', 'driving', 'kitti_object_vis');

let tmp: string;
let server: RunningCairn | null = null;

test.beforeAll(() => {
  mkdirSync(ARTIFACTS, { recursive: true });
  tmp = mkdtempSync(path.join(os.tmpdir(), 'cairn-e2e-ignore-'));
});

test.afterEach(async () => {
  await server?.stop();
  server = null;
});

test.afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function importKitti(root: string, out: string, workspace: string): Promise<void> {
  let log = '';
  const status = await runImport(['kitti', root, '-o', out, '--workspace', workspace], { write: (t: string) => (log += t) });
  expect(status, log).toBe(0);
}

async function openApp(page: Page, url: string): Promise<string[]> {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(url);
  await expect(page.getByTestId('app')).toHaveAttribute('data-status', 'ready');
  await expect(page.getByTestId('point-count')).toContainText('points');
  return errors;
}

/** The camera panel's layers composed at the image's own resolution (the panel shows them scaled down), as a PNG. */
async function saveLayersAtImageSize(page: Page, sensorId: string, file: string): Promise<void> {
  const url = await page.getByTestId(`camera-${sensorId}`).evaluate((el) => {
    const layers = Array.from(el.querySelectorAll('canvas'));
    const out = document.createElement('canvas');
    out.width = layers[0].width;
    out.height = layers[0].height;
    const ctx = out.getContext('2d')!;
    for (const layer of layers) ctx.drawImage(layer, 0, 0);
    return out.toDataURL('image/png');
  });
  writeFileSync(file, Buffer.from(url.slice(url.indexOf(',') + 1), 'base64'));
}

/**
 * Pixels of a camera's frame layer that the ignore regions drew, inside and outside a rectangle
 * (image pixels): those that change when ground truth, and with it the regions, is hidden. The
 * image and the points under them stay as they were.
 */
async function ignoreLayerPixels(page: Page, sensorId: string, box: { x0: number; y0: number; x1: number; y1: number }): Promise<{ inside: number; outside: number; area: number }> {
  const regions = await page.getByTestId(`camera-ignore-${sensorId}`).getAttribute('data-regions');
  const shown = await frameLayerPixels(page, sensorId);
  await page.getByTestId('toggle-ground-truth').uncheck();
  await expect(page.getByTestId(`camera-ignore-${sensorId}`)).toHaveAttribute('data-regions', '0');
  let hidden = shown;
  // The layer is drawn again after the commit that sets the attribute.
  await expect.poll(async () => changedPixels(shown, (hidden = await frameLayerPixels(page, sensorId))).length).toBeGreaterThan(0);
  await page.getByTestId('toggle-ground-truth').check();
  await expect(page.getByTestId(`camera-ignore-${sensorId}`)).toHaveAttribute('data-regions', String(regions));
  let inside = 0;
  let outside = 0;
  for (const { x, y } of changedPixels(shown, hidden)) {
    // The outline's half-width and antialiasing spill a pixel or two past the edges.
    if (x >= box.x0 - 2 && x <= box.x1 + 2 && y >= box.y0 - 2 && y <= box.y1 + 2) inside++;
    else outside++;
  }
  return { inside, outside, area: (box.x1 - box.x0) * (box.y1 - box.y0) };
}

test('a KITTI DontCare row is drawn as an ignore region in cam2, and ground truth flagged ignore is drawn and listed as ignored', async ({ page }) => {
  const fixture = writeKittiObjectFixture(path.join(tmp, 'kitti'));
  const out = path.join(tmp, 'kitti-imported');
  await importKitti(fixture.root, out, path.join(tmp, 'ws1'));
  // One car of the DontCare frame flagged ignore, as the nuScenes importer flags a box 0–40 % visible.
  const sceneFile = path.join(out, 'training', 'scene.json');
  const scene = JSON.parse(readFileSync(sceneFile, 'utf8'));
  const [region] = scene.ignoreRegions;
  const onFrame = scene.groundTruth.filter((g: { frameId: string }) => g.frameId === region.frameId);
  const hidden = onFrame[onFrame.length - 1];
  hidden.ignore = true;
  writeFileSync(sceneFile, JSON.stringify(scene));
  const frameIndex = scene.frames.findIndex((f: { frameId: string }) => f.frameId === region.frameId);
  expect(frameIndex).toBe(1);

  server = await startCairn(path.join(tmp, 'ws1'), { open: out });
  const errors = await openApp(page, server.url);

  // Frame 1 has no DontCare row: no region, no legend, nothing on the layer.
  await expect(page.getByTestId('camera-cam2')).toHaveAttribute('data-image', 'shown');
  await expect(page.getByTestId('camera-ignore-cam2')).toHaveAttribute('data-regions', '0');
  await expect(page.getByTestId('camera-ignore-legend-cam2')).toHaveCount(0);
  await expect(page.locator('[data-testid="ground-truth-row"][data-ignored="true"]')).toHaveCount(0);

  await page.getByTestId('viewport').hover();
  await page.keyboard.press('.');
  await expect(page.getByTestId('frame-label')).toHaveText(`Frame 2 / ${fixture.samples.length}`);
  await expect(page.getByTestId('camera-cam2')).toHaveAttribute('data-image', 'shown');
  await expect(page.getByTestId('camera-ignore-cam2')).toHaveAttribute('data-regions', '1');
  const legend = page.getByTestId('camera-ignore-legend-cam2');
  await expect(legend).toHaveText('ignore region (DontCare) × 1');
  await expect(legend).toHaveAttribute('title', /^ignore region \(DontCare\): /);
  const pixels = await ignoreLayerPixels(page, 'cam2', region.box);
  expect(pixels.inside, 'the region is filled and hatched where the DontCare box is').toBeGreaterThan(0.9 * pixels.area);
  expect(pixels.outside, 'and nowhere else').toBe(0);

  // The flagged car: listed, tagged and titled as ignored; the other ground truth is not.
  await expect(page.getByTestId('ground-truth-count')).toHaveText(String(onFrame.length));
  const row = page.locator(`[data-testid="ground-truth-row"][data-object-id="${hidden.objectId}"]`);
  await expect(row).toHaveAttribute('data-ignored', 'true');
  await expect(row).toContainText('ignored');
  await expect(row).toHaveAttribute('title', /ignored: the dataset does not score it/);
  await expect(page.locator('[data-testid="ground-truth-row"][data-ignored="true"]')).toHaveCount(1);
  // Selected, the inspector says so too.
  await row.click();
  await expect(page.getByTestId('ground-truth-ignored')).toHaveText('ignored');

  await page.getByTestId('camera-cam2').screenshot({ path: path.join(ARTIFACTS, 'ignore-regions-01-camera.png') });
  await saveLayersAtImageSize(page, 'cam2', path.join(ARTIFACTS, 'ignore-regions-01-camera-full.png'));
  await page.screenshot({ path: path.join(ARTIFACTS, 'ignore-regions-02-app.png') });
  expect(errors, 'page errors').toEqual([]);
});

test('the real KITTI frame 000001: its four DontCare regions over the image', async ({ page }) => {
  test.skip(!existsSync(path.join(REAL_KITTI, 'training', 'velodyne')), 'no real KITTI frames in ../shared/data');
  const out = path.join(tmp, 'real-imported');
  await importKitti(REAL_KITTI, out, path.join(tmp, 'ws2'));
  server = await startCairn(path.join(tmp, 'ws2'), { open: out });
  const errors = await openApp(page, server.url);
  await page.getByTestId('viewport').hover();
  await page.keyboard.press('.');
  await expect(page.getByTestId('frame-label')).toHaveText('Frame 2 / 2');
  await expect(page.getByTestId('camera-cam2')).toHaveAttribute('data-image', 'shown');
  await expect(page.getByTestId('camera-ignore-cam2')).toHaveAttribute('data-regions', '4');
  await expect(page.getByTestId('camera-ignore-legend-cam2')).toHaveText('ignore region (DontCare) × 4');
  // The largest of the four (label_2/000001.txt line 4) holds the other three: nothing is drawn outside it.
  const pixels = await ignoreLayerPixels(page, 'cam2', { x0: 503.89, y0: 169.71, x1: 590.61, y1: 190.13 });
  expect(pixels.inside).toBeGreaterThan(0.9 * pixels.area);
  expect(pixels.outside).toBe(0);
  await page.getByTestId('camera-cam2').screenshot({ path: path.join(ARTIFACTS, 'ignore-regions-03-real-kitti.png') });
  await saveLayersAtImageSize(page, 'cam2', path.join(ARTIFACTS, 'ignore-regions-03-real-kitti-full.png'));
  expect(errors, 'page errors').toEqual([]);
});

test('failure inspection on a KITTI scene with a DontCare row: a false alarm inside the region is counted in the per-class "In DontCare" column, not as a false positive', async ({ browser }) => {
  const fixture = writeKittiObjectFixture(path.join(tmp, 'kitti-inspect'));
  const out = path.join(tmp, 'kitti-inspect-imported');
  await importKitti(fixture.root, out, path.join(tmp, 'ws3'));
  const sceneFile = path.join(out, 'training', 'scene.json');
  const manifest = parseSceneManifest(JSON.parse(readFileSync(sceneFile, 'utf8')), sceneFile);
  const [region] = manifest.ignoreRegions;
  const frame = manifest.frames.find((f) => f.frameId === region.frameId)!;
  const car = manifest.groundTruth.find((g) => g.frameId === frame.frameId && g.classId === 'car')!;
  const lidar = car.cuboid.frame;
  const [cam] = sceneFrameIgnoreRegions(manifest, frame, lidar);
  // A car where the dataset labels none, far enough ahead that cam2 sees it inside the DontCare box (which
  // lies about the horizon, so the false alarm floats: a model's mistake need not stand on the road).
  const size: [number, number, number] = [4.2, 1.8, 1.5];
  let spurious: [number, number, number] | null = null;
  for (let x = 30; x <= 80 && !spurious; x += 1) {
    for (let y = -10; y <= 10 && !spurious; y += 0.25) {
      for (let z = -1; z <= 3 && !spurious; z += 0.25) {
        const center: [number, number, number] = [x, y, z];
        const seen = imageBoxOf({ objectId: 's', trackId: 's', classId: 'car', attributes: {}, center, size, yaw: 0 }, cam);
        if (seen && fractionInside(seen, region.box) > 0.95) spurious = center;
      }
    }
  }
  expect(spurious, 'a place whose car cam2 sees inside the DontCare box').not.toBeNull();
  // Predictions: every ground-truth box (score 0.8), and the false alarm in the region (0.9).
  const NS = '0c4a3a8e-6f1d-4b7e-9a2c-5d8e7f6a1b2c';
  const record = (key: string, g: Pick<CuboidAnnotation, 'frameId' | 'classId' | 'cuboid'>, score: number) => predictionRecord(NS, manifest.sceneId, key, g, score);
  const records = manifest.groundTruth.map((g) => record(`${g.frameId}/${g.objectId}`, g, 0.8));
  records.push(record('in-dontcare', { frameId: frame.frameId, classId: 'car', cuboid: { frame: lidar, center: spurious!, size, rotation: [0, 0, 0, 1] } }, 0.9));
  const predictions = path.join(tmp, 'kitti-predictions.openlabel.json');
  writeFileSync(predictions, JSON.stringify(writeOpenLabel({ sceneId: manifest.sceneId, frames: manifest.frames.map((f) => ({ frameId: f.frameId, index: f.index })), records }).document));

  server = await startCairn(path.join(tmp, 'ws3'), { open: out });
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  try {
    const errors = await openApp(page, server.url);
    await showTab(page, 'Inspection');
    await page.getByTestId('inspection-location').fill(predictions);
    await page.getByTestId('inspection-load').click();
    await expect(page.getByTestId('inspection-run')).toHaveAttribute('data-predictions', String(records.length));
    await expect(page.getByTestId('inspection-in-ignore-header')).toHaveText('In DontCare');
    const carRow = page.locator('[data-testid="inspection-class-row"][data-class-id="car"]');
    await expect(carRow.getByTestId('inspection-in-ignore')).toHaveText('1');
    // Every car found and the false alarm not held against the model: precision 1.
    await expect(carRow.getByTestId('inspection-precision')).toHaveText('1.00');
    const others = page.locator('[data-testid="inspection-class-row"]:not([data-class-id="car"]) [data-testid="inspection-in-ignore"]');
    expect(await others.count()).toBeGreaterThan(0);
    expect(await others.allTextContents()).toEqual(Array(await others.count()).fill('0'));
    await expect(page.getByTestId('inspection-panel')).toContainText("1 prediction(s) matched no label inside the scene's ignore regions (DontCare)");
    // The dock is narrow: the table scrolls sideways to its DontCare column.
    await page.getByTestId('inspection-in-ignore-header').scrollIntoViewIfNeeded();
    await expect(page.getByTestId('inspection-in-ignore-header')).toBeInViewport();
    await page.getByTestId('inspection-classes').locator('..').screenshot({ path: path.join(ARTIFACTS, 'ignore-regions-03-inspection-classes.png') });
    await page.screenshot({ path: path.join(ARTIFACTS, 'ignore-regions-03-inspection-app.png') });
    expect(errors, 'page errors').toEqual([]);
  } finally {
    await context.close();
  }
});
