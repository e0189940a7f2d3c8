import { createHash, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { labelPatchRecord } from '../../../core/annotations/labelPatch/record';
import { paintSelected } from '../../../core/segmentation/octreeLabels';
import { octreeFrameId } from '../../../core/segmentation/octreePointOrder';
import { ContractError, type CallOutput } from '../../../shared/contract';
import { createDispatcher, type Dispatch } from '../../host/dispatcher';
import { FIXTURE_SCENE_ID, makeFixtureResources, SHIPPED_ONTOLOGY_VERSION } from '../../testing/fixtureResources';
import { writeFourPointOctree } from '../../testing/potreeFixture';
import { createAppServices, type AppServices } from '../appServices';

let resourcesDir: string;
let workspaceDir: string;
let dataDir: string;
let services: AppServices;
let dispatch: Dispatch;

beforeEach(() => {
  resourcesDir = makeFixtureResources().dir;
  workspaceDir = mkdtempSync(path.join(os.tmpdir(), 'cairn-octree-label-refs-'));
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'cairn-octree-label-data-'));
  writeFourPointOctree(path.join(dataDir, 'four'));
  services = createAppServices({ workspaceDir, resourcesDir, shell: 'web', user: 'ann', version: '0.0.0', mode: 'desktop' });
  dispatch = createDispatcher(services.handlers, () => {});
});
afterEach(() => {
  services.close();
  for (const d of [resourcesDir, workspaceDir, dataDir]) rmSync(d, { recursive: true, force: true });
});

function patchOn(frameId: string) {
  const patch = paintSelected(frameId, [1, 2], new Uint32Array(2), 40)!;
  const objectId = randomUUID();
  return { objectId, before: null, after: labelPatchRecord(patch, { objectId, sceneId: FIXTURE_SCENE_ID, classId: 'car', label: 40, ordinal: 0, ontologyVersion: SHIPPED_ONTOLOGY_VERSION, author: 'ann', at: 1 }) };
}
const apply = (change: ReturnType<typeof patchOn>) =>
  dispatch('annotations.apply', { clientId: 'c', op: { opId: randomUUID(), sceneId: FIXTURE_SCENE_ID, author: 'ann', at: 1, label: 'Label points', changes: [change] } }, { transport: 'test' });

describe('label patches on a streamed octree', () => {
  it('are kept on the label frame of an octree opened in this session, and refused on a frame that is neither the scene’s nor such an octree’s', async () => {
    const octree = path.join(dataDir, 'four');
    const frameId = octreeFrameId(createHash('sha1').update(readFileSync(path.join(octree, 'hierarchy.bin'))).digest('hex'), 4);
    // Before the octree is opened its frame is unknown here.
    const early = await apply(patchOn(frameId)).then(() => null, (e: unknown) => e);
    expect(early).toBeInstanceOf(ContractError);
    expect((early as Error).message).toContain(`no frame ${frameId}`);
    await dispatch('pointcloud.open', { location: octree }, { transport: 'test' });
    const change = patchOn(frameId);
    await apply(change);
    const page = (await dispatch('annotations.list', { sceneId: FIXTURE_SCENE_ID }, { transport: 'test' })) as CallOutput<'annotations.list'>;
    expect(page.records.map((r) => r.objectId)).toContain(change.objectId);
    const elsewhere = await apply(patchOn(randomUUID())).then(() => null, (e: unknown) => e);
    expect((elsewhere as Error).message).toMatch(/no frame/);
  });
});
