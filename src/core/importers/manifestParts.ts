import type { SceneManifestInput } from '../scene/manifest';

/** The pieces of a scene manifest that importers build, as the schema accepts them. */
export type FrameInput = NonNullable<SceneManifestInput['frames']>[number];
export type SensorInput = NonNullable<SceneManifestInput['sensors']>[number];
export type CameraSensorInput = Extract<SensorInput, { kind: 'camera' }>;
export type GroundTruthInput = NonNullable<SceneManifestInput['groundTruth']>[number];
export type IgnoreRegionInput = NonNullable<SceneManifestInput['ignoreRegions']>[number];
export type ImageRefInput = NonNullable<FrameInput['images']>[string];
export type PointCloudRefInput = FrameInput['pointClouds'][string];

/** Exact equality of two calibrations (plain numbers, strings and arrays), to decide when a capture needs its own. */
export function sameValues(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  const ka = Object.keys(a).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
  const kb = Object.keys(b).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => sameValues((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

/** A message without the file name its thrower put in front (the report names the file already). */
export function problemText(error: unknown, file: string): string {
  const message = error instanceof Error ? error.message : String(error);
  if (message.startsWith(`${file}: `)) return message.slice(file.length + 2);
  if (message.startsWith(`${file} `)) return message.slice(file.length + 1);
  return message;
}

/** A scene name usable as a folder name, unique among `taken`. */
export function folderName(name: string, taken: Set<string>): string {
  const base = name.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^[._]+/, '') || 'scene';
  let candidate = base;
  for (let i = 2; taken.has(candidate); i++) candidate = `${base}-${i}`;
  taken.add(candidate);
  return candidate;
}
