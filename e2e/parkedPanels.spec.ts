import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { openApp } from './support/app';
import { showTab, Workspaces } from './support/workspaces';

const ARTIFACTS = path.join(__dirname, 'artifacts');

let workspaces: Workspaces;

test.beforeAll(() => {
  mkdirSync(ARTIFACTS, { recursive: true });
  workspaces = new Workspaces('cairn-e2e-parked-');
});

test.afterAll(async () => {
  await workspaces.close();
});

async function step(page: Page, key: '.' | ',', label: string): Promise<void> {
  await page.getByTestId('viewport').hover();
  await page.keyboard.press(key);
  await expect(page.getByTestId('frame-label')).toContainText(label);
}

test('a hidden panel is parked and catches up when shown: Checks judges the frame on screen after steps made behind another tab or a maximised view', async ({ browser }) => {
  test.setTimeout(180_000);
  const errors: string[] = [];
  const page = await workspaces.open(browser, 'checks', errors);
  const checks = page.getByTestId('panel-checks');

  // Never shown, never mounted; the 3D view (kept live) is mounted and never parked.
  await expect(checks).toHaveCount(0);
  await expect(page.getByTestId('panel-view3d')).not.toHaveAttribute('data-parked');

  await showTab(page, 'Checks');
  await expect(checks).toHaveAttribute('data-parked', 'false');
  await expect(page.getByTestId('checks-panel')).toContainText('on frame 1, the scan on screen');

  // Behind Box views it is parked; two steps later, shown again, it judges the frame now on screen.
  await showTab(page, 'Box views');
  await expect(checks).toHaveAttribute('data-parked', 'true');

  await step(page, '.', 'Frame 2 /');
  await step(page, '.', 'Frame 3 /');
  await showTab(page, 'Checks');
  await expect(checks).toHaveAttribute('data-parked', 'false');
  await expect(page.getByTestId('checks-panel')).toContainText('on frame 3, the scan on screen');

  // The 3D view maximised hides every other tabset: their panels park, and catch up when it is restored.
  const viewTabs = page.locator('.flexlayout__tabset_tabbar_outer').filter({ hasText: '3D view' });
  await viewTabs.getByRole('button', { name: 'Maximize tabset' }).click();
  await expect(checks).toHaveAttribute('data-parked', 'true');
  await expect(page.getByTestId('panel-inspector')).toHaveAttribute('data-parked', 'true');
  await step(page, ',', 'Frame 2 /');
  await viewTabs.getByRole('button', { name: 'Restore tabset' }).click();
  await expect(checks).toHaveAttribute('data-parked', 'false');
  await expect(page.getByTestId('panel-inspector')).toHaveAttribute('data-parked', 'false');
  await expect(page.getByTestId('checks-panel')).toContainText('on frame 2, the scan on screen');
  expect(errors, 'page errors').toEqual([]);
});

test('the 3D view draws the proposals of the frame on screen with the Proposals panel never shown', async ({ browser }) => {
  test.setTimeout(180_000);
  const errors: string[] = [];
  const page = await workspaces.open(browser, 'proposals', errors);
  await showTab(page, 'Proposals');
  await page.getByTestId('proposals-generator').selectOption({ label: 'Cluster boxes (no model)' });
  await page.getByTestId('proposals-run').click();
  await expect(page.getByTestId('proposals-message')).toContainText('on frame 1:', { timeout: 60_000 });
  await expect.poll(() => page.getByTestId('proposal-tag').count()).toBeGreaterThan(0);

  // Box views in front again (the layout, saved, keeps it there), then a reload: the Proposals panel
  // is not mounted, and the view reads the frame's proposals itself.
  const saves = Number(await page.getByTestId('dock').getAttribute('data-layout-saves'));
  await showTab(page, 'Box views');
  await expect.poll(async () => Number(await page.getByTestId('dock').getAttribute('data-layout-saves'))).toBeGreaterThan(saves);
  const url = page.url();
  await openApp(page, url, errors);
  await expect(page.getByTestId('panel-proposals')).toHaveCount(0);
  await expect.poll(() => page.getByTestId('proposal-tag').count()).toBeGreaterThan(0);
  // They follow the frame: none on the next one (nothing was run there), back with the first.
  await step(page, '.', 'Frame 2 /');
  await expect(page.getByTestId('proposal-tag')).toHaveCount(0);
  await step(page, ',', 'Frame 1 /');
  await expect.poll(() => page.getByTestId('proposal-tag').count()).toBeGreaterThan(0);
  expect(errors, 'page errors').toEqual([]);
});
