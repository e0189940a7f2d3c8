import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { openApp } from './app';
import { startCairn, type RunningCairn } from './cairnServer';

/** Several Cairn hosts, each on a workspace of its own under one temporary folder, for flows between people. */
export class Workspaces {
  readonly root: string;
  private readonly servers: RunningCairn[] = [];
  private readonly contexts: BrowserContext[] = [];

  constructor(prefix: string) {
    this.root = mkdtempSync(path.join(os.tmpdir(), prefix));
  }

  /**
   * Starts a host on workspace `name` and opens the app on it at 1280×800. With `errors`, every
   * page error from the first load on is collected there (the flow checks them at its end).
   */
  async open(browser: Browser, name: string, errors?: string[]): Promise<Page> {
    const server = await startCairn(path.join(this.root, name));
    this.servers.push(server);
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    this.contexts.push(context);
    const page = await context.newPage();
    if (errors) page.on('pageerror', (e) => errors.push(e.message));
    await openApp(page, server.url, errors);
    return page;
  }

  /** Closes the pages too: a page left open keeps drawing its scene and slows every flow after it in the worker. */
  async close(): Promise<void> {
    for (const c of this.contexts) await c.close().catch(() => undefined);
    for (const s of this.servers) await s.stop();
    rmSync(this.root, { recursive: true, force: true });
  }
}

export async function showTab(page: Page, title: string): Promise<void> {
  await page.locator('.flexlayout__tab_button', { hasText: title }).click();
}

/** Presses Sync now in the Sync panel (which must be showing) and waits for the cycle to end. */
export async function syncNow(page: Page): Promise<void> {
  // Waits for this click's call to be answered: a cycle the host began before the click is followed by one begun after it.
  const forms = page.getByTestId('sync-forms');
  const before = Number(await forms.getAttribute('data-answered'));
  await page.getByTestId('sync-now').click();
  await expect(forms).toHaveAttribute('data-answered', String(before + 1));
  await expect(page.getByTestId('sync-state')).not.toHaveText('Syncing…');
}
