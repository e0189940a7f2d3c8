import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { drawBox, openApp, waitSaved } from './support/app';
import { startCairn, type RunningCairn } from './support/cairnServer';

const ARTIFACTS = path.join(__dirname, 'artifacts');

let workspace: string;
let server: RunningCairn | null = null;

test.beforeAll(() => {
  mkdirSync(ARTIFACTS, { recursive: true });
  workspace = mkdtempSync(path.join(os.tmpdir(), 'cairn-e2e-attributes-'));
});

test.afterAll(async () => {
  await server?.stop();
  rmSync(workspace, { recursive: true, force: true });
});

/** The attributes the inspector shows for the selected car. */
async function expectAttributes(page: Page, values: { occlusion: string; truncation: string; parked: boolean }): Promise<void> {
  await expect(page.getByTestId('attr-occlusion')).toHaveValue(values.occlusion);
  await expect(page.getByTestId('attr-truncation')).toHaveValue(values.truncation);
  if (values.parked) await expect(page.getByTestId('attr-parked')).toBeChecked();
  else await expect(page.getByTestId('attr-parked')).not.toBeChecked();
}

test('typed attributes on a cuboid survive a reload and a restart; a published ontology version with a class rename carries the box along', async ({ page }) => {
  // Three page loads and a host restart: on a busy machine that outlasts the default two minutes.
  test.setTimeout(420_000);
  server = await startCairn(workspace);
  await openApp(page, server.url);

  // Draw a car: its required occlusion is unset, so the object list flags it.
  await drawBox(page);
  await expect(page.getByTestId('object-count')).toHaveText('1');
  await expect(page.getByTestId('inspector-class')).toHaveValue('car');
  await expect(page.getByTestId('object-flag')).toHaveAttribute('data-missing-required', 'true');
  await expect(page.getByTestId('attr-problem-occlusion')).toContainText('Occlusion is required');

  // An enum (per frame), a number (per frame) and a bool (per object).
  await page.getByTestId('attr-occlusion').selectOption('partial');
  await expect(page.getByTestId('object-flag')).toHaveCount(0);
  await page.getByTestId('attr-truncation').fill('0.25');
  await page.getByTestId('attr-truncation').press('Enter');
  await page.getByTestId('attr-parked').check();
  await expectAttributes(page, { occlusion: 'partial', truncation: '0.25', parked: true });
  await expect(page.getByTestId('undo')).toHaveAttribute('title', /Set Parked/);
  // A value out of range is kept as typed and flagged, then put right.
  await page.getByTestId('attr-truncation').fill('3');
  await page.getByTestId('attr-truncation').press('Enter');
  await expect(page.getByTestId('attr-problem-truncation')).toContainText('outside [0, 1]');
  await expect(page.getByTestId('object-flag')).toHaveAttribute('data-missing-required', 'false');
  await page.getByTestId('undo').click();
  await expect(page.getByTestId('attr-truncation')).toHaveValue('0.25');
  await expect(page.getByTestId('object-flag')).toHaveCount(0);
  await waitSaved(page);

  await page.reload();
  await openApp(page, page.url());
  await page.getByTestId('object-row').first().click();
  await expectAttributes(page, { occlusion: 'partial', truncation: '0.25', parked: true });

  await server.stop();
  server = await startCairn(workspace);
  await openApp(page, server.url);
  await page.getByTestId('object-row').first().click();
  await expectAttributes(page, { occlusion: 'partial', truncation: '0.25', parked: true });
  await page.screenshot({ path: path.join(ARTIFACTS, 'attributes-01-inspector.png') });

  // The ontology editor: rename car to automobile, preview, publish version 3 (the shipped default is version 2).
  await openOntologyEditor(page);
  await expect(page.getByTestId('ontology-version')).toHaveText('v2');
  await page.getByTestId('ontology-class-car').click();
  await page.getByTestId('ontology-rename-input').fill('automobile');
  await page.getByTestId('ontology-rename').click();
  await expect(page.getByTestId('ontology-steps')).toContainText('Rename class car → automobile');
  await page.getByTestId('ontology-preview').click();
  await expect(page.getByTestId('ontology-result')).toHaveAttribute('data-migrated', '1');
  await expect(page.getByTestId('ontology-result')).toHaveAttribute('data-flagged', '0');
  await page.getByTestId('ontology-publish').click();
  await expect(page.getByTestId('ontology-result')).toContainText('Published v3');
  await expect(page.getByTestId('ontology-version')).toHaveText('v3');
  await page.screenshot({ path: path.join(ARTIFACTS, 'attributes-02-ontology-editor.png') });

  // The box followed its class; its attributes came along.
  await page.getByTestId('object-row').first().click();
  await expect(page.getByTestId('inspector-class')).toHaveValue('automobile');
  await expectAttributes(page, { occlusion: 'partial', truncation: '0.25', parked: true });

  await page.reload();
  await openApp(page, page.url());
  await page.getByTestId('object-row').first().click();
  await expect(page.getByTestId('inspector-class')).toHaveValue('automobile');
  await expectAttributes(page, { occlusion: 'partial', truncation: '0.25', parked: true });
});

/** The editor is a dock panel tabbed beside the scene graph; the dock's tab buttons carry no test ids. */
async function openOntologyEditor(page: Page): Promise<void> {
  await page.locator('.flexlayout__tab_button', { hasText: 'Ontology' }).click();
  await expect(page.getByTestId('ontology-editor')).toBeVisible();
}
