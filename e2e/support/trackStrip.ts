import { expect, type Page } from '@playwright/test';

/** The selected track's strip, cell by cell: 'keyframe', 'interpolated' or 'absent'. */
export async function stripStates(page: Page): Promise<string[]> {
  const cells = page.getByTestId('track-strip').locator('[data-frame-index]');
  // The first select after a load makes the cells once the strip's width is known, a frame after it shows.
  await expect(cells.first()).toBeAttached();
  return cells.evaluateAll((all) => all.map((c) => c.getAttribute('data-state') ?? ''));
}
