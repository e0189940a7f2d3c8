import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { writeSampleCarDetector } from '../src/main/services/models/testing/sampleCarDetector';
import { writeSamplePillarModel } from '../src/main/services/models/testing/samplePillarModel';
import { openApp, waitSaved } from './support/app';
import { startCairn, type RunningCairn } from './support/cairnServer';
import { showTab } from './support/workspaces';

const ARTIFACTS = path.join(__dirname, 'artifacts');
let workspace: string;
let modelDir: string;
let server: RunningCairn | null = null;

test.beforeAll(() => {
  mkdirSync(ARTIFACTS, { recursive: true });
  workspace = mkdtempSync(path.join(os.tmpdir(), 'cairn-e2e-proposals-'));
  modelDir = mkdtempSync(path.join(os.tmpdir(), 'cairn-e2e-model-'));
});

test.afterAll(async () => {
  await server?.stop();
  rmSync(workspace, { recursive: true, force: true });
  rmSync(modelDir, { recursive: true, force: true });
});

async function runGenerator(page: Page, name: string) {
  await page.getByTestId('proposals-generator').selectOption({ label: name });
  await page.getByTestId('proposals-run').click();
  await expect(page.getByTestId('proposals-message')).toContainText(`on frame 1:`, { timeout: 60_000 });
}

test('run assists on a frame, accept two proposals and reject one, undo, and read the provenance in the inspector', async ({ page }) => {
  test.setTimeout(180_000);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.setViewportSize({ width: 1280, height: 800 });
  server = await startCairn(workspace);
  await openApp(page, server.url, errors);
  await showTab(page, 'Proposals');
  await expect(page.getByTestId('proposals-count')).toHaveAttribute('data-count', '0');

  // The classical generator on the scan: no model needed.
  await runGenerator(page, 'Cluster boxes (no model)');
  const rows = page.getByTestId('proposal-row');
  await expect.poll(() => rows.count()).toBeGreaterThan(3);
  const before = await rows.count();
  await page.waitForTimeout(500);
  await page.getByTestId('viewport').screenshot({ path: path.join(ARTIFACTS, 'proposals-01-layer.png') });

  // Reject one, accept two: the boxes exist, the list shrinks by three.
  await expect(page.getByTestId('object-count')).toHaveText('0');
  await rows.nth(2).getByTestId('proposal-reject').click();
  await expect(rows).toHaveCount(before - 1);
  await rows.nth(0).getByTestId('proposal-accept').click();
  await expect(page.getByTestId('object-count')).toHaveText('1');
  await rows.nth(0).getByTestId('proposal-accept').click();
  await expect(page.getByTestId('object-count')).toHaveText('2');
  await expect(rows).toHaveCount(before - 3);
  await waitSaved(page);

  // Undo takes the second accept back: its box goes and its proposal is open again.
  await page.getByTestId('undo').click();
  await expect(page.getByTestId('object-count')).toHaveText('1');
  await expect(rows).toHaveCount(before - 2);
  await waitSaved(page);

  // A frame without proposals and back: the list this window read is shown again, as it was.
  await page.keyboard.press('.');
  await expect(page.getByTestId('frame-label')).toContainText('Frame 2 /');
  await expect(page.getByTestId('proposals-count')).toHaveAttribute('data-count', '0');
  await page.keyboard.press(',');
  await expect(page.getByTestId('frame-label')).toContainText('Frame 1 /');
  await expect(rows).toHaveCount(before - 2);

  // The accepted box names the generator that proposed it in the inspector.
  await page.getByTestId('object-row').first().click();
  await expect(page.getByTestId('inspector-provenance')).toBeVisible();
  await expect(page.getByTestId('provenance-generator')).toHaveText('cluster-boxes');
  await expect(page.getByTestId('inspector-provenance')).toContainText('accepted as proposed');

  // A 2D detector built by the test, registered through the panel, lifted onto the car it finds.
  const files = writeSampleCarDetector(modelDir, path.join(__dirname, '..', 'resources'));
  await page.getByTestId('model-registry').locator('summary').click();
  await page.getByTestId('model-file').fill(files.modelFile);
  await page.getByTestId('model-card').fill(files.cardFile);
  await page.getByTestId('model-register').click();
  await expect(page.getByTestId('model-row')).toHaveCount(1, { timeout: 60_000 });
  await runGenerator(page, 'Test car finder');
  // It finds "a car" in every camera; in the front camera that is the car it was built for.
  await expect(rows.filter({ hasText: 'Test car finder' })).toHaveCount(2);
  const lifted = page.locator('[data-testid="proposal-row"][data-sensor="cam_front"]');
  await expect(lifted).toHaveCount(1);
  await expect(lifted).toHaveAttribute('data-score', /^0\.8/);
  // Accept and edit: the box is selected, its provenance names the model by hash.
  await lifted.getByTestId('proposal-edit').click();
  await expect(page.getByTestId('object-count')).toHaveText('2');
  await expect(page.getByTestId('provenance-model')).toHaveText('Test car finder');
  await expect(page.getByTestId('provenance-generator')).toHaveText('detect2d-lift');
  await expect(page.getByTestId('provenance-sha256')).toHaveText(/^[0-9a-f]{16}…$/);
  await showTab(page, 'Inspector');
  await page.getByTestId('inspector-cx').fill('21.5');
  await page.getByTestId('inspector-cx').press('Enter');
  await expect(page.getByTestId('inspector-provenance')).toContainText('edited by hand since');
  await waitSaved(page);
  await page.getByTestId('inspector-provenance').locator('summary').click();
  await expect(page.getByTestId('provenance-sha256')).toBeVisible();
  await page.screenshot({ path: path.join(ARTIFACTS, 'proposals-02-app.png') });

  // A split 3D detector (two graphs the test builds), registered with its second graph, run on the scan.
  const pillars = writeSamplePillarModel(modelDir);
  await page.getByTestId('model-file').fill(pillars.pfeFile);
  await page.getByTestId('model-card').fill(pillars.cardFile);
  await page.getByTestId('model-rpn').fill(pillars.rpnFile);
  await page.screenshot({ path: path.join(ARTIFACTS, 'proposals-03-register-pillars.png') });
  await page.getByTestId('model-register').click();
  await expect(page.locator('[data-testid="model-row"][data-kind="pillars"]')).toHaveCount(1, { timeout: 60_000 });
  await runGenerator(page, 'test pillars');
  const fromPillars = rows.filter({ hasText: 'test pillars' });
  await expect(fromPillars.first()).toBeVisible();
  const proposed = await fromPillars.count();

  // Proposals are kept in the workspace: a reload lists them again.
  await openApp(page, server.url, errors);
  await showTab(page, 'Proposals');
  await expect(rows.filter({ hasText: 'test pillars' })).toHaveCount(proposed);
  await rows.filter({ hasText: 'test pillars' }).first().getByTestId('proposal-edit').click();
  await expect(page.getByTestId('object-count')).toHaveText('3');
  await expect(page.getByTestId('provenance-generator')).toHaveText('pillars');
  await waitSaved(page);
  expect(errors, 'page errors').toEqual([]);
});
