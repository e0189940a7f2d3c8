import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { cameraModelFromIntrinsics } from '../src/core/camera/manifestCamera';
import { pixelOnPlane } from '../src/core/camera/groundRay';
import { frameCameraCaptures } from '../src/core/scene/captureCalibration';
import { parseSceneManifest } from '../src/core/scene/manifest';
import { drawBox, openApp, waitSaved } from './support/app';
import { startCairn, type RunningCairn } from './support/cairnServer';

const ARTIFACTS = path.join(__dirname, 'artifacts');
const SAMPLE = path.join(__dirname, '..', 'resources', 'sample', 'scene.json');

const workspaces: string[] = [];
const servers: RunningCairn[] = [];

test.beforeAll(() => {
  mkdirSync(ARTIFACTS, { recursive: true });
});

test.afterAll(async () => {
  for (const s of servers) await s.stop();
  for (const w of workspaces) rmSync(w, { recursive: true, force: true });
});

/** A host of its own for a flow, on a fresh workspace, and the app open on the sample scene. */
async function openFresh(page: Page, errors: string[]): Promise<void> {
  const workspace = mkdtempSync(path.join(os.tmpdir(), 'cairn-e2e-camera-edits-'));
  workspaces.push(workspace);
  const server = await startCairn(workspace);
  servers.push(server);
  page.on('pageerror', (e) => errors.push(e.message));
  await openApp(page, server.url, errors);
}

/** Keys go to the window from the camera overlay, which holds the focus after a drag (no text field does). */
async function press(page: Page, key: string): Promise<void> {
  await page.getByTestId('camera-overlay-cam_front').focus();
  await page.keyboard.press(key);
}

/** The selected box as the inspector holds it (exact values, not the rounded text). */
async function inspected(page: Page) {
  const read = async (id: string) => Number(await page.getByTestId(`inspector-${id}`).getAttribute('data-value'));
  const [cx, cy, cz, height, yaw] = await Promise.all(['cx', 'cy', 'cz', 'height', 'yaw'].map(read));
  return { cx, cy, cz, height, yaw };
}

/** Where the sample's first frame shows the ground of plane z = height under pixel (u, v) of cam_front (LiDAR frame). */
function groundUnder(u: number, v: number, height: number) {
  const manifest = parseSceneManifest(JSON.parse(readFileSync(SAMPLE, 'utf8')), SAMPLE);
  const lidarId = manifest.sensors.find((s) => s.kind === 'lidar')!.sensorId;
  const capture = frameCameraCaptures(manifest, manifest.frames[0], lidarId).find((c) => c.sensorId === 'cam_front')!;
  const p = pixelOnPlane(cameraModelFromIntrinsics(capture.intrinsics), capture.cameraFromLidar, u, v, height);
  if (!p) throw new Error(`pixel (${u}, ${v}) does not reach z = ${height}`);
  return p;
}

/** A handle's place ("u v" in image pixels, from the overlay's data attribute) on screen, at whole CSS pixels. */
async function handleOnScreen(page: Page, attribute: 'data-footprint' | 'data-yaw-knob') {
  const overlay = page.getByTestId('camera-overlay-cam_front');
  await expect(overlay).toHaveAttribute(attribute, /\d/);
  const [u, v] = (await overlay.getAttribute(attribute))!.split(' ').map(Number);
  const o = (await overlay.boundingBox())!;
  const width = Number(await overlay.getAttribute('width'));
  const height = Number(await overlay.getAttribute('height'));
  const scale = o.width / width;
  /** The image pixel under a screen point, as the panel computes it. */
  const pixel = (sx: number, sy: number): [number, number] => [((sx - o.x) / o.width) * width, ((sy - o.y) / o.height) * height];
  return { x: Math.round(o.x + u * scale), y: Math.round(o.y + v * scale), pixel };
}

/**
 * Saves what cam_front shows (image, points, boxes and handles, at the image's own resolution) in
 * a 480 × 300 window around `centre` (else the footprint): the panel itself is too small on screen to judge handles.
 */
async function saveCameraCrop(page: Page, name: string, centre?: readonly [number, number]): Promise<void> {
  const [u, v] = centre ?? (await page.getByTestId('camera-overlay-cam_front').getAttribute('data-footprint'))!.split(' ').map(Number);
  const url = await page.getByTestId('camera-cam_front').evaluate((figure, [cu, cv]) => {
    const layers = Array.from(figure.querySelectorAll('canvas'));
    const out = document.createElement('canvas');
    out.width = 480;
    out.height = 300;
    const ctx = out.getContext('2d')!;
    const x = Math.max(0, Math.min(layers[0].width - 480, Math.round(cu - 240)));
    const y = Math.max(0, Math.min(layers[0].height - 300, Math.round(cv - 150)));
    for (const layer of layers) ctx.drawImage(layer, x, y, 480, 300, 0, 0, 480, 300);
    return out.toDataURL('image/png');
  }, [u, v]);
  writeFileSync(path.join(ARTIFACTS, name), Buffer.from(url.split(',')[1], 'base64'));
}

async function dragScreen(page: Page, from: { x: number; y: number }, to: { x: number; y: number }) {
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move(to.x, to.y, { steps: 8 });
  await page.mouse.up();
}

test('the camera view edits the 3D box: its footprint dragged moves it along the ground, its knob turns it; undo puts it back', async ({ page }) => {
  // Slow where WebGL is software-rendered on a loaded machine: each drag step redraws the 3D view.
  test.setTimeout(300_000);
  const errors: string[] = [];
  await openFresh(page, errors);

  // A 3D box ahead of the ego, selected as drawn: its footprint and yaw knob show in the front camera.
  await drawBox(page, { x: 0.5, y: 0.45 }, { x: 0.56, y: 0.5 });
  await expect(page.locator('[data-testid="object-row"][data-kind="cuboid"]')).toHaveCount(1);
  const start = await inspected(page);
  const footprint = await handleOnScreen(page, 'data-footprint');
  await saveCameraCrop(page, 'camera-edits-handles-cam_front.png');

  // Drag the footprint 12 px down and 8 px right: the box comes nearer and goes right, along its bottom plane.
  const to = { x: footprint.x + 8, y: footprint.y + 12 };
  await dragScreen(page, footprint, to);
  const bottom = start.cz - start.height / 2;
  const g0 = groundUnder(...footprint.pixel(footprint.x, footprint.y), bottom);
  const g1 = groundUnder(...footprint.pixel(to.x, to.y), bottom);
  await expect.poll(async () => (await inspected(page)).cx).not.toBe(start.cx);
  const moved = await inspected(page);
  expect(moved.cx - start.cx).toBeCloseTo(g1[0] - g0[0], 2);
  expect(moved.cy - start.cy).toBeCloseTo(g1[1] - g0[1], 2);
  expect(moved.cx).toBeLessThan(start.cx - 0.2);
  expect(moved.cy).toBeLessThan(start.cy - 0.1);
  expect(moved.cz).toBe(start.cz);
  expect(moved.yaw).toBeCloseTo(start.yaw, 6);
  await saveCameraCrop(page, 'camera-edits-moved-cam_front.png');

  // Drag the yaw knob sideways: the box turns, staying where it is.
  const knob = await handleOnScreen(page, 'data-yaw-knob');
  await dragScreen(page, knob, { x: knob.x + 25, y: knob.y });
  await expect.poll(async () => (await inspected(page)).yaw).not.toBeCloseTo(moved.yaw, 3);
  const turned = await inspected(page);
  expect(Math.abs(turned.yaw - moved.yaw)).toBeGreaterThan(3);
  expect(turned.cx).toBeCloseTo(moved.cx, 6);
  expect(turned.cy).toBeCloseTo(moved.cy, 6);
  expect(turned.cz).toBe(moved.cz);
  await saveCameraCrop(page, 'camera-edits-turned-cam_front.png');

  // Escape mid-drag puts the box back, with nothing to undo.
  const footprint2 = await handleOnScreen(page, 'data-footprint');
  await page.mouse.move(footprint2.x, footprint2.y);
  await page.mouse.down();
  await page.mouse.move(footprint2.x, footprint2.y + 30, { steps: 6 });
  await expect.poll(async () => (await inspected(page)).cx).not.toBe(turned.cx);
  await page.keyboard.press('Escape');
  await page.mouse.up();
  await expect.poll(async () => (await inspected(page)).cx).toBe(turned.cx);
  expect(await inspected(page)).toEqual(turned);

  // One undo per drag: the turn, then the move.
  await press(page, 'Control+z');
  await expect.poll(async () => (await inspected(page)).yaw).toBeCloseTo(moved.yaw, 6);
  await press(page, 'Control+z');
  await expect.poll(async () => (await inspected(page)).cx).toBeCloseTo(start.cx, 9);
  expect((await inspected(page)).cy).toBeCloseTo(start.cy, 9);
  await waitSaved(page);
  expect(errors).toEqual([]);
});

/** The selected polygon's vertices, in image pixels (rounded), as the inspector gives them. */
async function vertices(page: Page): Promise<Array<[number, number]>> {
  return JSON.parse((await page.getByTestId('inspector-vertices').getAttribute('data-vertices'))!) as Array<[number, number]>;
}

test('a polygon in a camera view: a vertex dragged, one inserted on an edge, one deleted, each one undo step; re-linked 2D-only and back', async ({ page }) => {
  test.setTimeout(300_000);
  const errors: string[] = [];
  await openFresh(page, errors);
  await drawBox(page, { x: 0.5, y: 0.45 }, { x: 0.56, y: 0.5 });
  const cuboid = page.locator('[data-testid="object-row"][data-kind="cuboid"]');
  await expect(cuboid).toHaveCount(1);

  // A triangle clicked in cam_front, closed with Enter: linked to the selected cuboid.
  await press(page, 'Shift+O');
  const overlay = page.getByTestId('camera-overlay-cam_front');
  const o = (await overlay.boundingBox())!;
  const width = Number(await overlay.getAttribute('width'));
  const scale = o.width / width;
  const screenOf = (u: number, v: number) => ({ x: o.x + u * scale, y: o.y + v * scale });
  for (const [u, v] of [[200, 400], [400, 400], [300, 250]]) {
    const p = screenOf(u, v);
    await page.mouse.click(p.x, p.y);
  }
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('inspector')).toHaveAttribute('data-kind', 'polygon2d');
  await expect(page.getByTestId('inspector-vertices')).toHaveText('3');
  const drawn = await vertices(page);
  const linked = (await page.getByTestId('inspector-link').inputValue())!;
  expect(linked).not.toBe('');

  // Back to editing; drag the first vertex 20 px right on screen.
  await page.keyboard.press('Control+k');
  await page.getByTestId('command-palette-input').fill('Edit 2D labels');
  await expect(page.getByTestId('command-palette-item').first()).toHaveAttribute('data-command-id', 'camera2d.select');
  await page.keyboard.press('Enter');
  const first = screenOf(...drawn[0]);
  await page.mouse.move(first.x, first.y);
  await page.mouse.down();
  await page.mouse.move(first.x + 20, first.y, { steps: 5 });
  await page.mouse.up();
  await expect.poll(async () => (await vertices(page))[0][0]).toBeGreaterThan(drawn[0][0] + 20 / scale - 3);
  const dragged = await vertices(page);
  expect(dragged.slice(1)).toEqual(drawn.slice(1));

  // Alt-click the middle of the bottom edge: a fourth vertex there, between the first two.
  const mid = screenOf((dragged[0][0] + dragged[1][0]) / 2, (dragged[0][1] + dragged[1][1]) / 2);
  await page.keyboard.down('Alt');
  await page.mouse.click(mid.x, mid.y);
  await page.keyboard.up('Alt');
  await expect(page.getByTestId('inspector-vertices')).toHaveText('4');
  const inserted = await vertices(page);
  expect(inserted[0]).toEqual(dragged[0]);
  expect(inserted.slice(2)).toEqual(dragged.slice(1));
  await saveCameraCrop(page, 'camera-edits-polygon-cam_front.png', inserted[1]);

  // The inserted vertex is the chosen one: Delete removes it (not the polygon).
  await page.keyboard.press('Delete');
  await expect(page.getByTestId('inspector-vertices')).toHaveText('3');
  expect(await vertices(page)).toEqual(dragged);
  await expect(page.locator('[data-testid="object-row"][data-kind="polygon2d"]')).toHaveCount(1);

  // One undo step each: the delete, the insert, the drag.
  await press(page, 'Control+z');
  await expect(page.getByTestId('inspector-vertices')).toHaveText('4');
  await press(page, 'Control+z');
  await expect(page.getByTestId('inspector-vertices')).toHaveText('3');
  expect(await vertices(page)).toEqual(dragged);
  await press(page, 'Control+z');
  await expect.poll(() => vertices(page)).toEqual(drawn);

  // Re-linked 2D-only, then back to the cuboid, each one undo step.
  await page.getByTestId('inspector-link').selectOption('');
  await expect(page.getByTestId('inspector-linked')).toHaveText('none (2D only)');
  await press(page, 'Control+z');
  await expect(page.getByTestId('inspector-link')).toHaveValue(linked);
  await page.getByTestId('inspector-link').selectOption('');
  await page.getByTestId('inspector-link').selectOption(linked);
  await expect(page.getByTestId('inspector-linked')).toContainText(linked.slice(0, 4));
  await waitSaved(page);
  expect(errors).toEqual([]);
});
