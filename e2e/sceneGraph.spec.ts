import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { PNG } from 'pngjs';
import { startCairn, type RunningCairn } from './support/cairnServer';

const ARTIFACTS = path.join(__dirname, 'artifacts');

interface Relation {
  relationId: string;
  subject: string;
  predicate: string;
  object: string;
  frameIntervals?: [number, number][];
}

const scene = JSON.parse(readFileSync(path.join(__dirname, '..', 'resources', 'sample', 'scene.json'), 'utf8')) as { relations: Relation[] };
const holdsAt = (r: Relation, frame: number) => !r.frameIntervals || r.frameIntervals.some(([a, b]) => frame >= a && frame <= b);

let workspace: string;
let server: RunningCairn;

test.beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  workspace = mkdtempSync(path.join(os.tmpdir(), 'cairn-e2e-graph-'));
  server = await startCairn(workspace);
});

test.afterAll(async () => {
  await server.stop();
  rmSync(workspace, { recursive: true, force: true });
});

/** Pixels that differ by more than `tolerance` (sum over RGB) between two same-sized screenshots. */
function changedPixels(a: Buffer, b: Buffer, tolerance = 40): number {
  const pa = PNG.sync.read(a);
  const pb = PNG.sync.read(b);
  expect([pa.width, pa.height]).toEqual([pb.width, pb.height]);
  let changed = 0;
  for (let i = 0; i < pa.data.length; i += 4) {
    const d = Math.abs(pa.data[i] - pb.data[i]) + Math.abs(pa.data[i + 1] - pb.data[i + 1]) + Math.abs(pa.data[i + 2] - pb.data[i + 2]);
    if (d > tolerance) changed++;
  }
  return changed;
}

/**
 * The 3D canvas's own pixels (it keeps its drawing buffer; three marks it data-engine), without the labels over it (DOM, and the track tags' canvas), once
 * two reads a moment apart agree: the view draws on demand, so this waits for the last frame.
 */
async function canvasShot(page: Page): Promise<Buffer> {
  let last: Buffer | null = null;
  for (let i = 0; i < 20; i++) {
    await page.waitForTimeout(250);
    const url = await page.getByTestId('viewport').locator('canvas[data-engine]').evaluate((c) => (c as HTMLCanvasElement).toDataURL('image/png'));
    const shot = Buffer.from(url.split(',')[1], 'base64');
    if (last && changedPixels(last, shot, 0) === 0) return shot;
    last = shot;
  }
  return last!;
}

test('the scene graph of the sample: listed, drawn, navigable, and following the frame intervals', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(server.url);
  await expect(page.getByTestId('app')).toHaveAttribute('data-status', 'ready');
  await expect(page.getByTestId('point-count')).toContainText('points');

  const panel = page.getByTestId('graph-panel');
  const atFrame0 = scene.relations.filter((r) => holdsAt(r, 0));
  expect(atFrame0.length, 'the sample has relations in frame 0').toBeGreaterThanOrEqual(4);
  await expect(panel).toHaveAttribute('data-frame', '0');
  await expect(page.getByTestId('graph-edge-count')).toHaveText(String(atFrame0.length));
  await expect(page.getByTestId('graph-dangling')).toHaveAttribute('data-count', '0');
  for (const r of atFrame0) {
    await expect(page.getByTestId(`graph-edge-${r.relationId}`)).toHaveAttribute('data-predicate', r.predicate);
    await expect(page.getByTestId(`graph-link-${r.relationId}-out`)).toBeVisible();
    await expect(page.getByTestId(`graph-link-${r.relationId}-in`)).toBeVisible();
    await expect(page.getByTestId(`relation-label-${r.relationId}`)).toHaveCount(1);
  }
  await page.waitForTimeout(800);
  await page.screenshot({ path: path.join(ARTIFACTS, '30-scene-graph.png') });

  // Labels are drawn over the canvas but never take a click meant for it (a fit, a box).
  const labelBox = (await page.getByTestId(`relation-label-${atFrame0[0].relationId}`).boundingBox())!;
  const under = await page.evaluate(([x, y]) => document.elementFromPoint(x, y)?.tagName, [labelBox.x + labelBox.width / 2, labelBox.y + labelBox.height / 2]);
  expect(under).toBe('CANVAS');

  // Clicking a node of the diagram selects that object everywhere.
  const follows = scene.relations.find((r) => r.predicate === 'follows')!;
  await page.getByTestId(`graph-node-${follows.subject}`).click();
  await expect(page.getByTestId(`graph-node-${follows.subject}`)).toHaveAttribute('data-selected', 'true');
  await expect(panel).toHaveAttribute('data-selected-id', follows.subject);
  await expect(page.getByTestId('object-list').locator(`[data-object-id="${follows.subject}"]`)).toHaveClass(/selected/);
  await expect(page.getByTestId(`relation-label-${follows.relationId}`)).toHaveClass(/highlighted/);
  await page.screenshot({ path: path.join(ARTIFACTS, '31-scene-graph-selected.png') });

  // An edge walks to its other end.
  await page.getByTestId(`graph-link-${follows.relationId}-out`).click();
  await expect(panel).toHaveAttribute('data-selected-id', follows.object);
  await expect(page.getByTestId(`graph-entry-${follows.object}`).locator('..').locator('..')).toHaveClass(/selected/);

  // Focusing an object re-centres the 3D view on it.
  const beforeFocus = await canvasShot(page);
  await page.getByTestId(`graph-focus-${follows.subject}`).click();
  await expect(panel).toHaveAttribute('data-selected-id', follows.subject);
  expect(changedPixels(beforeFocus, await canvasShot(page)), 'pixels changed by focusing').toBeGreaterThan(5000);
  await page.getByTestId('view-perspective').click();
  await page.keyboard.press('Escape');
  await expect(panel).toHaveAttribute('data-selected-id', '');

  // The toggle takes the arrows out of the 3D view and puts them back.
  const withArrows = await canvasShot(page);
  await page.getByTestId('toggle-relations').uncheck();
  await expect(page.locator('[data-testid^="relation-label-"]')).toHaveCount(0);
  const withoutArrows = await canvasShot(page);
  await page.screenshot({ path: path.join(ARTIFACTS, '32-scene-graph-arrows-off.png') });
  expect(changedPixels(withArrows, withoutArrows), 'pixels the arrows cover').toBeGreaterThan(500);
  await page.getByTestId('toggle-relations').check();
  await expect(page.locator('[data-testid^="relation-label-"]')).toHaveCount(atFrame0.length);
  expect(changedPixels(withArrows, await canvasShot(page)), 'pixels that differ once the arrows are back').toBeLessThan(50);

  // Step to the last frame: a relation whose interval has ended leaves the panel and the view.
  const last = 3;
  const ended = scene.relations.filter((r) => holdsAt(r, 0) && !holdsAt(r, last));
  expect(ended.length, 'the sample has a relation that ends before the last frame').toBeGreaterThan(0);
  for (let f = 1; f <= last; f++) {
    await page.getByTestId('frame-next').click();
    await expect(panel).toHaveAttribute('data-frame', String(f));
  }
  const atLast = scene.relations.filter((r) => holdsAt(r, last));
  await expect(page.getByTestId('graph-edge-count')).toHaveText(String(atLast.length));
  for (const r of ended) {
    await expect(page.getByTestId(`graph-edge-${r.relationId}`)).toHaveCount(0);
    await expect(page.getByTestId(`graph-link-${r.relationId}-out`)).toHaveCount(0);
    await expect(page.getByTestId(`relation-label-${r.relationId}`)).toHaveCount(0);
  }
  await page.waitForTimeout(500);
  await page.screenshot({ path: path.join(ARTIFACTS, '33-scene-graph-last-frame.png') });
  expect(errors, 'page errors').toEqual([]);
});
