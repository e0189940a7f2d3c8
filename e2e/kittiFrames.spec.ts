import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, unlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { runImport } from '../src/main/import/importCommand';
import { writeKittiObjectFixture, type KittiObjectFixture } from '../src/main/testing/datasets/kittiObjectFixture';
import { againstPicture, frameLayerPixels, pngPixels } from './support/cameraPixels';
import { startCairn, type RunningCairn } from './support/cairnServer';

const ARTIFACTS = path.join(__dirname, 'artifacts');
const REAL_KITTI = path.resolve(__dirname, '..', '..', 'shared', 'data', 'driving', 'kitti_object_vis');

let tmp: string;
let server: RunningCairn | null = null;

test.beforeAll(() => {
  mkdirSync(ARTIFACTS, { recursive: true });
  tmp = mkdtempSync(path.join(os.tmpdir(), 'cairn-e2e-kitti-'));
});

test.afterEach(async () => {
  await server?.stop();
  server = null;
});

test.afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Imports into `out`; the workspace the app then opens with is allowed to read the dataset. */
async function importKitti(root: string, out: string, workspace: string): Promise<string> {
  let log = '';
  const status = await runImport(['kitti', root, '-o', out, '--workspace', workspace], { write: (t: string) => (log += t) });
  expect(status, log).toBe(0);
  return log;
}

async function openApp(page: Page, url: string): Promise<string[]> {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(url);
  await expect(page.getByTestId('app')).toHaveAttribute('data-status', 'ready');
  await expect(page.getByTestId('point-count')).toContainText('points');
  return errors;
}

/** What cam2's frame layer shows against the image_2 picture of a KITTI sample. */
async function cam2AgainstPicture(page: Page, split: string, stem: string): Promise<{ same: number; over: number; distinct: number; area: number }> {
  const picture = pngPixels(readFileSync(path.join(split, 'image_2', `${stem}.png`)));
  return { ...againstPicture(await frameLayerPixels(page, 'cam2'), picture), area: picture.width * picture.height };
}

test('a KITTI frame imported with `cairn import kitti`: LiDAR projected over the image, ground truth, stepping with the keyboard', async ({ page }) => {
  const fixture: KittiObjectFixture = writeKittiObjectFixture(path.join(tmp, 'kitti'));
  const out = path.join(tmp, 'kitti-imported');
  await importKitti(fixture.root, out, path.join(tmp, 'ws1'));
  server = await startCairn(path.join(tmp, 'ws1'), { open: out });
  const errors = await openApp(page, server.url);

  const frames = fixture.samples.length;
  await expect(page.getByTestId('frame-label')).toHaveText(`Frame 1 / ${frames}`);
  const panel = page.getByTestId('camera-cam2');
  await expect(panel).toHaveAttribute('data-image', 'shown');
  const { width, height } = fixture.samples[0].image;
  const shown = await cam2AgainstPicture(page, fixture.split, fixture.samples[0].stem);
  expect(shown.distinct, 'the camera image is drawn, not a flat fill').toBeGreaterThan(20);
  expect(shown.same, 'the camera image shows where no point is drawn').toBeGreaterThan(0.5 * width * height);
  expect(shown.over, 'projected LiDAR points over the image').toBeGreaterThan(0.02 * width * height);
  await panel.screenshot({ path: path.join(ARTIFACTS, 'kitti-01-camera.png') });

  const boxes = fixture.samples[0].boxes.length;
  await expect(page.getByTestId('ground-truth-count')).toHaveText(String(boxes));

  // Step with the keyboard: the next sample has another calibration and image size.
  await page.getByTestId('viewport').hover();
  await page.keyboard.press('.');
  await expect(page.getByTestId('frame-label')).toHaveText(`Frame 2 / ${frames}`);
  await expect(page.getByTestId('timeline')).toHaveAttribute('data-frame-index', '1');
  await expect(panel).toHaveAttribute('data-image', 'shown');
  const second = fixture.samples[1];
  expect(await panel.locator('canvas.frame-layer').evaluate((c: HTMLCanvasElement) => [c.width, c.height])).toEqual([second.image.width, second.image.height]);
  await expect(page.getByTestId('ground-truth-count')).toHaveText(String(second.boxes.length));
  await page.keyboard.press(',');
  await expect(page.getByTestId('frame-label')).toHaveText(`Frame 1 / ${frames}`);
  await page.keyboard.press('End');
  await expect(page.getByTestId('frame-label')).toHaveText(`Frame ${frames} / ${frames}`);

  // Selecting a ground-truth box highlights it in the image (white edges).
  await page.keyboard.press('Home');
  await page.getByTestId('ground-truth-row').first().click();
  const white = await page.getByTestId('camera-overlay-cam2').evaluate((c: HTMLCanvasElement) => {
    const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 0; i < d.length; i += 4) if (d[i] > 240 && d[i + 1] > 240 && d[i + 2] > 240 && d[i + 3] > 200) n++;
    return n;
  });
  expect(white, 'the selected box is drawn in white in the camera').toBeGreaterThan(50);
  // The inspector shows what the dataset says about it, read-only, and the box holds LiDAR points.
  await expect(page.getByTestId('inspector')).toHaveAttribute('data-ground-truth', 'true');
  expect(Number(await page.getByTestId('ground-truth-points').textContent())).toBeGreaterThan(20);
  await page.screenshot({ path: path.join(ARTIFACTS, 'kitti-02-app.png') });
  expect(errors, 'page errors').toEqual([]);
});

test('a frame whose sweep is missing says so, and the other frames still open', async ({ page }) => {
  const fixture = writeKittiObjectFixture(path.join(tmp, 'kitti-broken'));
  const missing = path.join(fixture.split, 'velodyne', `${fixture.samples[1].stem}.bin`);
  const out = path.join(tmp, 'kitti-broken-imported');
  // Imported while complete, then the file goes away (a store that lost it).
  await importKitti(fixture.root, out, path.join(tmp, 'ws2'));
  unlinkSync(missing);
  server = await startCairn(path.join(tmp, 'ws2'), { open: out });
  await openApp(page, server.url);
  await page.getByTestId('viewport').hover();
  await page.keyboard.press('.');
  await expect(page.getByTestId('frame-label')).toHaveText('Frame 2 / ' + fixture.samples.length);
  await expect(page.getByTestId('cloud-error')).toContainText(`${fixture.samples[1].stem}.bin`);
  await expect(page.getByTestId('cloud-error')).toContainText('not found');
  await page.keyboard.press(',');
  await expect(page.getByTestId('point-count')).toContainText('points');
  await expect(page.getByTestId('camera-cam2')).toHaveAttribute('data-image', 'shown');
});

test('the real KITTI frames in ../shared/data, when present', async ({ page }) => {
  test.skip(!existsSync(REAL_KITTI), 'no ../shared/data here');
  const out = path.join(tmp, 'kitti-real-imported');
  await importKitti(REAL_KITTI, out, path.join(tmp, 'ws3'));
  server = await startCairn(path.join(tmp, 'ws3'), { open: out });
  await openApp(page, server.url);
  await expect(page.getByTestId('camera-cam2')).toHaveAttribute('data-image', 'shown');
  const stem = readdirSync(path.join(REAL_KITTI, 'training', 'image_2')).sort()[0].replace(/\.png$/, '');
  const shown = await cam2AgainstPicture(page, path.join(REAL_KITTI, 'training'), stem);
  expect(shown.same, 'the camera image shows where no point is drawn').toBeGreaterThan(0.5 * shown.area);
  expect(shown.over, 'projected LiDAR points over the image').toBeGreaterThan(5000);
  await page.getByTestId('camera-cam2').screenshot({ path: path.join(ARTIFACTS, 'kitti-03-real-camera.png') });
});
