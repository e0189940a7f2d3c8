import { existsSync } from 'node:fs';
import path from 'node:path';
import type { RawData } from '../../../core/revisions';
import { LocationPolicy } from '../access/locationPolicy';
import { SceneService } from '../scene/sceneService';
import type { S3CredentialSettings } from '../secrets/s3CredentialSettings';
import { LocalStore } from '../stores/localStore';
import { StoreFactory } from '../stores/storeFactory';
import { StoreRegistry } from '../stores/storeRegistry';
import { frameRawData } from './frameRawData';
import { RawFileHasher } from './rawFileHasher';

/** The sync engine's lineage callback: a scene's frames' raw files and calibration versions. */
export type SceneRawData = (sceneId: string, frameIds: ReadonlySet<string>) => Promise<RawData>;

/**
 * The lineage a host records in its revisions: for a scene it has open, each frame's raw files
 * hashed (once each, by the hasher) and its calibration version. A scene it has not open throws,
 * and the sync engine then records no raw data for it rather than guess.
 */
export function scenesRawData(scenes: SceneService, stores: StoreRegistry, hasher: RawFileHasher): SceneRawData {
  return async (sceneId, frameIds) => {
    const { storeId, manifest } = scenes.open(sceneId);
    const store = stores.get(storeId);
    return store ? frameRawData({ manifest, store }, frameIds, hasher) : [];
  };
}

/** The store id the desktop gives the embedded sample scene (appServices' SAMPLE_STORE_ID). */
const SAMPLE_STORE_ID = 'sample';

/**
 * For `cairn sync`, which has no app window to have opened scenes in: the scenes the desktop
 * always has (the embedded sample) and those at `locations` (folders, manifests or datasets, local,
 * s3:// or http(s)://), opened as the desktop opens them, so the revisions the command signs carry
 * the same raw-data lineage as the app's. Throws naming a location that holds no scene.
 */
export async function openSceneRawData(options: { readonly resourcesDir: string; readonly locations: readonly string[]; readonly s3Settings?: S3CredentialSettings }): Promise<{ rawData: SceneRawData; sceneIds: string[] }> {
  const policy = new LocationPolicy('desktop');
  const stores = new StoreRegistry();
  const scenes = new SceneService(stores, new StoreFactory(policy, undefined, options.s3Settings), policy);
  const sampleDir = path.join(options.resourcesDir, 'sample');
  if (existsSync(path.join(sampleDir, 'scene.json'))) {
    policy.allow(sampleDir, 'the sample scene');
    const sample = new LocalStore(SAMPLE_STORE_ID, sampleDir);
    stores.register(sample);
    scenes.addLocalScene(sample);
  }
  for (const location of options.locations) {
    policy.allowOpened(location);
    await scenes.openLocation(location);
  }
  return { rawData: scenesRawData(scenes, stores, new RawFileHasher()), sceneIds: scenes.list().map((s) => s.sceneId) };
}
