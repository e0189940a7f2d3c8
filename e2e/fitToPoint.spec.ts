import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { startCairn, type RunningCairn } from './support/cairnServer';

// Must match CAMERA_PRESETS.top and the canvas camera's fov in the renderer.
const TOP_CAMERA = { position: [9.999, 0, 70], fovDeg: 55 };

interface GroundTruth {
  frameId: string;
  classId: string;
  cuboid: { center: [number, number, number]; size: [number, number, number]; rotation: [number, number, number, number] };
}

let server: RunningCairn;
let workspace: string;

test.beforeAll(async () => {
  workspace = mkdtempSync(path.join(os.tmpdir(), 'cairn-e2e-fit-'));
  server = await startCairn(workspace);
});

test.afterAll(async () => {
  await server.stop();
  rmSync(workspace, { recursive: true, force: true });
});

test('one click on a car in the top view fits a box to it', async ({ page }) => {
  const scene = JSON.parse(readFileSync(path.join(__dirname, '..', 'resources', 'sample', 'scene.json'), 'utf8')) as {
    frames: Array<{ frameId: string }>;
    groundTruth: GroundTruth[];
  };
  // A parked car 13.5 m ahead on the right, clear of other objects.
  const car = scene.groundTruth.find(
    (g) => g.frameId === scene.frames[0].frameId && g.classId === 'car' && Math.abs(g.cuboid.center[0] - 13.5) < 0.5 && g.cuboid.center[1] < 0,
  );
  if (!car) throw new Error('the sample scene no longer has the parked car this test clicks');

  await page.goto(server.url);
  await expect(page.getByTestId('app')).toHaveAttribute('data-status', 'ready');
  await expect(page.getByTestId('point-count')).toContainText('points');
  await page.getByTestId('view-top').click();
  await page.getByTestId('tool-fit').click();

  // Project the middle of the car's roof through the top camera, independently of the app.
  const box = (await page.getByTestId('viewport').boundingBox())!;
  const [cx, cy, cz] = car.cuboid.center;
  const roof = cz + car.cuboid.size[2] / 2 - 0.05;
  const toScreen = (x: number, y: number, z: number) => {
    const depth = TOP_CAMERA.position[2] - z;
    const t = Math.tan((TOP_CAMERA.fovDeg * Math.PI) / 360);
    const ndcX = -(y - TOP_CAMERA.position[1]) / (depth * t * (box.width / box.height));
    const ndcY = (x - TOP_CAMERA.position[0]) / (depth * t);
    return { x: box.x + ((ndcX + 1) / 2) * box.width, y: box.y + ((1 - ndcY) / 2) * box.height };
  };
  await page.waitForTimeout(500);
  const click = toScreen(cx, cy, roof);
  await page.mouse.click(click.x, click.y);

  await expect(page.getByTestId('object-count')).toHaveText('1');
  await expect(page.getByTestId('notice')).toContainText('Fitted a box');
  await page.screenshot({ path: path.join(__dirname, 'artifacts', '10-fit-top-view.png') });
  const x = Number(await page.getByTestId('inspector-cx').inputValue());
  const y = Number(await page.getByTestId('inspector-cy').inputValue());
  const length = Number(await page.getByTestId('inspector-length').inputValue());
  const width = Number(await page.getByTestId('inspector-width').inputValue());
  const yaw = Number(await page.getByTestId('inspector-yaw').inputValue());
  // The scan sees the car from one side, so the fitted box is allowed to be a little short.
  expect(Math.abs(x - cx)).toBeLessThan(0.6);
  expect(Math.abs(y - cy)).toBeLessThan(0.4);
  expect(length).toBeGreaterThan(car.cuboid.size[0] - 1.0);
  expect(length).toBeLessThan(car.cuboid.size[0] + 0.3);
  expect(width).toBeGreaterThan(car.cuboid.size[1] - 0.6);
  expect(width).toBeLessThan(car.cuboid.size[1] + 0.3);
  const yawError = Math.abs(((yaw - (2 * Math.atan2(car.cuboid.rotation[2], car.cuboid.rotation[3]) * 180) / Math.PI + 90) % 180 + 180) % 180 - 90);
  expect(yawError).toBeLessThan(6);
  expect(Number(await page.getByTestId('inspector-points').textContent())).toBeGreaterThan(50);
  await expect(page.getByTestId('save-status')).toHaveAttribute('data-pending', '0');

  // The box shows in the front camera (selected: white edges), and picking it there selects it.
  const overlay = page.getByTestId('camera-overlay-cam_front');
  const white = await overlay.evaluate((c: HTMLCanvasElement) => {
    const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    let sx = 0;
    let sy = 0;
    for (let i = 0; i < d.length; i += 4) {
      if (d[i] > 240 && d[i + 1] > 240 && d[i + 2] > 240 && d[i + 3] > 200) {
        n++;
        sx += (i / 4) % c.width;
        sy += Math.floor(i / 4 / c.width);
      }
    }
    return { n, u: sx / Math.max(n, 1), v: sy / Math.max(n, 1), w: c.width, h: c.height };
  });
  expect(white.n, 'white edge pixels of the selected box in cam_front').toBeGreaterThan(200);
  // The car is ahead and to the right: its box must land in the right half of the image.
  expect(white.u).toBeGreaterThan(white.w / 2);
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('inspector-cx')).toBeHidden();
  const ob = (await overlay.boundingBox())!;
  await overlay.click({ position: { x: (white.u / white.w) * ob.width, y: (white.v / white.h) * ob.height } });
  await expect(page.getByTestId('inspector-cx')).toHaveValue(x.toFixed(2));

  // Drag the gizmo's y arrow (pointing left on screen in the top view): one drag, one undo step.
  const z = Number(await page.getByTestId('inspector-cz').inputValue());
  const centre = toScreen(x, y, z);
  await page.mouse.move(centre.x - 45, centre.y);
  await page.mouse.down();
  await page.mouse.move(centre.x - 85, centre.y, { steps: 10 });
  await page.mouse.move(centre.x - 125, centre.y, { steps: 10 });
  await page.mouse.up();
  await page.screenshot({ path: path.join(__dirname, 'artifacts', '11-gizmo-drag.png') });
  const movedY = Number(await page.getByTestId('inspector-cy').inputValue());
  expect(movedY - y, 'moved left, along +y').toBeGreaterThan(1.5);
  // Along the box's own y axis (the gizmo is in local space): barely any x for a box at ~2° yaw.
  expect(Math.abs(Number(await page.getByTestId('inspector-cx').inputValue()) - x)).toBeLessThan(0.1 * (movedY - y));
  await expect(page.getByTestId('save-status')).toHaveAttribute('data-pending', '0');
  await page.getByTestId('undo').click();
  await expect(page.getByTestId('inspector-cy')).toHaveValue(y.toFixed(2));
  await page.getByTestId('undo').click();
  await expect(page.getByTestId('object-count')).toHaveText('0');
});
