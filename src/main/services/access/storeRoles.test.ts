import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { renameClass, startDraft } from '../../../core/ontology/draft';
import { ContractError, type CallOutput, type EventPayload } from '../../../shared/contract';
import { createDispatcher } from '../../host/dispatcher';
import { FIXTURE_SCENE_ID, fixtureCuboidRecord, makeFixtureResources } from '../../testing/fixtureResources';
import { createAppServices, type AppServices } from '../appServices';

const ctx = { transport: 'test' } as const;
// Long enough that the background loop never runs during a test: every sync here is a call.
const QUIET = { intervalMs: 3_600_000, afterEditMs: 3_600_000, backoffMs: 3_600_000, maxBackoffMs: 3_600_000 };

let dirs: string[];
let hosts: AppServices[];

beforeEach(() => {
  dirs = [];
  hosts = [];
});
afterEach(() => {
  for (const h of hosts) h.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function temp(prefix: string): string {
  const d = mkdtempSync(path.join(os.tmpdir(), prefix));
  dirs.push(d);
  return d;
}

function host(user: string, resourcesDir: string) {
  const services = createAppServices({ workspaceDir: temp(`cairn-roles-${user}-`), resourcesDir, shell: 'web', user, version: '0.0.0', mode: 'desktop', syncTiming: QUIET });
  hosts.push(services);
  const dispatch = createDispatcher(services.handlers, () => {});
  const call = async <T>(name: string, input: unknown) => (await dispatch(name as never, input, ctx)) as T;
  const refusal = async (name: string, input: unknown) => {
    const e = await dispatch(name as never, input, ctx).then(() => undefined, (x: unknown) => x);
    if (!(e instanceof ContractError)) throw new Error(`expected a ContractError, got ${String(e)}`);
    return e;
  };
  const access: EventPayload<'access.changed'>[] = [];
  services.events.subscribe((name, payload) => {
    if (name === 'access.changed') access.push(payload as EventPayload<'access.changed'>);
  });
  return { services, call, refusal, access };
}

const createOp = (author: string) => {
  const record = fixtureCuboidRecord(randomUUID());
  return { clientId: 'c', op: { opId: randomUUID(), sceneId: FIXTURE_SCENE_ID, author, at: 1, label: 'create cuboid', changes: [{ objectId: record.objectId, before: null, after: record }] } };
};

describe("the host's permissions follow the workspace key's role in the shared store", () => {
  it('a key registered as a reviewer cannot edit annotations or publish an ontology, but reviews; an annotator edits', async () => {
    const resourcesDir = makeFixtureResources().dir;
    dirs.push(resourcesDir);
    const store = temp('cairn-roles-store-');
    const lead = host('lead', resourcesDir);
    const rita = host('rita', resourcesDir);
    const anna = host('anna', resourcesDir);

    await lead.call('sync.connect', { location: store });
    await lead.call('sync.createStore', { name: 'Lead' });
    expect((await lead.call<CallOutput<'app.info'>>('app.info', {})).access).toEqual({ mode: 'desktop', role: 'admin', canOpen: true, canEdit: true, canReview: true });

    for (const [who, role] of [[rita, 'reviewer'], [anna, 'annotator']] as const) {
      const { publicKey } = await who.call<CallOutput<'sync.status'>>('sync.status', {});
      await lead.call('sync.registerKey', { publicKey, role, name: role });
      expect((await who.call<CallOutput<'app.info'>>('app.info', {})).access.role).toBeNull();
      await who.call('sync.connect', { location: store });
    }

    expect(rita.access.at(-1)).toEqual({ mode: 'desktop', role: 'reviewer', canOpen: true, canEdit: false, canReview: true });
    expect((await rita.call<CallOutput<'app.info'>>('app.info', {})).access).toEqual(rita.access.at(-1));
    const refused = await rita.refusal('annotations.apply', createOp('rita'));
    expect(refused.code).toBe('forbidden');
    expect(refused.message).toMatch(/registered it as a reviewer/);
    const draft = renameClass(startDraft(await rita.call<CallOutput<'ontology.get'>>('ontology.get', {})), 'truck', 'lorry');
    expect((await rita.refusal('ontology.publish', { ontology: draft.ontology, migration: draft.migration })).code).toBe('forbidden');
    expect((await rita.call<CallOutput<'annotations.list'>>('annotations.list', { sceneId: FIXTURE_SCENE_ID })).records).toEqual([]);

    expect(anna.access.at(-1)).toEqual({ mode: 'desktop', role: 'annotator', canOpen: true, canEdit: true, canReview: false });
    await expect(anna.call('annotations.apply', createOp('anna'))).resolves.toMatchObject({ duplicate: false });

    // Off the store, the workspace is its own again: offline edits are what Cairn is for.
    await rita.call('sync.disconnect', {});
    expect(rita.access.at(-1)).toMatchObject({ role: null, canEdit: true, canReview: false });
    await expect(rita.call('annotations.apply', createOp('rita'))).resolves.toMatchObject({ duplicate: false });
  });
});
