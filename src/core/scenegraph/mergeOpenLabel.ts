import type { SceneManifest } from '../scene/manifest';
import type { OpenLabelScene } from './openLabel';

export interface MergedOpenLabel {
  readonly manifest: SceneManifest;
  /** What did not fit the scene, for the user: frames it does not have, skipped elements. */
  readonly problems: string[];
}

/**
 * Adds an OpenLABEL document's cuboids to a scene's ground truth and its relations to the scene
 * graph. OpenLABEL frame i is the scene's frame index i; boxes in frames the scene lacks are
 * counted, not dropped silently. Relations keep pointing at `openlabel-<uid>` tracks.
 */
export function mergeOpenLabel(manifest: SceneManifest, doc: OpenLabelScene, source: string): MergedOpenLabel {
  const problems: string[] = [];
  let outside = 0;
  const groundTruth = [...manifest.groundTruth];
  for (const c of doc.cuboids) {
    const frame = manifest.frames[c.frameIndex];
    if (!frame) {
      outside++;
      continue;
    }
    groundTruth.push({
      objectId: c.objectId,
      frameId: frame.frameId,
      classId: c.classId,
      trackId: c.trackId,
      sourceClass: c.sourceClass,
      attributes: { ...c.attributes },
      cuboid: { frame: c.cuboid.frame, center: c.cuboid.center, size: c.cuboid.size, rotation: c.cuboid.rotation },
    });
  }
  if (outside) problems.push(`${source}: ${outside} cuboid(s) in frames this scene does not have (it has ${manifest.frames.length})`);
  for (const s of doc.skipped) problems.push(`${source}: not converted: ${s.count} × ${s.what} (first at ${s.path})`);
  return { manifest: { ...manifest, groundTruth, relations: [...manifest.relations, ...doc.relations] }, problems };
}
