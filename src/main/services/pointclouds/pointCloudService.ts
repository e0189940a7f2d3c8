import { createHash } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { summarizePotreeMetadata } from '../../../core/formats';
import { octreeFrameId } from '../../../core/segmentation/octreePointOrder';
import type { ByteSource } from '../../../core/io/byteSource';
import { ContractError, type CallOutput } from '../../../shared/contract';
import { releaseSource, type DataStore } from '../stores/dataStore';
import { LocalStore } from '../stores/localStore';
import { parseS3Location, type S3ConnectionOptions } from '../stores/s3Store';
import { storeIdFor, StoreFactory } from '../stores/storeFactory';
import type { S3CredentialSettings } from '../secrets/s3CredentialSettings';
import type { StoreRegistry } from '../stores/storeRegistry';
import type { LocationPolicy } from '../access/locationPolicy';

export type PointCloudInfo = CallOutput<'pointcloud.open'>;

/** Builds an octree for a raw file and reports where it landed; supplied by the LOD layer. */
export interface OctreeBuilds {
  /** Starts (or joins) the build of `file`; resolves the info of a cloud that is building or ready. */
  buildFor(
    file: string,
    cloudId: string,
    onReady: (outDir: string) => Promise<void>,
    onFailed: (message: string) => void,
    /** A coarse preview octree exists while the full build goes on. */
    onPreview?: (outDir: string) => void,
  ): { jobId: string } | { readyDir: string };
}

export interface PointCloudServiceOptions {
  /** Which locations may be read: every open is checked against it. */
  readonly policy: LocationPolicy;
  /** How s3:// locations are reached; by default from the environment (see s3OptionsFromEnv). */
  readonly s3?: S3ConnectionOptions;
  /** S3 settings saved per store in Cairn; where one holds a location they take precedence over `s3` and the environment. */
  readonly s3Settings?: S3CredentialSettings;
  /** Told when a cloud's state changes outside a call (a preview became streamable). */
  readonly onChange?: (cloud: PointCloudInfo) => void;
}

const MAX_METADATA_BYTES = 16 << 20;
/** 22 bytes a node: far more nodes than any octree this app streams. */
const MAX_HIERARCHY_BYTES = 256 << 20;

/**
 * Point clouds opened in this session, by id. A Potree 2.0 octree (a folder, an http(s) URL or an
 * s3:// location) streams at once; a raw scan (LAS, LAZ, PCD, PLY, bin) is built into the
 * workspace's cache first.
 */
export class PointCloudService {
  private readonly clouds = new Map<string, PointCloudInfo>();
  private readonly factory: StoreFactory;
  /** Label frame ids by store, worked out when first asked for (not on the way to the first frame). */
  private readonly labelFrames = new Map<string, Promise<string | null>>();

  constructor(
    private readonly stores: StoreRegistry,
    private readonly builds: OctreeBuilds | null,
    private readonly options: PointCloudServiceOptions,
  ) {
    this.factory = new StoreFactory(options.policy, options.s3, options.s3Settings);
  }

  list(): PointCloudInfo[] {
    return [...this.clouds.values()];
  }

  /**
   * The frames point labels of the octrees opened in this session are kept under (see
   * octreeFrameId): where a label patch outside a scene's frames may be written. An octree whose
   * hierarchy cannot be read has none.
   */
  async labelFrameIds(): Promise<Set<string>> {
    const out = new Set<string>();
    for (const info of this.clouds.values()) {
      if (info.status !== 'ready' || !info.storeId || info.preview || info.points === undefined) continue;
      let frame = this.labelFrames.get(info.storeId);
      if (!frame) {
        frame = this.readLabelFrame(info.storeId, info.points).catch(() => null);
        this.labelFrames.set(info.storeId, frame);
      }
      const id = await frame;
      if (id) out.add(id);
    }
    return out;
  }

  private async readLabelFrame(storeId: string, points: number): Promise<string | null> {
    const source = this.stores.get(storeId)?.source('hierarchy.bin');
    if (!source) return null;
    try {
      const size = await source.size();
      if (size > MAX_HIERARCHY_BYTES) return null;
      return octreeFrameId(createHash('sha1').update(await source.read(0, size)).digest('hex'), points);
    } finally {
      releaseSource(source);
    }
  }

  get(cloudId: string): PointCloudInfo | undefined {
    return this.clouds.get(cloudId);
  }

  async open(location: string): Promise<PointCloudInfo> {
    const trimmed = location.trim();
    if (/^https?:\/\//i.test(trimmed)) return this.openUrl(trimmed);
    if (/^s3:\/\//i.test(trimmed)) return this.openS3(trimmed);
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed)) {
      throw new ContractError('invalid-input', `${trimmed}: unsupported location (use a local path, an http(s) URL or an s3:// URL)`);
    }
    return this.openPath(path.resolve(trimmed));
  }

  private async openUrl(url: string): Promise<PointCloudInfo> {
    let u: URL;
    try {
      u = new URL(url);
    } catch {
      throw new ContractError('invalid-input', `${url}: not a valid URL`);
    }
    if (u.pathname.endsWith('/metadata.json')) u.pathname = u.pathname.slice(0, -'metadata.json'.length);
    const store = this.factory.folder(u.toString(), 'cloud');
    return this.registerOctree(store.id, store, store.label);
  }

  /** `s3://bucket/path/to/octree/` or `.../metadata.json`, through the host's S3 settings. */
  private async openS3(location: string): Promise<PointCloudInfo> {
    let store: DataStore;
    try {
      parseS3Location(location);
      store = this.factory.folder(location.replace(/(^|\/)metadata\.json$/, '$1'), 'cloud');
    } catch (e) {
      throw e instanceof ContractError ? e : new ContractError('invalid-input', (e as Error).message);
    }
    return this.registerOctree(store.id, store, store.label);
  }

  private async openPath(p: string): Promise<PointCloudInfo> {
    this.options.policy.check(p);
    let stat;
    try {
      stat = statSync(p);
    } catch {
      throw new ContractError('not-found', `${p}: no such file or folder`);
    }
    const dir = stat.isDirectory() ? p : path.basename(p) === 'metadata.json' ? path.dirname(p) : null;
    if (dir) {
      if (!existsSync(path.join(dir, 'metadata.json'))) {
        throw new ContractError(
          'invalid-input',
          `${dir}: nothing Cairn can open here: no scene.json or dataset.json, not a Potree 2.0 octree (no metadata.json), not a KITTI, nuScenes or COLMAP layout; open a point cloud file, an octree folder or a dataset folder`,
        );
      }
      const cloudId = idFor(dir);
      return this.registerOctree(cloudId, new LocalStore(cloudId, dir), dir);
    }
    if (!this.builds) throw new ContractError('internal', `${p}: building octrees is not available in this host`);
    const cloudId = idFor(`${p}:${stat.size}:${stat.mtimeMs}`);
    const existing = this.clouds.get(cloudId);
    if (existing && existing.status !== 'failed') return existing;
    const name = path.basename(p);
    const started = this.builds.buildFor(
      p,
      cloudId,
      async (outDir) => {
        await this.registerOctree(cloudId, new LocalStore(cloudId, outDir), p, name);
      },
      (message) => this.clouds.set(cloudId, { cloudId, name, source: p, status: 'failed', error: message }),
      (previewDir) => void this.registerPreview(cloudId, previewDir, p, name),
    );
    if ('readyDir' in started) return this.registerOctree(cloudId, new LocalStore(cloudId, started.readyDir), p, name);
    const info: PointCloudInfo = { cloudId, name, source: p, status: 'building', jobId: started.jobId };
    this.clouds.set(cloudId, info);
    return info;
  }

  /** The preview streams under its own store id, so the full octree later replaces it cleanly. */
  private async registerPreview(cloudId: string, dir: string, source: string, name: string): Promise<void> {
    const current = this.clouds.get(cloudId);
    if (!current || current.status !== 'building') return;
    try {
      const info = await this.registerOctree(cloudId, new LocalStore(`${cloudId}-preview`, dir), source, name, false);
      // The full build may have finished while the preview was being read.
      if (this.clouds.get(cloudId)?.status !== 'building') return;
      const preview: PointCloudInfo = { ...info, status: 'building', jobId: current.jobId, preview: true };
      this.clouds.set(cloudId, preview);
      this.options.onChange?.(preview);
    } catch {
      // A preview that cannot be read is no loss: the full octree still comes.
    }
  }

  private async registerOctree(cloudId: string, store: DataStore, source: string, name?: string, record = true): Promise<PointCloudInfo> {
    const metadata = store.source('metadata.json');
    if (!metadata) throw new ContractError('invalid-input', `${source}: no metadata.json`);
    const text = await readText(metadata).finally(() => releaseSource(metadata));
    let summary;
    try {
      summary = summarizePotreeMetadata(text, `${source.replace(/\/+$/, '')}/metadata.json`);
    } catch (e) {
      throw new ContractError('invalid-input', (e as Error).message);
    }
    this.stores.register(store);
    const info: PointCloudInfo = {
      cloudId,
      name: name ?? (summary.name || path.basename(source.replace(/\/+$/, ''))),
      source,
      status: 'ready',
      storeId: store.id,
      points: summary.points,
      bounds: summary.bounds,
      projection: summary.projection || undefined,
      attributes: [...summary.attributes],
    };
    if (record) this.clouds.set(cloudId, info);
    return info;
  }
}

async function readText(source: ByteSource): Promise<string> {
  let size: number;
  try {
    size = await source.size();
  } catch (e) {
    const message = (e as Error).message;
    throw new ContractError('not-found', message.startsWith(`${source.name}:`) ? message : `${source.name}: ${message}`);
  }
  if (size > MAX_METADATA_BYTES) throw new ContractError('invalid-input', `${source.name}: ${size} bytes is too large for a metadata file`);
  return new TextDecoder().decode(await source.read(0, size));
}

function idFor(key: string): string {
  return storeIdFor('cloud', key);
}
