import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { startCairn, type RunningCairn } from './support/cairnServer';

const ARTIFACTS = path.join(__dirname, 'artifacts');

let workspace: string;
let server: RunningCairn | null = null;

test.beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  workspace = mkdtempSync(path.join(os.tmpdir(), 'cairn-e2e-commands-'));
  server = await startCairn(workspace);
});

test.afterAll(async () => {
  await server?.stop();
  rmSync(workspace, { recursive: true, force: true });
});

async function open(page: Page) {
  await page.goto(server!.url);
  await expect(page.getByTestId('app')).toHaveAttribute('data-status', 'ready');
}

const activeTool = (page: Page, tool: string) => expect(page.getByTestId(`tool-${tool}`)).toHaveClass(/active/);

test('commands: the palette runs them, the sheet rebinds them, and a binding survives a reload and a restart of the host', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.setViewportSize({ width: 1280, height: 800 });
  await open(page);
  await activeTool(page, 'select');

  // The toolbar shows each command's title and key from the registry.
  await expect(page.getByTestId('tool-draw')).toHaveText('Draw boxB');
  await expect(page.getByTestId('tool-draw')).toHaveAttribute('title', /\(B\)$/);

  // Ctrl+K opens the palette: every command that applies, with its keys; typing filters by title.
  await page.keyboard.press('Control+k');
  const palette = page.getByTestId('command-palette');
  await expect(palette).toBeVisible();
  await expect(page.getByTestId('command-palette-input')).toBeFocused();
  const items = page.getByTestId('command-palette-item');
  await expect(items.filter({ hasText: 'Next frame' })).toContainText('.');
  await page.getByTestId('command-palette-input').fill('drbx');
  await expect(items.first()).toHaveAttribute('data-command-id', 'tool.draw');
  await expect(items.first()).toHaveAttribute('aria-selected', 'true');
  await palette.screenshot({ path: path.join(ARTIFACTS, 'commands-palette-filtered.png') });
  await page.keyboard.press('Enter');
  await expect(palette).toHaveCount(0);
  await activeTool(page, 'draw');

  // Arrows move through the list; Escape closes without running anything.
  await page.keyboard.press('Control+k');
  await expect(palette).toBeVisible();
  await expect(items.first()).toHaveAttribute('data-command-id', 'tool.draw');
  await expect(items.first()).toContainText('recently used');
  await page.keyboard.press('ArrowDown');
  await expect(items.nth(1)).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('ArrowUp');
  await expect(items.last()).toHaveAttribute('aria-selected', 'true');
  await page.screenshot({ path: path.join(ARTIFACTS, 'commands-palette.png') });
  await page.keyboard.press('Escape');
  await expect(palette).toHaveCount(0);
  await activeTool(page, 'draw');

  // Clicking a toolbar button runs its command.
  await page.getByTestId('tool-select').click();
  await activeTool(page, 'select');

  // ? opens the shortcut sheet: every command by category with its keys.
  await page.locator('body').focus();
  await page.keyboard.press('Shift+?');
  const sheet = page.getByTestId('shortcut-sheet');
  await expect(sheet).toBeVisible();
  const drawRow = sheet.locator('[data-testid="shortcut-row"][data-command-id="tool.draw"]');
  await expect(drawRow.getByTestId('shortcut-binding')).toHaveText(['B']);
  await expect(sheet.locator('[data-testid="shortcut-row"][data-command-id="edit.redo"]').getByTestId('shortcut-binding')).toHaveText(['Ctrl+Shift+Z', 'Ctrl+Y']);
  await page.screenshot({ path: path.join(ARTIFACTS, 'commands-sheet.png') });

  // Rebind Draw box from B to N.
  await drawRow.getByTestId('shortcut-binding').click();
  await expect(drawRow.getByTestId('shortcut-recorder')).toContainText('Press a key');
  await page.keyboard.press('n');
  await expect(drawRow.getByTestId('shortcut-binding')).toHaveText(['N']);
  await expect(sheet).toHaveAttribute('data-save-state', 'saved');
  await expect(drawRow.getByTestId('shortcut-reset')).toBeVisible();

  // A chord bound elsewhere is named and must be confirmed; cancelling leaves both as they were.
  await drawRow.getByTestId('shortcut-add').click();
  await page.keyboard.press('v');
  await expect(sheet.getByTestId('shortcut-conflict')).toContainText('V is bound to Tool: Select');
  await page.screenshot({ path: path.join(ARTIFACTS, 'commands-sheet-conflict.png') });
  await sheet.getByTestId('shortcut-conflict-cancel').click();
  await expect(sheet.getByTestId('shortcut-conflict')).toHaveCount(0);
  await expect(drawRow.getByTestId('shortcut-binding')).toHaveText(['N']);
  await expect(sheet.locator('[data-testid="shortcut-row"][data-command-id="tool.select"]').getByTestId('shortcut-binding')).toHaveText(['V']);

  // Escape while recording cancels the recording, not the sheet.
  await drawRow.getByTestId('shortcut-add').click();
  await page.keyboard.press('Escape');
  await expect(drawRow.getByTestId('shortcut-recorder')).toHaveCount(0);
  await expect(sheet).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(sheet).toHaveCount(0);

  // N now draws, and B no longer does; the toolbar shows the new key.
  await expect(page.getByTestId('tool-draw')).toHaveText('Draw boxN');
  await page.keyboard.press('n');
  await activeTool(page, 'draw');
  await page.keyboard.press('v');
  await activeTool(page, 'select');
  await page.keyboard.press('b');
  await activeTool(page, 'select');

  // A reload reads the binding back from the workspace.
  await page.reload();
  await expect(page.getByTestId('app')).toHaveAttribute('data-status', 'ready');
  await expect(page.getByTestId('tool-draw')).toHaveText('Draw boxN');

  // So does a new host on the same workspace.
  await server!.stop();
  server = await startCairn(workspace);
  await open(page);
  await expect(page.getByTestId('tool-draw')).toHaveText('Draw boxN');
  await page.keyboard.press('b');
  await activeTool(page, 'select');
  await page.keyboard.press('n');
  await activeTool(page, 'draw');

  // Reset goes back to B, and that is saved too.
  await page.keyboard.press('Shift+?');
  await drawRow.getByTestId('shortcut-reset').click();
  await expect(drawRow.getByTestId('shortcut-binding')).toHaveText(['B']);
  await expect(sheet).toHaveAttribute('data-save-state', 'saved');
  await page.keyboard.press('Escape');
  await page.reload();
  await expect(page.getByTestId('app')).toHaveAttribute('data-status', 'ready');
  await expect(page.getByTestId('tool-draw')).toHaveText('Draw boxB');
  expect(errors).toEqual([]);
});

test('on a read-only (reviewer) host the palette offers no editing command, editing keys do nothing, and rebinding lasts the session', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const reviewerWorkspace = mkdtempSync(path.join(os.tmpdir(), 'cairn-e2e-commands-reviewer-'));
  const reviewer = await startCairn(reviewerWorkspace, { open: path.join(__dirname, '..', 'resources', 'sample'), args: ['--reviewer'] });
  try {
    await page.goto(reviewer.url);
    await expect(page.getByTestId('app')).toHaveAttribute('data-status', 'ready');
    await expect(page.getByTestId('read-only-badge')).toBeVisible();

    await page.keyboard.press('Control+k');
    const ids = await page.getByTestId('command-palette-item').evaluateAll((items) => items.map((i) => i.getAttribute('data-command-id')));
    expect(ids).toContain('timeline.next');
    expect(ids).toContain('tool.select');
    for (const editing of ['tool.draw', 'tool.fit', 'gizmo.translate', 'edit.undo', 'edit.delete', 'file.open']) expect(ids).not.toContain(editing);
    await page.keyboard.press('Escape');

    // Editing keys fall through; the timeline still steps.
    await page.keyboard.press('b');
    await activeTool(page, 'select');
    await page.keyboard.press('.');
    await expect(page.getByTestId('frame-label')).toContainText('Frame 2 /');

    // The sheet says the host keeps no bindings; a rebinding still works until the page reloads.
    await page.keyboard.press('Shift+?');
    const sheet = page.getByTestId('shortcut-sheet');
    await expect(sheet).toContainText('this host is read-only');
    const nextRow = sheet.locator('[data-testid="shortcut-row"][data-command-id="timeline.next"]');
    await nextRow.getByTestId('shortcut-binding').first().click();
    await page.keyboard.press('n');
    await expect(nextRow.getByTestId('shortcut-binding')).toHaveText(['N', '→']);
    await expect(sheet.getByTestId('shortcut-save-error')).toHaveCount(0);
    await page.keyboard.press('Escape');
    await page.keyboard.press('n');
    await expect(page.getByTestId('frame-label')).toContainText('Frame 3 /');
    await page.keyboard.press('.');
    await expect(page.getByTestId('frame-label')).toContainText('Frame 3 /');
    expect(errors).toEqual([]);
  } finally {
    await reviewer.stop();
    rmSync(reviewerWorkspace, { recursive: true, force: true });
  }
});
