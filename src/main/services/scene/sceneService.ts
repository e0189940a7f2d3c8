import { readFileSync } from 'node:fs';
import { parseJson } from '../../../core/io/parseJson';
import { crossCheckManifest, parseDatasetManifest, parseSceneManifest, type SceneManifest } from '../../../core/scene/manifest';
import { mergeOpenLabel, readOpenLabel } from '../../../core/scenegraph';
import type { ByteSource } from '../../../core/io/byteSource';
import { ContractError } from '../../../shared/contract';
import { releaseSource, type DataStore } from '../stores/dataStore';
import type { LocalStore } from '../stores/localStore';
import type { StoreFactory } from '../stores/storeFactory';
import type { LocationPolicy } from '../access/locationPolicy';
import { logSceneStore } from '../robotics/logSceneStore';
import type { StoreRegistry } from '../stores/storeRegistry';

interface OpenScene {
  readonly storeId: string;
  readonly manifest: SceneManifest;
  /** Where the manifest was read from, for people. */
  readonly source: string;
}

export interface SceneSummary {
  readonly sceneId: string;
  readonly name: string;
  readonly frameCount: number;
  readonly kind: 'sequence' | 'reconstruction';
  readonly source: string;
}

export interface OpenLocationResult {
  readonly scenes: SceneSummary[];
  /** Scenes of a dataset that could not be opened, each naming its file and the problem. */
  readonly problems: string[];
}

const MAX_MANIFEST_BYTES = 256 << 20;
/** Below the web host's per-connection queue bound, so one scene always gets through. */
export const MAX_SCENE_MESSAGE_BYTES = 24 << 20;
const MANIFEST_NAMES = ['dataset.json', 'scene.json'] as const;

/**
 * Scenes the host knows, each read from a manifest (`scene.json`) or a dataset of them
 * (`dataset.json`) in a folder, on an HTTP server or in a bucket. A manifest's files are served
 * from its `dataRoot` when it names one, else from the manifest's own folder.
 */
export class SceneService {
  private readonly scenes = new Map<string, OpenScene>();

  constructor(
    private readonly stores: StoreRegistry,
    private readonly factory: StoreFactory,
    private readonly policy: LocationPolicy,
    /** `scene.open` sends the manifest as one message: a scene larger than this is refused at open. */
    private readonly maxSceneBytes = MAX_SCENE_MESSAGE_BYTES,
  ) {}

  /** Reads the scene manifest at `manifestPath` in a local store (the embedded sample) at start-up. */
  addLocalScene(store: LocalStore, manifestPath = 'scene.json'): SceneManifest {
    const file = store.resolve(manifestPath);
    if (!file) throw new Error(`store ${store.id}: no manifest at ${manifestPath}`);
    const parsed = parseJson(readFileSync(file, 'utf8'));
    if (!parsed.ok) throw new Error(`${file}: the scene manifest ${parsed.problem}`);
    const manifest = parseSceneManifest(parsed.value, file);
    this.register(manifest, store, file);
    return manifest;
  }

  /** True when a location names a scene or dataset manifest, or a folder holding one. */
  async isSceneLocation(location: string): Promise<boolean> {
    try {
      return (await this.findManifest(location)) !== null;
    } catch {
      return false;
    }
  }

  /**
   * Opens a scene manifest, a dataset manifest, or a folder holding either. A dataset opens every
   * scene it can and lists the ones it cannot; a single broken manifest is an error naming it.
   */
  async openLocation(location: string): Promise<OpenLocationResult> {
    const found = await this.findManifest(location.trim());
    if (!found) throw new ContractError('not-found', `${location}: no scene.json or dataset.json there`);
    const { folder, name, store } = found;
    const label = this.factory.resolve(folder, name);
    const json = await readJson(store.source(name)!, label);
    if (isDataset(json)) return this.openDataset(json, folder, label);
    const problems: string[] = [];
    return { scenes: [await this.openManifest(label, json, problems)], problems };
  }

  private async openDataset(json: unknown, folder: string, label: string): Promise<OpenLocationResult> {
    let dataset;
    try {
      dataset = parseDatasetManifest(json, label);
    } catch (e) {
      throw new ContractError('invalid-input', (e as Error).message);
    }
    const scenes: SceneSummary[] = [];
    const problems: string[] = [];
    for (const entry of dataset.scenes) {
      try {
        const manifestLocation = this.factory.resolve(folder, entry.manifest);
        this.policy.check(manifestLocation, label);
        scenes.push(await this.openManifest(manifestLocation, undefined, problems));
      } catch (e) {
        problems.push((e as Error).message);
      }
    }
    if (scenes.length === 0) throw new ContractError('invalid-input', `${label}: no scene could be opened: ${problems.join('; ')}`);
    return { scenes, problems };
  }

  list(): SceneSummary[] {
    return [...this.scenes.values()].map(summaryOf);
  }

  open(sceneId: string): OpenScene {
    const scene = this.scenes.get(sceneId);
    if (!scene) throw new ContractError('not-found', `no scene ${sceneId} in this workspace`);
    return scene;
  }

  has(sceneId: string): boolean {
    return this.scenes.has(sceneId);
  }

  private async openManifest(location: string, json?: unknown, problems: string[] = []): Promise<SceneSummary> {
    const { folder, name } = this.factory.split(location);
    const manifestStore = this.storeFor(folder);
    const source = manifestStore.source(name);
    if (!source) throw new ContractError('invalid-input', `${location}: not a file inside its folder`);
    let manifest: SceneManifest;
    try {
      manifest = parseSceneManifest(json ?? (await readJson(source, location)), location);
    } catch (e) {
      throw e instanceof ContractError ? e : new ContractError('invalid-input', (e as Error).message);
    }
    const dataStore = manifest.log ? this.logStore(folder, manifest, location) : manifest.dataRoot ? this.dataRootStore(folder, manifest.dataRoot, location) : manifestStore;
    if (manifest.openLabel) manifest = await this.withOpenLabel(manifest, dataStore, problems);
    return summaryOf(this.register(manifest, dataStore, location));
  }

  /** The manifest with its OpenLABEL file's boxes and relations joined in; a bad file is an error naming it. */
  private async withOpenLabel(manifest: SceneManifest, store: DataStore, problems: string[]): Promise<SceneManifest> {
    const ref = manifest.openLabel!;
    const label = `${store.label.replace(/\/+$/, '')}/${ref.path}`;
    const source = store.source(ref.path);
    if (!source) throw new ContractError('invalid-input', `${label}: not a file inside the store`);
    try {
      const doc = readOpenLabel(await readJson(source, label), label, { idNamespace: manifest.sceneId, frameNames: ref.frameNames, classMap: ref.classMap });
      const merged = mergeOpenLabel(manifest, doc, label);
      const crossProblems = crossCheckManifest(merged.manifest);
      if (crossProblems.length) throw new Error(`${label}: ${crossProblems.slice(0, 5).join('; ')}`);
      problems.push(...merged.problems);
      return merged.manifest;
    } catch (e) {
      throw e instanceof ContractError ? e : new ContractError('invalid-input', (e as Error).message);
    }
  }

  private register(manifest: SceneManifest, store: DataStore, source: string): OpenScene {
    const bytes = Buffer.byteLength(JSON.stringify(manifest));
    if (bytes > this.maxSceneBytes) {
      const mib = (n: number) => `${(n / 2 ** 20).toFixed(1)} MiB`;
      throw new ContractError(
        'unsupported',
        `${source}: the scene is ${mib(bytes)} as one message (${manifest.frames.length} frames), more than Cairn sends at once (${mib(this.maxSceneBytes)}); split the sequence into scenes of fewer frames`,
      );
    }
    if (!this.stores.has(store.id)) this.stores.register(store);
    const scene = { storeId: store.id, manifest, source };
    this.scenes.set(manifest.sceneId, scene);
    return scene;
  }

  /**
   * The store a manifest's `dataRoot` names, resolved against the manifest's folder. It must lie
   * under a root the user allowed: a dataset never decides by itself what the host reads.
   */
  private dataRootStore(folder: string, dataRoot: string, manifestLocation: string): DataStore {
    let location: string;
    try {
      location = this.factory.resolve(folder, dataRoot);
    } catch (e) {
      throw new ContractError('forbidden', `${manifestLocation}: dataRoot: ${(e as Error).message}`);
    }
    return this.storeFor(location, `${manifestLocation}: dataRoot`);
  }

  /** The store reading a robotics log's captures from the log itself; the same log opened again is the same store. */
  private logStore(folder: string, manifest: SceneManifest, manifestLocation: string): DataStore {
    let store: DataStore;
    try {
      store = logSceneStore(this.factory, this.policy, folder, manifest, manifestLocation);
    } catch (e) {
      throw e instanceof ContractError ? e : new ContractError('invalid-input', (e as Error).message);
    }
    return this.stores.get(store.id) ?? store;
  }

  /** A store for a folder the policy allows; `context` names the file that named the folder. */
  private storeFor(folder: string, context?: string): DataStore {
    let store: DataStore;
    try {
      store = this.factory.folder(folder, 'scene', context);
    } catch (e) {
      if (e instanceof ContractError) throw e;
      const message = (e as Error).message;
      throw new ContractError('invalid-input', message.startsWith(folder) ? message : `${folder}: ${message}`);
    }
    return this.stores.get(store.id) ?? store;
  }

  /** The manifest a location names: the file itself, or dataset.json / scene.json in the folder. */
  private async findManifest(location: string): Promise<{ folder: string; name: string; store: DataStore } | null> {
    if (/\.json$/i.test(location)) {
      const { folder, name } = this.factory.split(location);
      const store = this.storeFor(folder);
      return (await exists(store.source(name))) ? { folder, name, store } : null;
    }
    const folder = location;
    const store = this.storeFor(folder);
    for (const name of MANIFEST_NAMES) {
      if (await exists(store.source(name))) return { folder, name, store };
    }
    return null;
  }
}

function summaryOf({ manifest, source }: OpenScene): SceneSummary {
  return {
    sceneId: manifest.sceneId,
    name: manifest.name,
    frameCount: manifest.frames.length,
    kind: manifest.frames.length === 0 && manifest.reconstruction ? 'reconstruction' : 'sequence',
    source,
  };
}

function isDataset(json: unknown): boolean {
  return !!json && typeof json === 'object' && (json as { format?: unknown }).format === 'cairn.dataset';
}

async function exists(source: ByteSource | null): Promise<boolean> {
  if (!source) return false;
  try {
    await source.size();
    return true;
  } catch {
    return false;
  } finally {
    await releaseSource(source);
  }
}

async function readJson(source: ByteSource, label: string): Promise<unknown> {
  try {
    return await readJsonFrom(source, label);
  } finally {
    await releaseSource(source);
  }
}

async function readJsonFrom(source: ByteSource, label: string): Promise<unknown> {
  let size: number;
  try {
    size = await source.size();
  } catch (e) {
    throw new ContractError('not-found', `${label}: cannot read: ${(e as Error).message}`);
  }
  if (size > MAX_MANIFEST_BYTES) throw new ContractError('invalid-input', `${label}: ${size} bytes is too large for a manifest`);
  const parsed = parseJson(new TextDecoder().decode(await source.read(0, size)));
  if (!parsed.ok) throw new ContractError('invalid-input', `${label}: ${parsed.problem}`);
  return parsed.value;
}
