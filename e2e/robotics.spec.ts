import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { parseSceneManifest } from '../src/core/scene/manifest';
import { writeMcap } from '../src/main/import/robotics/testing/logWriters';
import { STREET_LAG, STREET_T0, streetLog } from '../src/main/import/robotics/testing/streetLog';
import { Workspace } from '../src/main/services/workspace/workspace';
import { drawBox, openApp, waitSaved } from './support/app';
import { againstPicture, frameLayerPixels, pngPixels, type Pixels } from './support/cameraPixels';
import { startCairn, type RunningCairn } from './support/cairnServer';

const ARTIFACTS = path.join(__dirname, 'artifacts');
const SWEEPS = 6;
const CAMERA = { topic: '/front/image/compressed', width: 320, height: 240, encoding: 'png', yaw: 0 } as const;
const CAMERA_ID = 'front_image_compressed';

let tmp: string;
let logFile: string;
let server: RunningCairn | null = null;
/** What the camera took, as the log holds it. */
let picture: Pixels;

test.beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  tmp = mkdtempSync(path.join(os.tmpdir(), 'cairn-e2e-robotics-'));
  logFile = path.join(tmp, 'logs', 'drive.mcap');
  mkdirSync(path.dirname(logFile));
  const messages = [...streetLog({ sweeps: SWEEPS, points: 8000, cameras: [CAMERA] })];
  await writeMcap(logFile, 'ros2', messages, 'zstd');
  picture = pngPixels((messages.find((m) => m.topic === CAMERA.topic)!.message as { data: Uint8Array }).data);
});

test.afterAll(async () => {
  await server?.stop();
  rmSync(tmp, { recursive: true, force: true });
});

/** Pixels of the camera's frame layer that the projected points were drawn over (the picture is the same at every sweep). */
async function projectedPixels(page: Page): Promise<number> {
  return againstPicture(await frameLayerPixels(page, CAMERA_ID), picture).over;
}

test('an MCAP log opened from the UI: topics picked, frames stepped with the camera projected, a car labelled and kept on the log’s frame', async ({ page }) => {
  test.setTimeout(360_000); // a page load, a log opened, two frames stepped, a reload and a scene switch on a shared 2-core machine
  const workspace = path.join(tmp, 'ws');
  server = await startCairn(workspace);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await openApp(page, server.url, errors);

  // Open… lists the log's topics from its index, with the LiDAR and the camera picked.
  await page.getByTestId('open-cloud').click();
  await page.getByTestId('open-location').fill(logFile);
  await page.getByTestId('open-submit').click();
  const topics = page.getByTestId('log-topics');
  await expect(topics).toBeVisible();
  await expect(page.locator('[data-testid="log-topic"][data-topic="/lidar/points"]')).toContainText(String(SWEEPS));
  await expect(page.locator('[data-testid="log-topic"][data-topic="/front/camera_info"]')).toHaveAttribute('data-role', 'camera-info');
  await expect(page.locator('[data-topic="/lidar/points"] [data-testid="log-lidar"]')).toBeChecked();
  await expect(page.locator(`[data-topic="${CAMERA.topic}"] [data-testid="log-camera"]`)).toBeChecked();
  await topics.screenshot({ path: path.join(ARTIFACTS, 'robotics-01-topics.png') });
  await page.getByTestId('log-open').click();
  await expect(page.getByTestId('open-dialog')).toBeHidden();

  // The scene: a frame per sweep, the camera image with the sweep projected on it.
  await expect(page.getByTestId('frame-label')).toHaveText(`Frame 1 / ${SWEEPS}`);
  await expect(page.getByTestId('point-count')).toContainText('points');
  const panel = page.getByTestId(`camera-${CAMERA_ID}`);
  await expect(panel).toHaveAttribute('data-image', 'shown');
  await expect.poll(() => projectedPixels(page), { message: 'projected LiDAR points over the image' }).toBeGreaterThan(200);

  // Stepping reads the next sweep and image from the log.
  await page.getByTestId('viewport').hover();
  await page.keyboard.press('.');
  await expect(page.getByTestId('frame-label')).toHaveText(`Frame 2 / ${SWEEPS}`);
  await expect(panel).toHaveAttribute('data-image', 'shown');
  await expect.poll(() => projectedPixels(page)).toBeGreaterThan(200);

  // Label the car on frame 2: a footprint dragged under its points in the default view.
  await expect(page.getByTestId('object-count')).toHaveText('0');
  await drawBox(page, { x: 0.44, y: 0.5 }, { x: 0.52, y: 0.56 });
  await expect(page.getByTestId('object-count')).toHaveText('1');
  await waitSaved(page);
  await page.screenshot({ path: path.join(ARTIFACTS, 'robotics-02-labelled.png') });

  // Reload: the log's scene is still open on the host; its box is on frame 2.
  await page.reload();
  await expect(page.getByTestId('app')).toHaveAttribute('data-status', 'ready');
  const select = page.getByTestId('scene-select');
  await select.selectOption({ label: `drive (${SWEEPS} frames)` });
  await expect(page.getByTestId('frame-label')).toHaveText(`Frame 1 / ${SWEEPS}`);
  await expect(page.getByTestId('object-count')).toHaveText('0');
  await page.getByTestId('viewport').hover();
  await page.keyboard.press('.');
  await expect(page.getByTestId('object-count')).toHaveText('1');
  await expect(panel).toHaveAttribute('data-image', 'shown');
  await page.screenshot({ path: path.join(ARTIFACTS, 'robotics-03-reloaded.png') });
  expect(errors, 'page errors').toEqual([]);
  await server.stop();
  server = null;

  // The box's frame is the log's second sweep: named by its log time, timed by its header stamp.
  const imports = path.join(workspace, 'imports');
  const sceneFile = readdirSync(imports, { recursive: true, encoding: 'utf8' }).find((f) => f.endsWith('scene.json'))!;
  const manifest = parseSceneManifest(JSON.parse(readFileSync(path.join(imports, sceneFile), 'utf8')), sceneFile);
  expect(manifest.log?.files).toEqual([logFile]);
  const ws = Workspace.open(workspace);
  try {
    const [record] = ws.annotations.listScene(manifest.sceneId);
    const frame = manifest.frames.find((f) => f.frameId === record.frameId)!;
    expect(frame.index).toBe(1);
    const sweepStamp = STREET_T0 + 0.01 + 0.1;
    expect(frame.timestamp).toBeCloseTo(sweepStamp, 6);
    expect(frame.sourceId).toBe(`/lidar/points@${BigInt(Math.round((sweepStamp + STREET_LAG) * 1e6)) * 1000n}`);
  } finally {
    ws.close();
  }
});

test('a ROS 2 bag folder opened from the UI: a folder that is not a bag is refused by name, the bag lists its topics and opens', async ({ page }) => {
  test.setTimeout(240_000);
  const bag = path.join(tmp, 'bags', 'drive_bag');
  mkdirSync(bag, { recursive: true });
  await writeMcap(path.join(bag, 'drive_bag_0.mcap'), 'ros2', [...streetLog({ sweeps: 3, points: 4000, cameras: [CAMERA] })], 'zstd');
  writeFileSync(path.join(bag, 'metadata.yaml'), 'rosbag2_bagfile_information:\n  version: 5\n  storage_identifier: mcap\n  relative_file_paths:\n    - drive_bag_0.mcap\n');
  server = await startCairn(path.join(tmp, 'ws-bag'));
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await openApp(page, server.url, errors);

  // In a browser the folder's path is typed (the desktop shell opens a folder dialog instead).
  await page.getByTestId('open-cloud').click();
  const notABag = path.dirname(logFile);
  await page.getByTestId('open-location').fill(notABag);
  await page.getByTestId('open-ros2-bag').click();
  await expect(page.getByTestId('open-error')).toContainText(`${notABag}: not a ROS 2 bag: no metadata.yaml in the folder`);
  await expect(page.getByTestId('log-topics')).toBeHidden();

  await page.getByTestId('open-location').fill(bag);
  await page.getByTestId('open-ros2-bag').click();
  const topics = page.getByTestId('log-topics');
  await expect(topics).toBeVisible();
  await expect(topics.locator('h3')).toContainText('ROS 2 bag');
  await expect(page.getByTestId('open-error')).toBeHidden();
  await expect(page.locator('[data-topic="/lidar/points"] [data-testid="log-lidar"]')).toBeChecked();
  await page.getByTestId('log-open').click();
  await expect(page.getByTestId('open-dialog')).toBeHidden();
  await expect(page.getByTestId('frame-label')).toHaveText('Frame 1 / 3');
  await expect(page.getByTestId(`camera-${CAMERA_ID}`)).toHaveAttribute('data-image', 'shown');
  await page.screenshot({ path: path.join(ARTIFACTS, 'robotics-04-ros2-bag.png') });
  expect(errors, 'page errors').toEqual([]);
  await server.stop();
  server = null;
});
