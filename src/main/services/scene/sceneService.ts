import { readFileSync } from 'node:fs';
import { parseSceneManifest, type SceneManifest } from '../../../core/scene/manifest';
import { ContractError } from '../../../shared/contract';
import { LocalStore } from '../stores/localStore';
import type { StoreRegistry } from '../stores/storeRegistry';

interface OpenScene {
  readonly storeId: string;
  readonly manifest: SceneManifest;
}

/** Scenes the host knows, each read from a manifest in a registered store. */
export class SceneService {
  private readonly scenes = new Map<string, OpenScene>();

  constructor(private readonly stores: StoreRegistry) {}

  /** Reads `scene.json` at the root of a store and makes its scene available. */
  addStoreScene(storeId: string, manifestPath = 'scene.json'): SceneManifest {
    const store = this.stores.get(storeId);
    const file = store instanceof LocalStore ? store.resolve(manifestPath) : null;
    if (!file) throw new Error(`store ${storeId}: no local manifest at ${manifestPath}`);
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(file, 'utf8'));
    } catch (e) {
      throw new Error(`${file}: cannot read scene manifest: ${(e as Error).message}`);
    }
    const manifest = parseSceneManifest(json, file);
    this.scenes.set(manifest.sceneId, { storeId, manifest });
    return manifest;
  }

  list(): Array<{ sceneId: string; name: string; frameCount: number }> {
    return [...this.scenes.values()].map(({ manifest }) => ({
      sceneId: manifest.sceneId,
      name: manifest.name,
      frameCount: manifest.frames.length,
    }));
  }

  open(sceneId: string): OpenScene {
    const scene = this.scenes.get(sceneId);
    if (!scene) throw new ContractError('not-found', `no scene ${sceneId} in this workspace`);
    return scene;
  }

  has(sceneId: string): boolean {
    return this.scenes.has(sceneId);
  }
}
