import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { startCairn, type RunningCairn } from './support/cairnServer';

// Must match CAMERA_PRESETS.top and the canvas camera's fov in the renderer (as fitToPoint.spec.ts).
const TOP_CAMERA = { position: [9.999, 0, 70], fovDeg: 55 };
const ARTIFACTS = path.join(__dirname, 'artifacts');

interface GroundTruth {
  frameId: string;
  classId: string;
  cuboid: { center: [number, number, number]; size: [number, number, number]; rotation: [number, number, number, number] };
}

let server: RunningCairn;
let workspace: string;

test.beforeAll(async () => {
  workspace = mkdtempSync(path.join(os.tmpdir(), 'cairn-e2e-boxviews-'));
  server = await startCairn(workspace);
});

test.afterAll(async () => {
  await server.stop();
  rmSync(workspace, { recursive: true, force: true });
});

/** The selected box as the inspector holds it, at full precision (its inputs show two decimals). */
async function record(page: Page) {
  const read = async (id: string) => Number(await page.getByTestId(`inspector-${id}`).getAttribute('data-value'));
  const [cx, cy, cz, length, width, height, yawDeg] = await Promise.all(['cx', 'cy', 'cz', 'length', 'width', 'height', 'yaw'].map(read));
  return { cx, cy, cz, length, width, height, yaw: (yawDeg * Math.PI) / 180 };
}

/** Where a box view draws the box (CSS px in the page) and at what zoom (CSS px a metre). */
async function viewGeometry(page: Page, view: 'top' | 'side' | 'front') {
  const canvas = page.getByTestId(`box-view-${view}`);
  const at = (await canvas.boundingBox())!;
  const [x0, y0, x1, y1] = (await canvas.getAttribute('data-box-rect'))!.split(',').map(Number);
  const zoom = Number(await canvas.getAttribute('data-zoom'));
  return { left: at.x + x0, top: at.y + y0, right: at.x + x1, bottom: at.y + y1, zoom, canvas: at };
}

async function fitTheParkedCar(page: Page): Promise<void> {
  const scene = JSON.parse(readFileSync(path.join(__dirname, '..', 'resources', 'sample', 'scene.json'), 'utf8')) as {
    frames: Array<{ frameId: string }>;
    groundTruth: GroundTruth[];
  };
  const car = scene.groundTruth.find(
    (g) => g.frameId === scene.frames[0].frameId && g.classId === 'car' && Math.abs(g.cuboid.center[0] - 13.5) < 0.5 && g.cuboid.center[1] < 0,
  );
  if (!car) throw new Error('the sample scene no longer has the parked car this test fits');
  await page.getByTestId('view-top').click();
  await page.getByTestId('tool-fit').click();
  const box = (await page.getByTestId('viewport').boundingBox())!;
  const [cx, cy, cz] = car.cuboid.center;
  const depth = TOP_CAMERA.position[2] - (cz + car.cuboid.size[2] / 2 - 0.05);
  const t = Math.tan((TOP_CAMERA.fovDeg * Math.PI) / 360);
  const ndcX = -(cy - TOP_CAMERA.position[1]) / (depth * t * (box.width / box.height));
  const ndcY = (cx - TOP_CAMERA.position[0]) / (depth * t);
  await page.waitForTimeout(500);
  await page.mouse.click(box.x + ((ndcX + 1) / 2) * box.width, box.y + ((1 - ndcY) / 2) * box.height);
  await expect(page.getByTestId('object-count')).toHaveText('1');
}

test('box views: resize from the side view with the opposite face fixed, nudge with the arrows, cancel with Escape', async ({ page }) => {
  // Opening the sample, fitting and two viewport sizes take over the default 2 minutes on a loaded 2-core machine.
  test.setTimeout(420_000);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(server.url);
  await expect(page.getByTestId('app')).toHaveAttribute('data-status', 'ready');
  await expect(page.getByTestId('point-count')).toContainText('points');
  await expect(page.getByTestId('box-views-empty')).toBeVisible();
  await fitTheParkedCar(page);
  await expect(page.getByTestId('box-view-side')).toBeVisible();
  await expect(page.getByTestId('box-view-side')).not.toHaveAttribute('data-zoom', '');
  // The car's points are in the views, and it is drawn large: its length fills over half the side view.
  expect(Number(await page.getByTestId('box-view-side').getAttribute('data-points'))).toBeGreaterThan(50);
  const before = await record(page);
  const side = await viewGeometry(page, 'side');
  expect(side.right - side.left, 'the box across the side view, in px').toBeGreaterThan(side.canvas.width * 0.5);
  await page.screenshot({ path: path.join(ARTIFACTS, '60-box-views-1280.png') });
  await page.getByTestId('box-views').screenshot({ path: path.join(ARTIFACTS, '61-box-views-panel-1280.png') });

  // Drag the front face (the side view's right edge) 48 px further forward.
  const mid = (side.top + side.bottom) / 2;
  const DRAG_PX = 48;
  await page.mouse.move(side.right, mid);
  await page.mouse.down();
  await page.mouse.move(side.right + DRAG_PX / 2, mid + 3, { steps: 6 });
  await page.mouse.move(side.right + DRAG_PX, mid + 5, { steps: 6 });
  await page.mouse.up();
  await expect(page.getByTestId('box-views')).toHaveAttribute('data-tool-state', 'boxView.idle');
  const after = await record(page);
  expect(after.length - before.length, 'the length grew by the drag').toBeCloseTo(DRAG_PX / side.zoom, 2);
  const rear = (r: typeof before) => [r.cx - (r.length / 2) * Math.cos(r.yaw), r.cy - (r.length / 2) * Math.sin(r.yaw)];
  const [rx0, ry0] = rear(before);
  const [rx1, ry1] = rear(after);
  expect(Math.abs(rx1 - rx0), 'the rear face stayed (x)').toBeLessThan(1e-6);
  expect(Math.abs(ry1 - ry0), 'the rear face stayed (y)').toBeLessThan(1e-6);
  expect(after.cz).toBeCloseTo(before.cz, 9);
  expect(after.height).toBeCloseTo(before.height, 9);
  expect(after.width).toBeCloseTo(before.width, 9);
  await page.screenshot({ path: path.join(ARTIFACTS, '62-box-views-resized-1280.png') });

  // Escape mid-drag puts the box back as it was.
  const resized = await viewGeometry(page, 'side');
  await page.mouse.move(resized.right, mid);
  await page.mouse.down();
  await page.mouse.move(resized.right + 60, mid, { steps: 6 });
  await expect(page.getByTestId('box-views')).toHaveAttribute('data-tool-state', 'boxView.dragging');
  await page.keyboard.press('Escape');
  await page.mouse.up();
  expect((await record(page)).length).toBe(after.length);
  // Escape went to the gesture, not to the window's deselect.
  await expect(page.getByTestId('inspector-cx')).toBeVisible();

  // Arrows step the box in the view under the pointer: forward 10 cm in the side view, up 1 cm with Shift.
  await page.mouse.move(resized.canvas.x + 20, resized.canvas.y + 20);
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('Shift+ArrowUp');
  const nudged = await record(page);
  expect(nudged.cx - after.cx).toBeCloseTo(0.1 * Math.cos(after.yaw), 9);
  expect(nudged.cy - after.cy).toBeCloseTo(0.1 * Math.sin(after.yaw), 9);
  expect(nudged.cz - after.cz).toBeCloseTo(0.01, 9);
  expect(nudged.length).toBe(after.length);
  // The arrows stepped the box, not the timeline.
  await expect(page.getByTestId('object-count')).toHaveText('1');

  // Each nudge and the drag are one undo step each.
  for (let i = 0; i < 3; i++) await page.getByTestId('undo').click();
  await expect(page.getByTestId('inspector-length')).toHaveAttribute('data-value', String(before.length));
  await expect(page.getByTestId('save-status')).toHaveAttribute('data-pending', '0');

  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.waitForTimeout(300);
  await page.screenshot({ path: path.join(ARTIFACTS, '63-box-views-1920.png') });
  await page.getByTestId('box-views').screenshot({ path: path.join(ARTIFACTS, '64-box-views-panel-1920.png') });

  // Shrink to the points above the ground (the fit stood the box on the ground), then snap the bottom back down, top kept.
  await page.getByTestId('box-views-shrink').click();
  await expect(page.getByTestId('notice')).toContainText('Shrunk to the');
  const shrunk = await record(page);
  expect(shrunk.length).toBeLessThanOrEqual(before.length + 1e-9);
  expect(shrunk.cz - shrunk.height / 2, 'the bottom rose off the ground to the lowest point above it').toBeGreaterThan(before.cz - before.height / 2 + 0.1);
  await page.getByTestId('box-views-snap').click();
  await expect.poll(async () => (await record(page)).height).toBeGreaterThan(shrunk.height + 0.1);
  const snapped = await record(page);
  expect(snapped.cz + snapped.height / 2, 'the top stayed').toBeCloseTo(shrunk.cz + shrunk.height / 2, 9);
  expect(Math.abs(snapped.cz - snapped.height / 2 - (before.cz - before.height / 2)), 'back on the ground the fit found').toBeLessThan(0.15);
  await page.getByTestId('box-views').screenshot({ path: path.join(ARTIFACTS, '65-box-views-shrunk-snapped-1920.png') });
  expect(errors, 'page errors').toEqual([]);
});
