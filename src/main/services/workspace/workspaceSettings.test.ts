import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ContractError } from '../../../shared/contract';
import { createDispatcher } from '../../host/dispatcher';
import { makeFixtureResources } from '../../testing/fixtureResources';
import { createAppServices } from '../appServices';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function start(workspaceDir: string) {
  const fixture = makeFixtureResources();
  dirs.push(fixture.dir);
  const services = createAppServices({ workspaceDir, resourcesDir: fixture.dir, shell: 'web', user: 'tester', version: '0' });
  return { services, dispatch: createDispatcher(services.handlers, () => undefined) };
}

const ctx = { transport: 'test' } as const;

describe('workspace settings', () => {
  it('keeps key bindings and the layout in the workspace database, across a restart of the host', async () => {
    const workspaceDir = mkdtempSync(path.join(os.tmpdir(), 'cairn-settings-'));
    dirs.push(workspaceDir);
    const first = start(workspaceDir);
    expect(await first.dispatch('settings.get', { key: 'keybindings' }, ctx)).toEqual({ value: null });
    await first.dispatch('settings.set', { key: 'keybindings', value: { 'tool.draw': ['N'], 'edit.delete': [] } }, ctx);
    await first.dispatch('settings.set', { key: 'layout', value: { grid: { root: { type: 'branch', data: [] } } } }, ctx);
    first.services.close();

    const second = start(workspaceDir);
    expect(await second.dispatch('settings.get', { key: 'keybindings' }, ctx)).toEqual({ value: { 'tool.draw': ['N'], 'edit.delete': [] } });
    expect(await second.dispatch('settings.get', { key: 'layout' }, ctx)).toEqual({ value: { grid: { root: { type: 'branch', data: [] } } } });
    second.services.close();
  });

  it("refuses a value that does not match its setting's schema, naming the field", async () => {
    const workspaceDir = mkdtempSync(path.join(os.tmpdir(), 'cairn-settings-'));
    dirs.push(workspaceDir);
    const { services, dispatch } = start(workspaceDir);
    const refused = async (input: unknown) => (await dispatch('settings.set', input, ctx).catch((e: unknown) => e)) as ContractError;
    expect(await refused({ key: 'keybindings', value: { 'tool.draw': 'N' } })).toMatchObject({ code: 'invalid-input', message: expect.stringContaining('value.tool.draw') });
    expect(await refused({ key: 'keybindings', value: { 'Not An Id': ['N'] } })).toMatchObject({ code: 'invalid-input' });
    expect(await refused({ key: 'colour', value: 1 })).toMatchObject({ code: 'invalid-input', message: expect.stringContaining('key') });
    expect(await refused({ key: 'layout', value: 'x'.repeat(300_000) })).toMatchObject({ code: 'invalid-input', message: expect.stringContaining('bytes as JSON') });
    expect(await dispatch('settings.get', { key: 'keybindings' }, ctx)).toEqual({ value: null });
    services.close();
  });
});
