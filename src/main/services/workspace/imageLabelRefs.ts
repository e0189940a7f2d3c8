import { isImage2dRecord } from '../../../core/annotations/guards';
import type { AnnotationRecord } from '../../../core/model/annotation';
import type { SceneManifest } from '../../../core/scene/manifest';
import { invalidInput } from '../../../shared/contract';

const cameraIdsByManifest = new WeakMap<SceneManifest, ReadonlySet<string>>();

function cameraIdsOf(manifest: SceneManifest): ReadonlySet<string> {
  let ids = cameraIdsByManifest.get(manifest);
  if (!ids) cameraIdsByManifest.set(manifest, (ids = new Set(manifest.sensors.filter((s) => s.kind === 'camera').map((s) => s.sensorId))));
  return ids;
}

/** A 2D label is drawn in a camera of its scene; like the other references, an unchanged camera is not checked again. */
export function checkImageLabelRefs(after: AnnotationRecord, before: AnnotationRecord | null, at: string, manifest: SceneManifest): void {
  if (!isImage2dRecord(after)) return;
  const had = before && isImage2dRecord(before) ? before.cameraId : undefined;
  if (after.cameraId !== had && !cameraIdsOf(manifest).has(after.cameraId)) {
    throw invalidInput('annotations.apply', `${at}.cameraId`, `no camera ${JSON.stringify(after.cameraId)} in scene ${manifest.sceneId}`);
  }
}
