import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { startCairn, type RunningCairn } from './support/cairnServer';

const ARTIFACTS = path.join(__dirname, 'artifacts');
let workspace: string;
let server: RunningCairn | null = null;

test.beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  workspace = mkdtempSync(path.join(os.tmpdir(), 'cairn-e2e-reviewer-'));
  server = await startCairn(workspace, { open: path.join(__dirname, '..', 'resources', 'sample'), args: ['--reviewer'] });
});

test.afterAll(async () => {
  await server?.stop();
  rmSync(workspace, { recursive: true, force: true });
});

test('a reviewer-mode host shows its dataset read-only and offers no Open', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(server!.url);
  await expect(page.getByTestId('app')).toHaveAttribute('data-status', 'ready');
  await expect(page.getByTestId('read-only-badge')).toBeVisible();
  await expect(page.getByTestId('open-cloud')).toHaveCount(0);
  await expect(page.getByTestId('tool-draw')).toHaveCount(0);
  await expect(page.getByTestId('tool-select')).toBeVisible();
  await expect(page.getByTestId('frame-label')).toContainText('Frame 1 /');
  await page.screenshot({ path: path.join(ARTIFACTS, 'reviewer-mode.png') });
  expect(server!.stderr()).toContain('reviewer mode');
  expect(errors).toEqual([]);
});
