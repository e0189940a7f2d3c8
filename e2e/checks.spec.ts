import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { TIMED_CARS, writeTimedSweepScene } from '../src/main/testing/timedSweepScene';
import { Workspace } from '../src/main/services/workspace/workspace';
import { openApp, waitSaved } from './support/app';
import { startCairn, type RunningCairn } from './support/cairnServer';
import { topViewPixel, type Point3 } from './support/sampleScene';
import { showTab, Workspaces } from './support/workspaces';

const ARTIFACTS = path.join(__dirname, 'artifacts');
const GROUND = -1.8;

let workspaces: Workspaces;
let timedServer: RunningCairn | null = null;

test.beforeAll(() => {
  mkdirSync(ARTIFACTS, { recursive: true });
  workspaces = new Workspaces('cairn-e2e-checks-');
});

test.afterAll(async () => {
  await timedServer?.stop();
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
  // No box, so no rule left any out.
  await expect(page.getByTestId('checks-not-checked')).toHaveCount(0);
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
  // The sample's sweeps (KITTI .bin) carry no per-point capture time: point-time says it did not judge the box, and why.
  const notChecked = page.getByTestId('checks-not-checked');
  await expect(notChecked).toHaveAttribute('data-count', '1');
  await expect(notChecked.locator('summary')).toHaveText('Not checked (1)');
  await notChecked.locator('summary').click();
  const untimed = page.locator('[data-testid="checks-not-checked-row"][data-rule="point-time"]');
  await expect(untimed).toBeVisible();
  await expect(untimed).toHaveAttribute('data-boxes', '1');
  await expect(untimed).toContainText('the sweep carries no per-point capture time');
  await page.screenshot({ path: path.join(ARTIFACTS, 'checks-03-not-checked-app.png') });
  await notChecked.screenshot({ path: path.join(ARTIFACTS, 'checks-03-not-checked.png') });

  // A second box over half of it, drawn from outside the first: the pair overlaps.
  await page.keyboard.press('Escape');
  await drawAt(page, [2.5, 1.5, GROUND], [0, -0.5, GROUND]);
  await expect(page.getByTestId('object-count')).toHaveText('2');
  const overlap = page.locator('[data-testid="checks-item"][data-rule="overlap"]');
  await expect(overlap).toHaveCount(1);
  await expect(overlap).toContainText('3D IoU');
  await expect(untimed).toHaveAttribute('data-boxes', '2');
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

test('point-time live: on a scene whose sweeps carry per-point time, the box of a fast car the beam passed late is listed on the frame shown, the slow car’s is not', async ({ browser }) => {
  // Boxes fitted to the points of each sweep, as a dataset's labels come, put in the workspace before the host starts.
  const scene = writeTimedSweepScene(path.join(workspaces.root, 'timed-scene'));
  const workspaceDir = path.join(workspaces.root, 'timed');
  const ws = Workspace.open(workspaceDir);
  try {
    ws.annotations.apply({ opId: randomUUID(), sceneId: scene.manifest.sceneId, author: 'generator', at: 1, label: 'fitted boxes', changes: scene.records.map((r) => ({ objectId: r.objectId, before: null, after: r })) });
  } finally {
    ws.close();
  }
  timedServer = await startCairn(workspaceDir, { open: scene.dir });
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  try {
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await openApp(page, timedServer.url, errors);
    await expect(page.getByTestId('frame-label')).toHaveText('Frame 1 / 3');
    await expect(page.getByTestId('object-count')).toHaveText('2');
    await showTab(page, 'Checks');
    await expect(page.getByTestId('checks-panel')).toContainText('on frame 1, the scan on screen');

    const pointTime = page.locator('[data-testid="checks-item"][data-rule="point-time"]');
    const lateBox = (frame: number) => scene.records.find((r) => r.trackId === TIMED_CARS.late.trackId && r.frameId === scene.manifest.frames![frame].frameId)!.objectId;
    await expect(pointTime).toHaveCount(1);
    await expect(pointTime).toHaveAttribute('data-object-id', lateBox(0));
    await expect(pointTime).toHaveAttribute('data-frame-index', '0');
    await expect(pointTime).toContainText(`captured ${Math.round(scene.seenAfter.late[0] * 1000)} ms after the frame's time`);
    // Its speed from its fitted keyframes on frames 1 and 2, times how late its points were seen.
    const [seen0, seen1] = scene.seenAfter.late;
    const speed = (TIMED_CARS.late.speed * (0.1 + seen1 - seen0)) / 0.1;
    await expect(pointTime).toContainText(`at ${speed.toFixed(1)} m/s the object was ${(speed * seen0).toFixed(2)} m from where they show it (0.5 m allowed)`);
    // These sweeps carry per-point time, so point-time is not among the rules not checked; the scene's
    // lack of ego poses keeps speed and acceleration there.
    await page.getByTestId('checks-not-checked').locator('summary').click();
    const notCheckedRules = page.getByTestId('checks-not-checked-row');
    await expect(notCheckedRules).toHaveCount(2);
    expect(await notCheckedRules.evaluateAll((els) => els.map((e) => e.getAttribute('data-rule')))).toEqual(['speed', 'acceleration']);
    await expect(notCheckedRules.first()).toContainText('the scene has no ego poses');
    await page.getByTestId('checks-rule').selectOption('point-time');
    await page.getByTestId('checks-panel').screenshot({ path: path.join(ARTIFACTS, 'checks-02-point-time.png') });
    await page.getByTestId('checks-rule').selectOption('all');

    // The point rules follow the frame shown: a step judges the next sweep's times.
    await page.getByTestId('viewport').hover();
    await page.keyboard.press('.');
    await expect(page.getByTestId('frame-label')).toHaveText('Frame 2 / 3');
    await expect(page.getByTestId('checks-panel')).toContainText('on frame 2, the scan on screen');
    await expect(pointTime).toHaveCount(1);
    await expect(pointTime).toHaveAttribute('data-object-id', lateBox(1));
    await expect(page.locator('[data-testid="checks-not-checked-row"][data-rule="point-time"]')).toHaveCount(0);
    expect(errors, 'page errors').toEqual([]);
  } finally {
    await context.close();
  }
});
