import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { openApp } from './support/app';
import { startCairn, type RunningCairn } from './support/cairnServer';

const ARTIFACTS = path.join(__dirname, 'artifacts');
/** The panels on screen at the start (the ontology editor is a tab behind the scene graph). */
const PANELS = ['objects', 'view3d', 'boxViews', 'cameras', 'inspector', 'graph', 'timeline'];

let tmp: string;
let server: RunningCairn | null = null;

test.beforeAll(() => {
  mkdirSync(ARTIFACTS, { recursive: true });
  tmp = mkdtempSync(path.join(os.tmpdir(), 'cairn-e2e-layout-'));
});

test.afterAll(async () => {
  await server?.stop();
  rmSync(tmp, { recursive: true, force: true });
});

async function box(page: Page, testId: string) {
  const b = await page.getByTestId(testId).boundingBox();
  if (!b) throw new Error(`${testId} is not on screen`);
  return b;
}

/** Every panel on screen, inside the window, none overlapping another. */
async function expectAllPanelsShown(page: Page, width: number, height: number): Promise<void> {
  const boxes = [];
  for (const id of PANELS) {
    const b = await box(page, `panel-${id}`);
    expect(b.width, id).toBeGreaterThan(100);
    expect(b.height, id).toBeGreaterThan(40);
    expect(b.x + b.width, id).toBeLessThanOrEqual(width + 0.5);
    expect(b.y + b.height, id).toBeLessThanOrEqual(height + 0.5);
    boxes.push({ id, ...b });
  }
  for (const a of boxes)
    for (const b of boxes) {
      if (a.id >= b.id) continue;
      const overlap = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x) > 1 && Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y) > 1;
      expect(overlap, `${a.id} overlaps ${b.id}`).toBe(false);
    }
}

test('the docked layout: every panel at 1280×800 and 1920×1080, resized and maximised, and kept across a reload and a restart', async ({ page }) => {
  // Two host restarts and several reloads: on a busy two-core machine (load ~19) this took just over the default 120 s.
  test.setTimeout(300_000);
  const workspace = path.join(tmp, 'workspace');
  server = await startCairn(workspace);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));

  for (const [width, height] of [[1920, 1080], [1280, 800]] as const) {
    await page.setViewportSize({ width, height });
    await openApp(page, server.url);
    await expectAllPanelsShown(page, width, height);
    // One toolbar row: the controls of the 3D view live in the view, not in the toolbar.
    expect((await box(page, 'tool-select')).y).toBeLessThan(20);
    expect((await box(page, 'open-shortcuts')).y).toBeLessThan(20);
    await page.screenshot({ path: path.join(ARTIFACTS, `layout-${width}x${height}.png`) });
  }

  // The inspector shows every field of a selected box at 1280×800 (it was a short scroll area).
  await page.getByTestId('tool-draw').click();
  const view = await box(page, 'viewport');
  await page.mouse.move(view.x + view.width * 0.45, view.y + view.height * 0.6);
  await page.mouse.down();
  await page.mouse.move(view.x + view.width * 0.5, view.y + view.height * 0.66, { steps: 4 });
  await page.mouse.up();
  await expect(page.getByTestId('object-row')).toHaveCount(1);
  await page.getByTestId('object-row').click();
  const inspector = await box(page, 'panel-inspector');
  for (const field of ['cx', 'cy', 'cz', 'length', 'width', 'height', 'yaw']) {
    const b = await box(page, `inspector-${field}`);
    expect(b.y + b.height, field).toBeLessThanOrEqual(inspector.y + inspector.height + 0.5);
  }

  // Drag the splitter right of the object list 120 px to the right: the list widens and the layout is saved.
  const before = await box(page, 'panel-objects');
  const saves = Number(await page.getByTestId('dock').getAttribute('data-layout-saves'));
  const handles = await page.locator('.flexlayout__splitter').evaluateAll((els) => els.map((e) => e.getBoundingClientRect().toJSON() as DOMRect));
  const edge = before.x + before.width;
  const handle = handles.find((h) => Math.abs(h.x - edge) < 8 && h.height > before.height * 0.5);
  expect(handle, 'a splitter beside the object list').toBeDefined();
  await page.mouse.move(handle!.x + handle!.width / 2, handle!.y + handle!.height / 2);
  await page.mouse.down();
  await page.mouse.move(handle!.x + 120, handle!.y + handle!.height / 2, { steps: 6 });
  await page.mouse.up();
  await expect.poll(async () => (await box(page, 'panel-objects')).width).toBeGreaterThan(before.width + 100);
  await expect.poll(async () => Number(await page.getByTestId('dock').getAttribute('data-layout-saves'))).toBeGreaterThan(saves);
  const widened = (await box(page, 'panel-objects')).width;

  // Maximise the 3D view's tabset: it fills the dock; restore it.
  const dock = await box(page, 'dock');
  const viewTabs = page.locator('.flexlayout__tabset_tabbar_outer').filter({ hasText: '3D view' });
  await viewTabs.getByRole('button', { name: 'Maximize tabset' }).click();
  await expect.poll(async () => (await box(page, 'panel-view3d')).width).toBeGreaterThan(dock.width * 0.95);
  await viewTabs.getByRole('button', { name: 'Restore tabset' }).click();
  await expect.poll(async () => (await box(page, 'panel-view3d')).width).toBeLessThan(dock.width * 0.8);
  const savedAfterRestore = Number(await page.getByTestId('dock').getAttribute('data-layout-saves'));
  expect(savedAfterRestore).toBeGreaterThan(0);

  // Reload, then restart the host: the widened list is still there.
  await page.reload();
  await openApp(page, server.url);
  expect(Math.abs((await box(page, 'panel-objects')).width - widened)).toBeLessThan(3);
  await server.stop();
  server = await startCairn(workspace);
  await openApp(page, server.url);
  expect(Math.abs((await box(page, 'panel-objects')).width - widened)).toBeLessThan(3);

  // Reset layout (a command, from the palette) puts the list back at its starting width.
  await page.keyboard.press('Control+k');
  await page.keyboard.type('reset layout');
  await page.keyboard.press('Enter');
  // The panels remount in the fresh layout: until the list is back, it has no box to measure.
  const objectsWidth = async () => (await page.getByTestId('panel-objects').boundingBox())?.width ?? Number.POSITIVE_INFINITY;
  await expect.poll(async () => Math.abs((await objectsWidth()) - before.width)).toBeLessThan(3);
  await expect(page.getByTestId('panel-view3d')).toBeVisible();
  expect(errors, 'page errors').toEqual([]);
});
