import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { waitSaved } from './support/app';
import { topViewPixel, type Point3 } from './support/sampleScene';
import { showTab, Workspaces } from './support/workspaces';

const ARTIFACTS = path.join(__dirname, 'artifacts');
const GROUND = -1.8;

let workspaces: Workspaces;

test.beforeAll(() => {
  mkdirSync(ARTIFACTS, { recursive: true });
  workspaces = new Workspaces('cairn-e2e-checks-');
});

test.afterAll(async () => {
  await workspaces.close();
});

/** A box drawn in the Top view from one scene point to the opposite corner of its footprint. */
async function drawAt(page: Page, from: Point3, to: Point3): Promise<void> {
  await page.getByTestId('tool-draw').click();
  const a = await topViewPixel(page, from);
  const b = await topViewPixel(page, to);
  await page.mouse.move(a.x, a.y);
  await page.mouse.down();
  await page.mouse.move(b.x, b.y, { steps: 8 });
  await page.mouse.up();
}

test('plausibility checks live: an empty box, a missing attribute and two overlapping boxes are listed, a click selects, undo clears', async ({ browser }) => {
  const page = await workspaces.open(browser, 'annotator');
  await showTab(page, 'Checks');
  await expect(page.getByTestId('checks-count')).toHaveText('Nothing implausible in 0 boxes');
  await expect(page.getByTestId('checks-panel')).toContainText('on frame 1, the scan on screen');

  // Where the ego car stands the scan has no returns: a box there is empty.
  await page.getByTestId('view-top').click();
  await drawAt(page, [-1.5, -1, GROUND], [1.5, 1, GROUND]);
  await expect(page.getByTestId('object-count')).toHaveText('1');
  await waitSaved(page);
  // The new box is empty, and the sample ontology's required occlusion is not set yet.
  const items = page.getByTestId('checks-item');
  await expect(items).toHaveCount(2);
  await expect(page.locator('[data-testid="checks-item"][data-rule="empty-box"]')).toContainText('0 LiDAR points inside');
  await expect(page.locator('[data-testid="checks-item"][data-rule="empty-box"]')).toHaveAttribute('data-severity', 'error');
  await expect(page.locator('[data-testid="checks-item"][data-rule="required-attribute"]')).toContainText('Occlusion');

  // A second box over half of it, drawn from outside the first: the pair overlaps.
  await page.keyboard.press('Escape');
  await drawAt(page, [2.5, 1.5, GROUND], [0, -0.5, GROUND]);
  await expect(page.getByTestId('object-count')).toHaveText('2');
  const overlap = page.locator('[data-testid="checks-item"][data-rule="overlap"]');
  await expect(overlap).toHaveCount(1);
  await expect(overlap).toContainText('3D IoU');
  await page.getByTestId('checks-rule').selectOption('overlap');
  await expect(items).toHaveCount(1);
  await page.getByTestId('checks-rule').selectOption('all');

  // A click on a finding selects its box.
  await page.keyboard.press('Escape');
  const empty = page.locator('[data-testid="checks-item"][data-rule="empty-box"]').first();
  const objectId = await empty.getAttribute('data-object-id');
  await empty.click();
  await expect(page.locator(`[data-testid="object-row"][data-object-id="${objectId}"]`)).toHaveClass(/selected/);
  await page.getByTestId('checks-panel').screenshot({ path: path.join(ARTIFACTS, 'checks-01-panel.png') });

  // Undo takes the second box back, and its overlap with it.
  await page.getByTestId('undo').click();
  await expect(page.getByTestId('object-count')).toHaveText('1');
  await expect(overlap).toHaveCount(0);
});
