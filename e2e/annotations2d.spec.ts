import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { drawBox, openApp, waitSaved } from './support/app';
import { startCairn, type RunningCairn } from './support/cairnServer';
import { showTab } from './support/workspaces';

const ARTIFACTS = path.join(__dirname, 'artifacts');

let workspace: string;
let server: RunningCairn | null = null;

test.beforeAll(() => {
  mkdirSync(ARTIFACTS, { recursive: true });
  workspace = mkdtempSync(path.join(os.tmpdir(), 'cairn-e2e-2d-'));
});

test.afterAll(async () => {
  await server?.stop();
  rmSync(workspace, { recursive: true, force: true });
});

/** Keys go to the window, not to a field that may hold the focus. */
async function press(page: Page, key: string): Promise<void> {
  await page.getByTestId('viewport').click({ position: { x: 5, y: 5 }, button: 'right' });
  await page.keyboard.press(key);
}

const rows2d = (page: Page) => page.locator('[data-testid="object-row"][data-kind="box2d"]');

test('2D boxes in a camera: one drawn linked to a 3D box, projected ones from its track; undo everything, redo everything, reload: all there', async ({ page }) => {
  test.setTimeout(180_000);
  server = await startCairn(workspace);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await openApp(page, server.url, errors);

  // A 3D box ahead of the ego, selected as drawn.
  await drawBox(page, { x: 0.5, y: 0.45 }, { x: 0.56, y: 0.5 });
  await expect(page.locator('[data-testid="object-row"][data-kind="cuboid"]')).toHaveCount(1);
  const cuboidRow = page.locator('[data-testid="object-row"][data-kind="cuboid"]');
  const trackTitle = (await cuboidRow.getAttribute('title'))!;

  // Project to cameras: a derived box in each camera that sees it, linked to the cuboid's track.
  await press(page, 'Shift+P');
  await expect(rows2d(page).first()).toBeVisible();
  const projected = await rows2d(page).count();
  const tags = page.getByTestId('image-label-tag');
  await expect(tags.first()).toContainText('(projected)');
  const linked = (await tags.first().getAttribute('data-linked'))!;
  expect(linked).not.toBe('');
  expect(trackTitle).toContain(linked.slice(0, 4));

  // The cuboid selected again, draw a 2D box in the front camera: linked to it, not derived.
  await cuboidRow.click();
  await press(page, 'Shift+B');
  const overlay = page.getByTestId('camera-overlay-cam_front');
  const o = (await overlay.boundingBox())!;
  await page.mouse.move(o.x + o.width * 0.1, o.y + o.height * 0.2);
  await page.mouse.down();
  await page.mouse.move(o.x + o.width * 0.3, o.y + o.height * 0.45, { steps: 6 });
  await page.mouse.up();
  await expect(rows2d(page)).toHaveCount(projected + 1);
  const drawn = page.locator('[data-testid="image-label-tag"][data-camera="cam_front"]').filter({ hasNotText: 'projected' });
  await expect(drawn).toHaveCount(1);
  await expect(drawn).toHaveAttribute('data-linked', linked);
  // Selected as drawn: the inspector shows its camera and the 3D object it is linked to.
  await expect(page.getByTestId('inspector')).toHaveAttribute('data-kind', 'box2d');
  await expect(page.getByTestId('inspector-camera')).toHaveText('cam_front');
  await expect(page.getByTestId('inspector-linked')).toContainText(linked.slice(0, 4));
  await page.waitForTimeout(300);
  await overlay.screenshot({ path: path.join(ARTIFACTS, 'annotations2d-cam_front.png') });

  // Drawn away from where its cuboid projects, the box is a finding of the Checks panel (a warning);
  // the projected boxes, which follow the cuboid, are not.
  await showTab(page, 'Checks');
  const far = page.locator('[data-testid="checks-item"][data-rule="box2d-projection"]');
  await expect(far).toHaveCount(1);
  await expect(far).toHaveAttribute('data-severity', 'warning');
  await expect(far).toContainText(/cam_front/);
  await showTab(page, 'Inspector');

  // Undo everything (the drawn box, the projection, the cuboid), then redo everything.
  for (const left of [projected, 0]) {
    await press(page, 'Control+z');
    await expect(rows2d(page)).toHaveCount(left);
  }
  await press(page, 'Control+z');
  await expect(page.getByTestId('object-row')).toHaveCount(0);
  for (const count of [0, projected, projected + 1]) {
    await press(page, 'Control+Shift+z');
    await expect(rows2d(page)).toHaveCount(count);
  }
  await expect(page.locator('[data-testid="object-row"][data-kind="cuboid"]')).toHaveCount(1);
  await waitSaved(page);

  // Reload: all there, the drawn box still linked.
  await openApp(page, page.url(), errors);
  await expect(rows2d(page)).toHaveCount(projected + 1);
  await expect(page.locator('[data-testid="image-label-tag"][data-camera="cam_front"]').filter({ hasNotText: 'projected' })).toHaveAttribute('data-linked', linked);
  expect(errors).toEqual([]);
});
