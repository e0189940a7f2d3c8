import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { renameClass, startDraft } from '../../../core/ontology/draft';
import { ContractError, type CallOutput, type EventPayload } from '../../../shared/contract';
import { createDispatcher, type Dispatch } from '../../host/dispatcher';
import { FIXTURE_SCENE_ID, fixtureCuboidRecord, makeFixtureResources, SHIPPED_ONTOLOGY_VERSION } from '../../testing/fixtureResources';
import { createAppServices, type AppServices } from '../appServices';
import { ONTOLOGY_MIGRATION_CLIENT } from './ontologyHandlers';

/** The version a publish on a newly seeded workspace makes. */
const NEXT = SHIPPED_ONTOLOGY_VERSION + 1;

let resourcesDir: string;
let workspaceDir: string;
let services: AppServices;
let dispatch: Dispatch;
const ctx = { transport: 'test' } as const;

function start(mode: 'desktop' | 'reviewer' = 'desktop'): void {
  services = createAppServices({ workspaceDir, resourcesDir, shell: 'web', user: 'lead', version: '0.0.0', mode });
  dispatch = createDispatcher(services.handlers, () => {});
}

beforeEach(() => {
  resourcesDir = makeFixtureResources().dir;
  workspaceDir = mkdtempSync(path.join(os.tmpdir(), 'cairn-ontology-calls-'));
  start();
});
afterEach(() => {
  services.close();
  for (const d of [resourcesDir, workspaceDir]) rmSync(d, { recursive: true, force: true });
});

const call = async <T>(name: string, input: unknown) => (await dispatch(name as never, input, ctx)) as T;
async function refusal(name: string, input: unknown): Promise<ContractError> {
  const e = await dispatch(name as never, input, ctx).then(() => undefined, (x: unknown) => x);
  if (!(e instanceof ContractError)) throw new Error(`expected a ContractError, got ${String(e)}`);
  return e;
}

/** The current version with truck renamed lorry, and the migration that says so. */
async function renameTruck(dryRun?: boolean) {
  const draft = renameClass(startDraft(await call<CallOutput<'ontology.get'>>('ontology.get', {})), 'truck', 'lorry');
  return { ontology: draft.ontology, migration: draft.migration, ...(dryRun === undefined ? {} : { dryRun }) };
}

describe('ontology calls', () => {
  it('publishes a version: records follow it, the change is announced, and both survive a restart of the host', async () => {
    const truck = fixtureCuboidRecord(randomUUID(), { classId: 'truck', attributes: { occlusion: 'none' } });
    await call('annotations.apply', { clientId: 'c', op: { opId: randomUUID(), sceneId: FIXTURE_SCENE_ID, author: 'lead', at: 1, label: 'create cuboid', changes: [{ objectId: truck.objectId, before: null, after: truck }] } });
    const heard: string[] = [];
    services.events.subscribe((name, payload) => {
      if (name === 'annotations.applied') heard.push(`${(payload as EventPayload<'annotations.applied'>).clientId}:${(payload as EventPayload<'annotations.applied'>).op.label}`);
      if (name === 'ontology.published') heard.push(`published ${(payload as EventPayload<'ontology.published'>).version}`);
    });

    expect(await call('ontology.publish', await renameTruck(true))).toEqual({ version: NEXT, migrated: 1, flaggedCount: 0, flagged: [] });
    expect(heard).toEqual([]);
    expect(await call('ontology.publish', await renameTruck())).toEqual({ version: NEXT, migrated: 1, flaggedCount: 0, flagged: [] });
    expect(heard).toEqual([`${ONTOLOGY_MIGRATION_CLIENT}:Migrate to ontology version ${NEXT}`, `published ${NEXT}`]);

    services.close();
    start();
    const page = await call<CallOutput<'annotations.list'>>('annotations.list', { sceneId: FIXTURE_SCENE_ID });
    expect(page.records.map((r) => [r.classId, r.ontologyVersion])).toEqual([['lorry', NEXT]]);
    expect((await call<CallOutput<'ontology.get'>>('ontology.get', {})).version).toBe(NEXT);
    expect((await call<CallOutput<'ontology.get'>>('ontology.get', { version: SHIPPED_ONTOLOGY_VERSION })).classes.some((c) => c.classId === 'truck')).toBe(true);
    const versions = await call<CallOutput<'ontology.versions'>>('ontology.versions', {});
    // The shipped versions (their migrations change no class), then the rename.
    expect(versions.versions.map((v) => [v.version, v.steps])).toEqual([...Array.from({ length: SHIPPED_ONTOLOGY_VERSION }, (_, k) => [k + 1, 0]), [NEXT, 1]]);
  });

  it('makes new records under the current version only', async () => {
    await call('ontology.publish', await renameTruck());
    const stale = fixtureCuboidRecord(randomUUID(), { ontologyVersion: 1 });
    const e = await refusal('annotations.apply', { clientId: 'c', op: { opId: randomUUID(), sceneId: FIXTURE_SCENE_ID, author: 'a', at: 1, label: 'create cuboid', changes: [{ objectId: stale.objectId, before: null, after: stale }] } });
    expect(e.message).toContain(`is 1, but records are made under version ${NEXT}`);
  });

  it('refuses a version its migration does not reach, an unknown version, and a publish on a reviewer host, each with its code', async () => {
    const bad = { ...(await renameTruck()), migration: { fromVersion: SHIPPED_ONTOLOGY_VERSION, steps: [] } };
    const invalid = await refusal('ontology.publish', bad);
    expect([invalid.code, invalid.message]).toEqual(['invalid-input', `ontology.publish: invalid input: migration.steps: class "truck" of version ${SHIPPED_ONTOLOGY_VERSION} has no place in version ${NEXT}: rename, merge or split it`]);
    const schema = await refusal('ontology.publish', { ...bad, ontology: { ...bad.ontology, classes: [] } });
    expect(schema.message).toContain('ontology.classes');
    const missing = await refusal('ontology.get', { version: 9 });
    expect([missing.code, missing.message]).toEqual(['not-found', 'ontology cairn.default.driving has no version 9 in this workspace']);
    services.close();
    start('reviewer');
    expect((await refusal('ontology.publish', await renameTruck())).code).toBe('forbidden');
  });
});
