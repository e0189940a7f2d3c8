import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newRelationRecord } from '../../../core/annotations/relation/edit';
import type { AnnotationRecord } from '../../../core/annotations/registry';
import { ContractError, type CallOutput } from '../../../shared/contract';
import { createDispatcher, type Dispatch } from '../../host/dispatcher';
import { FIXTURE_FRAME_IDS, FIXTURE_SCENE_ID, fixtureCuboidRecord, makeFixtureResources, SHIPPED_ONTOLOGY_VERSION } from '../../testing/fixtureResources';
import { createAppServices, type AppServices } from '../appServices';

let resourcesDir: string;
let workspaceDir: string;
let services: AppServices;
let dispatch: Dispatch;

beforeEach(() => {
  resourcesDir = makeFixtureResources().dir;
  workspaceDir = mkdtempSync(path.join(os.tmpdir(), 'cairn-relation-refs-'));
  services = createAppServices({ workspaceDir, resourcesDir, shell: 'web', user: 'ann', version: '0.0.0', mode: 'desktop' });
  dispatch = createDispatcher(services.handlers, () => {});
});
afterEach(() => {
  services.close();
  for (const d of [resourcesDir, workspaceDir]) rmSync(d, { recursive: true, force: true });
});

const apply = (label: string, changes: { objectId: string; before: AnnotationRecord | null; after: AnnotationRecord | null }[]) =>
  dispatch('annotations.apply', { clientId: 'c', op: { opId: randomUUID(), sceneId: FIXTURE_SCENE_ID, author: 'ann', at: 1, label, changes } }, { transport: 'test' });

async function refusal(label: string, changes: Parameters<typeof apply>[1]): Promise<string> {
  const e = await apply(label, changes).then(() => undefined, (x: unknown) => x);
  if (!(e instanceof ContractError)) throw new Error(`expected a refusal, got ${String(e)}`);
  return e.message;
}

const relation = (subject: string, predicate: string, object: string, last = FIXTURE_FRAME_IDS[1]) => {
  const id = randomUUID();
  return newRelationRecord(
    { subjectTrackId: subject, objectTrackId: object, predicate, firstFrameId: FIXTURE_FRAME_IDS[0], lastFrameId: last },
    { objectId: id, trackId: id, sceneId: FIXTURE_SCENE_ID, ontologyVersion: SHIPPED_ONTOLOGY_VERSION, author: 'ann', at: 2 },
  );
};

describe('the host holds a relation to the ontology and the scene', () => {
  const car = fixtureCuboidRecord(randomUUID(), { classId: 'car', attributes: { occlusion: 'none' } });
  const truck = fixtureCuboidRecord(randomUUID(), { classId: 'truck', attributes: { occlusion: 'none' } });
  const walker = fixtureCuboidRecord(randomUUID(), { classId: 'pedestrian', attributes: { occlusion: 'none' } });

  it('stores one the default ontology allows between stored objects, and lists it back', async () => {
    await apply('create boxes', [car, truck].map((r) => ({ objectId: r.objectId, before: null, after: r })));
    const follows = relation(car.trackId, 'follows', truck.trackId);
    await apply('create relation', [{ objectId: follows.objectId, before: null, after: follows }]);
    const page = (await dispatch('annotations.list', { sceneId: FIXTURE_SCENE_ID }, { transport: 'test' })) as CallOutput<'annotations.list'>;
    expect(page.records.find((r) => r.kind === 'relation')).toEqual(follows);
  });

  it('refuses a subject or object of a class the predicate does not take, saying which classes it does', async () => {
    await apply('create boxes', [car, truck, walker].map((r) => ({ objectId: r.objectId, before: null, after: r })));
    const walkerFollows = relation(walker.trackId, 'follows', car.trackId);
    expect(await refusal('create relation', [{ objectId: walkerFollows.objectId, before: null, after: walkerFollows }])).toContain(
      '"follows" takes a Car, Truck, Bus, Motorcycle or Cyclist as its subject, not a Pedestrian',
    );
    const crossesTruck = relation(walker.trackId, 'crosses_in_front_of', car.trackId);
    await apply('create relation', [{ objectId: crossesTruck.objectId, before: null, after: crossesTruck }]);
    const parkedBehindWalker = relation(car.trackId, 'parked_behind', walker.trackId);
    expect(await refusal('create relation', [{ objectId: parkedBehindWalker.objectId, before: null, after: parkedBehindWalker }])).toContain(
      '"parked behind" takes a Car, Truck or Bus as its object, not a Pedestrian',
    );
  });

  it('takes an end made in the same operation, and refuses an end that is no object, a predicate the ontology lacks and a range that runs backwards', async () => {
    const follows = relation(car.trackId, 'follows', truck.trackId);
    await apply('create all', [car, truck, follows].map((r) => ({ objectId: r.objectId, before: null, after: r })));
    const ghost = relation(car.trackId, 'follows', randomUUID());
    expect(await refusal('create relation', [{ objectId: ghost.objectId, before: null, after: ghost }])).toMatch(/relation\.objectTrackId.*no object/);
    const unknown = relation(car.trackId, 'overtakes', truck.trackId);
    expect(await refusal('create relation', [{ objectId: unknown.objectId, before: null, after: unknown }])).toContain('the ontology has no relation "overtakes"');
    const backwards = { ...follows, frameId: FIXTURE_FRAME_IDS[1], relation: { ...follows.relation, lastFrameId: FIXTURE_FRAME_IDS[0] } };
    expect(await refusal('edit relation', [{ objectId: follows.objectId, before: follows, after: backwards }])).toContain('frame 1 is before the first frame of the range (2)');
  });
});
