import { expect, type Page } from '@playwright/test';

/**
 * Opens the app at `url` and waits until the scene is ready, the docked panels are laid out and
 * the frame's points are drawn; no page error may have happened. Pass the flow's own `errors`
 * (filled by its `pageerror` listener) to check those; else the errors of this load are checked.
 */
export async function openApp(page: Page, url: string, errors?: string[]): Promise<void> {
  const seen = errors ?? [];
  const listener = (e: Error) => seen.push(e.message);
  if (!errors) page.on('pageerror', listener);
  try {
    await page.goto(url);
    await expect(page.getByTestId('app')).toHaveAttribute('data-status', 'ready');
    await expect(page.getByTestId('dock')).toHaveAttribute('data-ready', 'true');
    await expect(page.getByTestId('point-count')).toContainText('points');
    expect(seen, 'page errors').toEqual([]);
  } finally {
    if (!errors) page.off('pageerror', listener);
  }
}

/** Every edit made so far has been written by the host. */
export async function waitSaved(page: Page): Promise<void> {
  await expect(page.getByTestId('save-status')).toHaveAttribute('data-pending', '0');
  await expect(page.getByTestId('save-status')).not.toContainText('Not saved');
}

/** Draws a box with the Draw tool: a footprint dragged across the middle of the 3D view. */
export async function drawBox(page: Page, from = { x: 0.5, y: 0.55 }, to = { x: 0.58, y: 0.62 }): Promise<void> {
  await page.getByTestId('tool-draw').click();
  const view = (await page.getByTestId('viewport').boundingBox())!;
  await page.mouse.move(view.x + view.width * from.x, view.y + view.height * from.y);
  await page.mouse.down();
  await page.mouse.move(view.x + view.width * to.x, view.y + view.height * to.y, { steps: 8 });
  await page.mouse.up();
}
