import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { openApp, waitSaved } from './support/app';
import { startCairn, type RunningCairn } from './support/cairnServer';
import { paintedFraction } from './support/pixels';

const ARTIFACTS = path.join(__dirname, 'artifacts');
const BACKGROUND: [number, number, number] = [0x0d, 0x10, 0x17];

let workspace: string;
let server: RunningCairn | null = null;

test.beforeAll(() => {
  mkdirSync(ARTIFACTS, { recursive: true });
  workspace = mkdtempSync(path.join(os.tmpdir(), 'cairn-e2e-'));
});

test.afterAll(async () => {
  await server?.stop();
  rmSync(workspace, { recursive: true, force: true });
});

async function canvasBox(page: Page) {
  const box = await page.getByTestId('viewport').boundingBox();
  if (!box) throw new Error('viewport has no box');
  return box;
}

test('open the sample scene, draw a cuboid, edit, undo / redo, and keep it across reloads and restarts', async ({ page }) => {
  // Two host restarts and several reloads: on a busy two-core machine (load ~19) this took just over the default 120 s.
  test.setTimeout(300_000);
  server = await startCairn(workspace);
  await openApp(page, server.url);

  // The 3D view really drew the scan: read the pixels back.
  await page.waitForTimeout(1500);
  const shot = await page.getByTestId('viewport').screenshot({ path: path.join(ARTIFACTS, '01-scene.png') });
  const painted = paintedFraction(shot, BACKGROUND);
  expect(painted.fraction, 'share of the viewport covered by points').toBeGreaterThan(0.05);
  expect(painted.colours, 'distinct colours (height ramp)').toBeGreaterThan(20);

  // Intensity colouring changes the picture.
  await page.getByTestId('color-mode').selectOption('intensity');
  await page.waitForTimeout(300);
  const intensityShot = await page.getByTestId('viewport').screenshot({ path: path.join(ARTIFACTS, '02-intensity.png') });
  expect(intensityShot.equals(shot)).toBe(false);
  await page.getByTestId('color-mode').selectOption('height');

  // Draw a footprint on the ground.
  await expect(page.getByTestId('object-count')).toHaveText('0');
  await page.getByTestId('tool-draw').click();
  const box = await canvasBox(page);
  const from = { x: box.x + box.width * 0.5, y: box.y + box.height * 0.55 };
  const to = { x: box.x + box.width * 0.58, y: box.y + box.height * 0.62 };
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move(to.x, to.y, { steps: 8 });
  await page.mouse.up();
  await expect(page.getByTestId('object-count')).toHaveText('1');
  await waitSaved(page);
  const drawnLength = Number(await page.getByTestId('inspector-length').inputValue());
  expect(drawnLength).toBeGreaterThan(0.3);
  await page.screenshot({ path: path.join(ARTIFACTS, '03-drawn.png') });

  // Edit through the inspector: class, length, yaw.
  await page.getByTestId('inspector-class').selectOption('truck');
  await page.getByTestId('inspector-length').fill('5.25');
  await page.getByTestId('inspector-length').press('Enter');
  await page.getByTestId('inspector-yaw').fill('30');
  await page.getByTestId('inspector-yaw').press('Enter');
  await expect(page.getByTestId('inspector-length')).toHaveValue('5.25');
  await expect(page.getByTestId('inspector-yaw')).toHaveValue('30.0');
  // Escape drops what was typed and shows the value as it was, as the field shows it (one decimal for degrees).
  await page.getByTestId('inspector-yaw').fill('45');
  await page.getByTestId('inspector-yaw').press('Escape');
  await expect(page.getByTestId('inspector-yaw')).toHaveValue('30.0');
  await waitSaved(page);

  // Undo twice (yaw, length), redo once (length).
  await page.getByTestId('undo').click();
  await expect(page.getByTestId('inspector-yaw')).toHaveValue('0.0');
  await page.getByTestId('undo').click();
  await expect(page.getByTestId('inspector-length')).toHaveValue(drawnLength.toFixed(2));
  await page.getByTestId('redo').click();
  await expect(page.getByTestId('inspector-length')).toHaveValue('5.25');
  // Keyboard redo restores the yaw.
  await page.getByTestId('viewport').click({ position: { x: 5, y: 5 }, button: 'right' });
  await page.keyboard.press('Control+Shift+Z');
  await expect(page.getByTestId('inspector-yaw')).toHaveValue('30.0');
  await waitSaved(page);
  await page.screenshot({ path: path.join(ARTIFACTS, '04-edited.png') });

  // Reload: the same box comes back from the workspace.
  await page.reload();
  await openApp(page, page.url());
  await expect(page.getByTestId('object-count')).toHaveText('1');
  await page.getByTestId('object-row').first().click();
  await expect(page.getByTestId('inspector-length')).toHaveValue('5.25');
  await expect(page.getByTestId('inspector-yaw')).toHaveValue('30.0');
  await expect(page.getByTestId('inspector-class')).toHaveValue('truck');

  // Restart the host on the same workspace.
  await server.stop();
  server = await startCairn(workspace);
  await openApp(page, server.url);
  await expect(page.getByTestId('object-count')).toHaveText('1');
  await page.getByTestId('object-row').first().click();
  await expect(page.getByTestId('inspector-length')).toHaveValue('5.25');
  await page.screenshot({ path: path.join(ARTIFACTS, '05-after-restart.png') });

  // Delete, and undo the delete.
  await page.getByTestId('inspector-delete').click();
  await expect(page.getByTestId('object-count')).toHaveText('0');
  await page.keyboard.press('Control+Z');
  await expect(page.getByTestId('object-count')).toHaveText('1');
  await waitSaved(page);
});

test('the web host refuses requests without its token', async ({ page, request }) => {
  server ??= await startCairn(workspace);
  const bare = await request.get(server.origin + '/', { maxRedirects: 0 });
  expect(bare.status()).toBe(401);
  const data = await request.get(server.origin + '/data/sample/scene.json', { maxRedirects: 0 });
  expect(data.status()).toBe(401);
  await page.goto(server.origin + '/');
  await expect(page.locator('body')).toContainText('token');
});
