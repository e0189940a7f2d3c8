import type { ManifestBuilder } from './conversionManifest';
import type { LabelSet } from './labelSet';

/** A format with no place for camera-image labels lists each one as lost, by kind, rather than dropping it silently. */
export function loseLabels2d(set: LabelSet, manifest: ManifestBuilder, why: string): void {
  for (const r of set.labels2d ?? []) manifest.lose(`2D label (${r.kind})`, why, r.objectId);
}

/** A format with no scene graph lists each relation as lost, rather than dropping it silently. */
export function loseRelations(set: LabelSet, manifest: ManifestBuilder, format: string): void {
  for (const r of set.relations ?? []) manifest.lose('relation', `${format} has no relations between objects (OpenLABEL has)`, r.objectId);
}
