import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { drawBox, waitSaved } from './support/app';
import { sampleCarRoof, topViewPixel } from './support/sampleScene';
import { showTab, syncNow, Workspaces } from './support/workspaces';

const ARTIFACTS = path.join(__dirname, 'artifacts');

let workspaces: Workspaces;

test.beforeAll(() => {
  mkdirSync(ARTIFACTS, { recursive: true });
  workspaces = new Workspaces('cairn-e2e-review-');
});

test.afterAll(async () => {
  await workspaces.close();
});

async function syncFromPanel(page: Page): Promise<void> {
  await showTab(page, 'Sync');
  await syncNow(page);
}

async function connect(page: Page, store: string): Promise<void> {
  await showTab(page, 'Sync');
  await page.getByTestId('sync-location').fill(store);
  await page.getByTestId('sync-connect').click();
}

/** A box on frames 0 and 1, offset by `dx` of the view's width from the other annotator's. */
async function labelTwoFrames(page: Page, dx: number): Promise<void> {
  for (const frame of [0, 1]) {
    if (frame === 1) await page.getByTestId('frame-next').click();
    await drawBox(page, { x: 0.5 + dx, y: 0.55 }, { x: 0.58 + dx, y: 0.62 });
    await expect(page.getByTestId('object-count')).toHaveText('1');
    await waitSaved(page);
  }
}

test('three workspaces label blind, agreement, consensus and review: a rejection and a comment pinned to a point reach the annotator', async ({ browser }) => {
  // Three hosts, three pages and many sync round trips: on a busy two-core machine that outlasts the default.
  test.setTimeout(600_000);
  const store = path.join(workspaces.root, 'store');
  mkdirSync(store);
  const lead = await workspaces.open(browser, 'lead');
  const anna = await workspaces.open(browser, 'anna');
  const bert = await workspaces.open(browser, 'bert');

  await connect(lead, store);
  await expect(lead.getByTestId('sync-state')).toHaveText('No store here yet');
  await lead.getByTestId('sync-store-admin-name').fill('Lead');
  await lead.getByTestId('sync-create-store').click();
  await expect(lead.getByTestId('sync-state')).toHaveText('Synced');

  for (const [page, name] of [[anna, 'Anna'], [bert, 'Bert']] as const) {
    await connect(page, store);
    await expect(page.getByTestId('sync-state')).toHaveText('Waiting for an admin');
    const key = (await page.getByTestId('sync-public-key').textContent())!.trim();
    if (!(await lead.getByTestId('sync-register-key').isVisible())) await lead.getByText('Register a key').click();
    await lead.getByTestId('sync-register-key').fill(key);
    await lead.getByTestId('sync-register-name').fill(name);
    await lead.getByTestId('sync-register').click();
    await syncFromPanel(page);
    await expect(page.getByTestId('sync-panel')).toContainText('annotator');
  }

  // The lead gives frames 0–1 to both and to itself (an admin labels too): three replicas of every frame, blind.
  await showTab(lead, 'Review');
  await lead.getByText('Assign frames').click();
  await lead.getByLabel('last frame').fill('1');
  await lead.getByTestId('assign-annotators').fill('Anna, Bert, Lead');
  await lead.getByTestId('assign-overlap').fill('100');
  await lead.getByTestId('assign-replicas').fill('3');
  await lead.getByTestId('assign-submit').click();
  for (const name of ['Anna', 'Bert', 'Lead']) await expect(lead.getByTestId('assign-result')).toContainText(`${name}: 2 frame(s)`);

  // Each labels the same car on both frames, a little apart, and syncs; none sees another's box.
  for (const [page, dx] of [[anna, 0], [bert, 0.005], [lead, 0.0025]] as const) {
    await syncFromPanel(page);
    await labelTwoFrames(page, dx);
    await syncFromPanel(page);
  }
  await syncFromPanel(anna);
  await expect(anna.getByTestId('object-count')).toHaveText('1');
  await showTab(anna, 'Review');
  await expect(anna.getByTestId('my-work-0')).toHaveAttribute('data-status', 'todo');

  // The lead sees both replicas' agreement with its plots, and writes the consensus.
  await syncFromPanel(lead);
  await showTab(lead, 'Agreement');
  await lead.getByTestId('agreement-run').click();
  await expect(lead.getByTestId('agreement-annotators')).toHaveText('Anna, Bert, Lead');
  await expect(lead.getByTestId('agreement-f1')).toHaveText('1.000');
  await expect(lead.getByTestId('agreement-consensus-count')).toContainText('2 boxes, 0 to review');
  await expect(lead.getByTestId('agreement-chart-by-class').locator('svg')).toBeVisible();
  await lead.screenshot({ path: path.join(ARTIFACTS, 'review-01-agreement.png') });
  await lead.getByTestId('agreement-build-consensus').click();
  await expect(lead.getByTestId('agreement-message')).toContainText('Consensus written');
  await expect(lead.getByTestId('object-count')).toHaveText('1');

  // The lead, an admin, reviews Anna's frame 0 and rejects her box with a reason.
  await showTab(lead, 'Review');
  await lead.getByTestId('replica-overlay').check();
  await expect(lead.getByTestId('replica-legend')).toContainText('Anna: 1 box(es)');
  await expect(lead.getByTestId('replica-legend')).toContainText('Bert: 1 box(es)');
  await expect(lead.getByTestId('replica-legend')).toContainText('Lead: 1 box(es)');
  await lead.getByTestId('panel-cameras').screenshot({ path: path.join(ARTIFACTS, 'review-02a-replicas-cameras.png') });
  await lead.getByTestId('review-load').click();
  const item = lead.getByTestId('review-item-Anna-0');
  await item.getByTestId('review-open').click();
  await item.getByTestId('review-object').selectOption({ index: 1 });
  await lead.getByTestId('review-reason').fill('the box is cut short at the back');
  await item.getByTestId('review-reject').click();
  await expect(item.getByTestId('review-judged')).toContainText('rejected (object');
  await lead.screenshot({ path: path.join(ARTIFACTS, 'review-02-queue.png') });

  // Anna finds the frame back in her queue, with the reason and the comment.
  await anna.getByTestId('my-work-refresh').click();
  const rework = anna.getByTestId('my-work-0');
  await expect(rework).toHaveAttribute('data-status', 'rework');
  await expect(rework.getByTestId('my-work-rejection')).toContainText('the box is cut short at the back');
  await expect(rework.getByTestId('my-work-comment')).toContainText('Lead');
  await expect(anna.getByTestId('my-work-1')).toHaveAttribute('data-status', 'todo');
  await anna.screenshot({ path: path.join(ARTIFACTS, 'review-03-my-work.png') });

  // She answers the thread and closes it: both are signed comments the lead reads.
  await rework.getByTestId('comment-reply-text').fill('extended to the bumper');
  await rework.getByTestId('comment-resolve').click();
  await expect(rework.getByTestId('my-work-comment')).toHaveCount(2);
  await expect(rework.getByTestId('my-work-comment').last()).toContainText('extended to the bumper');
  await expect(rework.getByTestId('my-work-comment').first()).toHaveAttribute('data-resolved', 'true');

  // The lead pins a comment to a LiDAR point of Anna's frame 0: the tool arms, Escape disarms it, a click on the scan places the pin.
  await lead.keyboard.press('Escape'); // nothing selected: no handles over the point
  await lead.getByTestId('point-comment-arm').click();
  await expect(lead.getByTestId('point-comment-armed')).toBeVisible();
  await lead.keyboard.press('Escape');
  await expect(lead.getByTestId('point-comment-armed')).toBeHidden();
  await expect(lead.getByTestId('point-comment-arm')).toBeVisible();
  await lead.getByTestId('view-top').click();
  await lead.getByTestId('point-comment-arm').click();
  const roof = sampleCarRoof();
  const at = await topViewPixel(lead, roof);
  await lead.mouse.click(at.x, at.y);
  await expect(lead.getByTestId('point-comment-pending')).toBeVisible();
  await expect(lead.getByTestId('point-comment-at')).toContainText('Frame 0 at');
  await expect(lead.getByTestId('point-comment-at')).toContainText("about Anna's work");
  await lead.getByTestId('point-comment-text-input').fill('a second car hides behind this one');
  await lead.getByTestId('point-comment-save').click();
  const leadMarker = lead.getByTestId('point-comment-marker');
  await expect(leadMarker).toHaveCount(1);
  await expect(leadMarker.getByTestId('point-comment-text')).toContainText('a second car hides behind this one');
  await expect(lead.getByTestId('point-comment-item')).toContainText('a second car hides behind this one');
  await lead.getByTestId('viewport').screenshot({ path: path.join(ARTIFACTS, 'review-04-point-comment-lead.png') });

  // Anna finds it in her queue with the point; following it shows frame 0 and the marker, its text on hover.
  await anna.getByTestId('my-work-refresh').click();
  await expect(rework.getByTestId('my-work-comment')).toHaveCount(3);
  const pointLink = rework.getByTestId('my-work-comment-point');
  await expect(pointLink).toHaveText(/^at -?\d/);
  // The pin is the LiDAR point under the cursor: near the roof's middle, not exactly on it.
  const pinned = (await pointLink.textContent())!.slice(3).split(', ').map(Number);
  expect(Math.hypot(pinned[0] - roof[0], pinned[1] - roof[1], pinned[2] - roof[2])).toBeLessThan(0.6);
  await pointLink.click();
  const annaMarker = anna.getByTestId('point-comment-marker');
  await expect(annaMarker).toHaveCount(1);
  const annaText = annaMarker.getByTestId('point-comment-text');
  await expect(annaText).toContainText('Lead: a second car hides behind this one');
  await anna.getByTestId('viewport').screenshot({ path: path.join(ARTIFACTS, 'review-05-point-comment-annotator.png') });
  // A click on the marker puts its text away; it shows again while the pointer is over the marker.
  await annaMarker.click();
  await anna.mouse.move(5, 5);
  await expect(annaText).toBeHidden();
  await annaMarker.hover();
  await expect(annaText).toContainText('a second car hides behind this one');

  // Bert boxes something on frame 1 nobody else saw: without a quorum it stays out of the consensus
  // and comes first in the lead's worst-agreement queue, as an object of its own. His page may show
  // either frame after the syncs, so he goes to frame 1 first.
  await bert.getByTestId('frame-label').click();
  await bert.keyboard.press('Home');
  await expect(bert.getByTestId('frame-label')).toContainText('Frame 1 /');
  await bert.getByTestId('frame-next').click();
  await expect(bert.getByTestId('frame-label')).toContainText('Frame 2 /');
  await expect(bert.getByTestId('object-count')).toHaveText('1');
  await drawBox(bert, { x: 0.28, y: 0.7 }, { x: 0.34, y: 0.76 });
  await expect(bert.getByTestId('object-count')).toHaveText('2');
  await waitSaved(bert);
  await syncFromPanel(bert);
  await syncFromPanel(lead);
  await showTab(lead, 'Agreement');
  await lead.getByTestId('agreement-run').click();
  await expect(lead.getByTestId('agreement-consensus-count')).toContainText('1 to review');
  await showTab(lead, 'Review');
  await lead.getByTestId('review-mode').selectOption('worst-agreement');
  await lead.getByTestId('review-load').click();
  const lone = lead.locator('[data-testid^="review-item-Bert-1-"]');
  await expect(lone).toHaveCount(1);
  await expect(lone.getByTestId('review-item-object')).toContainText('no quorum');
  await expect(lead.locator('[data-testid^="review-item-"]').first()).toHaveAttribute('data-testid', /^review-item-Bert-1-/);
  await lead.getByTestId('review-reason').fill('a shadow, not an object');
  await lone.getByTestId('review-reject').click();
  await expect(lone.getByTestId('review-judged')).toContainText('rejected (object');
  await lead.getByTestId('review-queue').screenshot({ path: path.join(ARTIFACTS, 'review-06-no-quorum.png') });
});
