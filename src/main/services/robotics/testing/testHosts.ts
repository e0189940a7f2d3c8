import { mkdtempSync } from 'node:fs';
import path from 'node:path';
import { makeFixtureResources } from '../../../testing/fixtureResources';
import { createAppServices, type AppServices } from '../../appServices';

/** The transport a test's handler calls come through. */
export const TEST_CALL = { transport: 'test' } as const;

/** Test support: hosts, each on a fresh workspace under `dir`, as the web host builds them; `close` closes them all. */
export function testHosts(dir: string): { host(): AppServices; close(): void } {
  const opened: AppServices[] = [];
  return {
    host() {
      const fixture = makeFixtureResources();
      const s = createAppServices({ workspaceDir: mkdtempSync(path.join(dir, 'ws-')), resourcesDir: fixture.dir, shell: 'web', user: 'tester', version: '0' });
      opened.push(s);
      return s;
    },
    close() {
      for (const s of opened.splice(0)) s.close();
    },
  };
}
