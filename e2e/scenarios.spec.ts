import path from 'node:path';
import { expect, test } from '@playwright/test';
import { showTab, Workspaces } from './support/workspaces';

const ARTIFACTS = path.join(__dirname, 'artifacts');

let workspaces: Workspaces;

test.beforeAll(() => {
  workspaces = new Workspaces('cairn-e2e-scenarios-');
});

test.afterAll(async () => {
  await workspaces.close();
});

test('scenario search: a described query and raw SQL find frames, stepping through them moves the timeline, a scenario is saved by name', async ({ browser }) => {
  const errors: string[] = [];
  const page = await workspaces.open(browser, 'workspace', errors);
  await showTab(page, 'Scenarios');
  const timeline = page.getByTestId('timeline');
  await expect(timeline).toHaveAttribute('data-frame-index', '0');

  // The sample street has 9 pedestrians in frames 1-3 and 10 in frame 4 (its ground truth).
  await page.getByTestId('scenario-class').selectOption('pedestrian');
  await page.getByTestId('scenario-at-least').fill('10');
  await page.getByTestId('scenario-metadata').fill('street');
  await page.getByTestId('scenario-run').click();
  const results = page.getByTestId('scenario-result');
  await expect(results).toHaveCount(1);
  await expect(results.first()).toHaveAttribute('data-frame-index', '3');
  await page.getByTestId('scenario-next').click();
  await expect(timeline).toHaveAttribute('data-frame-index', '3');
  await expect(page.getByTestId('scenario-position')).toHaveText('1 / 1');

  // Raw SQL, read-only: two frames to step through, back and forth.
  await page.locator('.scenario-sql-box summary').click();
  await page.getByTestId('scenario-sql').fill('SELECT frame_key FROM frames WHERE frame_index IN (1, 2)');
  await page.getByTestId('scenario-run-sql').click();
  await expect(results).toHaveCount(2);
  await page.getByTestId('scenario-next').click();
  await expect(timeline).toHaveAttribute('data-frame-index', '1');
  await page.getByTestId('scenario-next').click();
  await expect(timeline).toHaveAttribute('data-frame-index', '2');
  await expect(page.getByTestId('scenario-position')).toHaveText('2 / 2');
  await expect(page.getByTestId('scenario-next')).toBeDisabled();
  await page.getByTestId('scenario-prev').click();
  await expect(timeline).toHaveAttribute('data-frame-index', '1');

  await page.getByTestId('scenario-name').fill('frames two and three');
  await page.getByTestId('scenario-save').click();
  await expect(page.getByTestId('scenario-saved-item')).toHaveText(['frames two and three']);
  await page.screenshot({ path: path.join(ARTIFACTS, 'scenarios.png') });

  // SQL that writes is refused with a reason; the app stays up and the saved scenario still runs.
  await page.getByTestId('scenario-sql').fill('DELETE FROM objects');
  await page.getByTestId('scenario-run-sql').click();
  await expect(page.getByTestId('scenario-error')).toContainText('only queries that read');
  await page.getByTestId('scenario-saved-item').click();
  await expect(results).toHaveCount(2);
  await expect(page.getByTestId('scenario-error')).toHaveCount(0);
  await page.getByTestId('scenario-remove').click();
  await expect(page.getByTestId('scenario-saved-item')).toHaveCount(0);
  expect(errors).toEqual([]);
});
