import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCallInput } from '../../../shared/contract';
import { createAppServices, type AppServices } from '../appServices';
import { FIXTURE_SCENE_ID, fixtureCuboidRecord } from '../../testing/fixtureResources';
import { makeFixtureResources } from '../../testing/fixtureResources';

let services: AppServices;
const dirs: string[] = [];
const ctx = { transport: 'test' as const };

beforeAll(() => {
  const fixture = makeFixtureResources();
  const workspaceDir = mkdtempSync(path.join(os.tmpdir(), 'cairn-track-pages-'));
  dirs.push(fixture.dir, workspaceDir);
  services = createAppServices({ workspaceDir, resourcesDir: fixture.dir, shell: 'web', user: 'tester', version: '0.0.0' });
});

afterAll(() => {
  services.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('tracks.list', () => {
  it('lists the settings an applied operation stored, with its records, and refuses a cursor it did not give', async () => {
    const objectId = '5a5a5a5a-5a5a-4a5a-8a5a-5a5a5a5a5a5a';
    const record = fixtureCuboidRecord(objectId);
    const settings = { size: 'linear', source: { groundTruthObjectId: '6b6b6b6b-6b6b-4b6b-8b6b-6b6b6b6b6b6b', groundTruthTrackId: 'kitti-0-3', copied: 'track' } };
    const op = {
      opId: '7c7c7c7c-7c7c-4c7c-8c7c-7c7c7c7c7c7c',
      sceneId: FIXTURE_SCENE_ID,
      author: 'tester',
      at: 1,
      label: 'copy ground-truth track (1 boxes)',
      changes: [{ objectId, before: null, after: record }],
      trackSettings: [{ trackId: record.trackId, before: null, after: settings }],
    };
    await services.handlers['annotations.apply'](parseCallInput('annotations.apply', { clientId: 'c', op }), ctx);
    const listed = await services.handlers['tracks.list'](parseCallInput('tracks.list', { sceneId: FIXTURE_SCENE_ID }), ctx);
    expect(listed).toEqual({ tracks: [{ trackId: record.trackId, settings }], nextCursor: null });
    await expect(services.handlers['tracks.list'](parseCallInput('tracks.list', { sceneId: FIXTURE_SCENE_ID, cursor: 'bogus' }), ctx)).rejects.toThrow(/tracks.list: invalid input: cursor/);
  });

  it('refuses settings the schema does not know, naming the field', () => {
    const op = {
      opId: '8d8d8d8d-8d8d-4d8d-8d8d-8d8d8d8d8d8d',
      sceneId: FIXTURE_SCENE_ID,
      author: 'tester',
      at: 1,
      label: 'bad',
      changes: [],
      trackSettings: [{ trackId: '9e9e9e9e-9e9e-4e9e-8e9e-9e9e9e9e9e9e', before: null, after: { centre: 'bezier' } }],
    };
    expect(() => parseCallInput('annotations.apply', { clientId: 'c', op })).toThrow(/op.trackSettings.0.after.centre/);
    expect(() => parseCallInput('annotations.apply', { clientId: 'c', op: { ...op, trackSettings: undefined } })).toThrow(/must hold at least one change/);
  });
});
