import { mkdirSync, renameSync } from 'node:fs';
import path from 'node:path';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { drawBox, waitSaved } from './support/app';
import { showTab, syncNow, Workspaces } from './support/workspaces';

const ARTIFACTS = path.join(__dirname, 'artifacts');

let workspaces: Workspaces;

test.beforeAll(() => {
  mkdirSync(ARTIFACTS, { recursive: true });
  workspaces = new Workspaces('cairn-e2e-sync-');
});

test.afterAll(async () => {
  await workspaces.close();
});

const openWorkspace = (browser: Browser, name: string): Promise<Page> => workspaces.open(browser, name);

async function setClass(page: Page, classId: string): Promise<void> {
  await page.getByTestId('object-row').first().click();
  await page.getByTestId('inspector-class').selectOption(classId);
  await waitSaved(page);
}

test('two workspaces on one folder store: offline edits meet, a conflict is shown with both sides and resolved, history and blame say who did what', async ({ browser }) => {
  // Two hosts, two pages and a dozen sync round trips: on a busy two-core machine that outlasts the default.
  test.setTimeout(480_000);
  const store = path.join(workspaces.root, 'store');
  mkdirSync(store);
  const alice = await openWorkspace(browser, 'alice');
  const bob = await openWorkspace(browser, 'bob');

  // Alice makes the store and becomes its admin.
  await showTab(alice, 'Sync');
  await alice.getByTestId('sync-location').fill(store);
  await alice.getByTestId('sync-connect').click();
  await expect(alice.getByTestId('sync-state')).toHaveText('No store here yet');
  await alice.getByTestId('sync-store-admin-name').fill('Alice');
  await alice.getByTestId('sync-create-store').click();
  await expect(alice.getByTestId('sync-state')).toHaveText('Synced');
  await expect(alice.getByTestId('sync-panel')).toContainText('admin');

  // Bob joins: readable, but his key waits for an admin; Alice registers it.
  await showTab(bob, 'Sync');
  await bob.getByTestId('sync-location').fill(store);
  await bob.getByTestId('sync-connect').click();
  await expect(bob.getByTestId('sync-state')).toHaveText('Waiting for an admin');
  const bobKey = (await bob.getByTestId('sync-public-key').textContent())!.trim();
  expect(bobKey).toMatch(/^[0-9a-f]{64}$/);
  await alice.getByText('Register a key').click();
  await alice.getByTestId('sync-register-key').fill(bobKey);
  await alice.getByTestId('sync-register-name').fill('Bob');
  await alice.getByTestId('sync-register').click();
  await syncNow(bob);
  await expect(bob.getByTestId('sync-state')).toHaveText('Synced');
  await expect(bob.getByTestId('sync-panel')).toContainText('annotator');

  // Alice draws a car; Bob sees it after a sync.
  await drawBox(alice);
  await expect(alice.getByTestId('object-count')).toHaveText('1');
  await waitSaved(alice);
  await syncNow(alice);
  await expect(alice.getByTestId('sync-ahead')).toHaveText('nothing to push');
  await syncNow(bob);
  await expect(bob.getByTestId('object-count')).toHaveText('1');

  // The share goes away: both keep editing the same box's class, offline.
  renameSync(store, `${store}.unmounted`);
  await setClass(alice, 'truck');
  await setClass(bob, 'bus');
  await syncNow(alice);
  await expect(alice.getByTestId('sync-state')).toHaveText('Offline');
  await expect(alice.getByTestId('sync-ahead')).toContainText('1 edit(s)');
  await expect(alice.getByTestId('sync-indicator')).toContainText('offline');
  renameSync(`${store}.unmounted`, store);

  // Back online: both edits arrive; the same field written twice is a conflict, never overwritten silently.
  await syncNow(alice);
  await syncNow(bob);
  await syncNow(alice);
  for (const page of [alice, bob]) await expect(page.getByTestId('sync-conflict-count')).toHaveText('1');
  const conflict = bob.getByTestId('sync-conflict');
  await expect(conflict).toContainText('classId');
  await expect(conflict).toContainText('truck');
  await expect(conflict).toContainText('by Alice');
  await expect(conflict).toContainText('bus');
  await expect(conflict).toContainText('by Bob');
  await bob.screenshot({ path: path.join(ARTIFACTS, 'sync-01-conflict.png') });

  // Bob keeps Alice's value: a new revision settles it for both.
  await conflict.locator('li', { hasText: 'truck' }).getByTestId('sync-keep').click();
  await expect(bob.getByTestId('sync-conflict-count')).toHaveText('0');
  await expect(bob.getByTestId('inspector-class')).toHaveValue('truck');
  await syncNow(alice);
  await expect(alice.getByTestId('sync-conflict-count')).toHaveText('0');
  await alice.getByTestId('object-row').first().click();
  await expect(alice.getByTestId('inspector-class')).toHaveValue('truck');

  // History: every change with its author, blame per field, and an earlier version compared.
  await showTab(alice, 'History');
  const touches = alice.getByTestId('history-touch');
  await expect(touches).toHaveCount(4);
  await expect(alice.getByTestId('lineage')).toContainText('Alice (admin)');
  await expect(touches.first()).toContainText('Bob');
  await expect(touches.first()).toContainText('Resolve conflict on classId');
  await alice.getByText('Who set each field').click();
  await expect(alice.getByTestId('history-blame').locator('tr', { hasText: 'classId' })).toContainText('Bob');
  await touches.last().getByTestId('history-compare').click();
  await expect(alice.getByTestId('history-diff')).toContainText('classId');
  await expect(alice.getByTestId('history-diff')).toContainText('car');
  await alice.screenshot({ path: path.join(ARTIFACTS, 'sync-02-history.png') });

  // Alice, an admin, publishes the reviewed state as the store's first release.
  await alice.getByTestId('sync-release-message').fill('first reviewed batch');
  await alice.getByTestId('sync-release').click();
  await expect(alice.getByTestId('sync-released')).toContainText('Release 1 published');
  await expect(alice.getByTestId('sync-indicator')).toHaveText('Store: synced');
});
