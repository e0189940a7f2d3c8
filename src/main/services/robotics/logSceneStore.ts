import type { ByteSource } from '../../../core/io/byteSource';
import type { SceneManifest } from '../../../core/scene/manifest';
import type { LocationPolicy } from '../access/locationPolicy';
import { fileSource } from '../stores/fileSource';
import { httpSource } from '../stores/httpSource';
import { s3Source } from '../stores/s3Source';
import { parseS3Location } from '../stores/s3Store';
import { locationKind, storeIdFor, type StoreFactory } from '../stores/storeFactory';
import { LogMessageStore, type LogFrames } from './logMessageStore';

/**
 * The store of a scene opened from a robotics log: the manifest's `log` files, resolved against
 * the manifest's folder, each allowed by the location policy like any dataRoot (a manifest never
 * widens what the host reads), opened as range-read sources (file, HTTP, S3) when first read.
 */
export function logSceneStore(factory: StoreFactory, policy: LocationPolicy, manifestFolder: string, manifest: SceneManifest, manifestLocation: string): LogMessageStore {
  const log = manifest.log!;
  const locations = log.files.map((f) => factory.resolve(manifestFolder, f));
  for (const location of locations) policy.check(location, `${manifestLocation}: log`);
  const kind = locationKind(locations[0]);
  if (locations.some((l) => locationKind(l) !== kind)) throw new Error(`${manifestLocation}: log: the files of one log must lie in one kind of place`);
  const label = locations.length === 1 ? locations[0] : `${locations[0]} (+${locations.length - 1} split files)`;
  return new LogMessageStore(storeIdFor('log', `${log.format}|${locations.join('|')}`), kind, label, log.format, () => locations.map((l) => sourceAt(factory, l)), logFrames(manifest));
}

/** The manifest's frames by capture path (sweeps and images), in the manifest's order. */
export function logFrames(manifest: SceneManifest): LogFrames {
  const captures = manifest.frames.map((frame) => [...Object.values(frame.pointClouds), ...Object.values(frame.images)].map((c) => c.path));
  const byPath = new Map<string, number>();
  captures.forEach((paths, i) => {
    for (const p of paths) if (!byPath.has(p)) byPath.set(p, i);
  });
  return { count: captures.length, indexOf: (p) => byPath.get(p), captures: (i) => captures[i] ?? [] };
}

function sourceAt(factory: StoreFactory, location: string): ByteSource {
  const kind = locationKind(location);
  if (kind === 'local') return fileSource(location);
  if (kind === 'http') return httpSource(location);
  const { bucket, key } = parseS3Location(location);
  return s3Source(factory.s3Connection(location).client, bucket, key);
}
