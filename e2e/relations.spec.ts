import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { drawBox, openApp, waitSaved } from './support/app';
import { startCairn, type RunningCairn } from './support/cairnServer';

const ARTIFACTS = path.join(__dirname, 'artifacts');
const sample = JSON.parse(readFileSync(path.join(__dirname, '..', 'resources', 'sample', 'scene.json'), 'utf8')) as { relations: { relationId: string; frameIntervals?: [number, number][] }[] };

let workspace: string;
let server: RunningCairn | null = null;

test.beforeAll(() => {
  mkdirSync(ARTIFACTS, { recursive: true });
  workspace = mkdtempSync(path.join(os.tmpdir(), 'cairn-e2e-relations-'));
});

test.afterAll(async () => {
  await server?.stop();
  rmSync(workspace, { recursive: true, force: true });
});

test('draw a relation between two boxes: shown in the graph panel and in 3D, edited, undone, redone, and kept across a reload', async ({ page }) => {
  // Two boxes, a relation, five edits and a reload: longer than one flow's default on a busy machine.
  test.setTimeout(300_000);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  server = await startCairn(workspace);
  await openApp(page, server.url, errors);
  const datasetEdges = Number(await page.getByTestId('graph-edge-count').textContent());

  // Two cars: the second, just drawn, stays selected.
  await drawBox(page);
  await expect(page.getByTestId('object-count')).toHaveText('1');
  await drawBox(page, { x: 0.3, y: 0.55 }, { x: 0.38, y: 0.62 });
  await expect(page.getByTestId('object-count')).toHaveText('2');
  const rows = page.getByTestId('object-row');
  const firstBox = (await rows.nth(0).getAttribute('data-object-id'))!;
  await expect(rows.nth(1)).toHaveClass(/selected/);

  // Relate takes the selected box as the subject; the object is picked in the object list.
  await page.getByTestId('tool-relate').click();
  const picker = page.getByTestId('relate-picker');
  await expect(picker).toHaveAttribute('data-stage', 'object');
  await page.getByTestId('object-list').locator(`[data-object-id="${firstBox}"]`).click();
  await page.getByTestId('relate-use-selected').click();
  await expect(picker).toHaveAttribute('data-stage', 'choosing');
  // Car to car: the default ontology's predicates for two vehicles, none of the pedestrians' ones.
  await expect(picker.locator('[data-testid^="relate-predicate-"]')).toHaveText(['follows', 'parked behind', 'approaches']);
  await expect(page.getByTestId('relate-first')).toHaveValue('1');
  await expect(page.getByTestId('relate-last')).toHaveValue('1');
  await page.getByTestId('relate-predicate-approaches').click();
  await page.getByTestId('relate-create').click();
  await expect(picker).toHaveCount(0);

  const inspector = page.getByTestId('relation-inspector');
  await expect(inspector).toBeVisible();
  const relationId = (await inspector.getAttribute('data-relation-id'))!;
  await expect(page.getByTestId('relation-predicate')).toHaveValue('approaches');
  await expect(page.getByTestId('graph-edge-count')).toHaveText(String(datasetEdges + 1));
  await expect(page.getByTestId(`graph-link-${relationId}-out`)).toHaveAttribute('data-source', 'annotation');
  await expect(page.getByTestId(`graph-link-${relationId}-out`)).toHaveAttribute('data-predicate', 'approaches');
  await expect(page.getByTestId(`graph-edit-${relationId}-out`)).toBeVisible();
  await expect(page.getByTestId(`relation-label-${relationId}`)).toHaveCount(1);
  // The dataset's relations stay beside it, marked read-only.
  const datasetRelation = sample.relations.find((r) => !r.frameIntervals || r.frameIntervals.some(([a]) => a === 0))!;
  await expect(page.getByTestId(`graph-readonly-${datasetRelation.relationId}-out`)).toBeVisible();

  // The range in the inspector: to frame 2, one undo step.
  await page.getByTestId('relation-last').fill('2');
  await page.getByTestId('relation-last').press('Enter');
  await expect(page.getByTestId('relation-last')).toHaveAttribute('data-value', '2');
  await waitSaved(page);
  await page.waitForTimeout(800);
  await page.screenshot({ path: path.join(ARTIFACTS, '60-relation-drawn.png') });

  // Undo the range edit and the relation; redo both.
  await page.getByTestId('undo').click();
  await expect(page.getByTestId('relation-last')).toHaveAttribute('data-value', '1');
  await page.getByTestId('undo').click();
  await expect(page.getByTestId(`graph-link-${relationId}-out`)).toHaveCount(0);
  await expect(page.getByTestId('graph-edge-count')).toHaveText(String(datasetEdges));
  await page.getByTestId('redo').click();
  await expect(page.getByTestId(`graph-link-${relationId}-out`)).toHaveAttribute('data-predicate', 'approaches');
  await page.getByTestId('redo').click();
  await waitSaved(page);

  // A reload reads it back from the workspace.
  await openApp(page, server.url, errors);
  await expect(page.getByTestId(`graph-link-${relationId}-out`)).toHaveAttribute('data-source', 'annotation');
  await page.getByTestId(`graph-edit-${relationId}-out`).click();
  await expect(page.getByTestId('relation-predicate')).toHaveValue('approaches');
  await expect(page.getByTestId('relation-last')).toHaveAttribute('data-value', '2');
  // Two boxes on the frame: the relation is no object of the list.
  await expect(page.getByTestId('object-count')).toHaveText('2');
  await page.waitForTimeout(800);
  await page.screenshot({ path: path.join(ARTIFACTS, '61-relation-reloaded.png') });

  // Delete from the inspector.
  await page.getByTestId('relation-delete').click();
  await expect(page.getByTestId(`graph-link-${relationId}-out`)).toHaveCount(0);
  await waitSaved(page);
  expect(errors, 'page errors').toEqual([]);
});
