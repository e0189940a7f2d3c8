import { defaultAttributes } from '../../core/ontology/attributes';
import { followProjections } from '../camera2d/sceneRigs';
import { lidarFromNamedFrame, worldFromLidarCapture } from '../../core/scene/captureCalibration';
import { composeTransforms, inverseTransform } from '../../core/camera/rigidTransform';
import { mergeClouds } from '../../core/scene/mergeClouds';
import type { Workbench } from '../workbench/workbench';
import { FrameCache, type LoadedFrame } from './frameCache';
import { listAllAnnotations } from './listAllAnnotations';
import { listAllTrackSettings } from './listAllTrackSettings';
import { Session } from './session';
import type { ViewState } from './viewStore';

/** Opens the host's default scene: info, ontology, then the scene itself. */
export async function openDefaultScene(wb: Workbench): Promise<void> {
  const { client } = wb;
  try {
    const [info, ontology] = await Promise.all([client.call('app.info', {}), client.call('ontology.get', {})]);
    wb.view.getState().hostLoaded(info, ontology);
    await openScene(wb, info.defaultSceneId);
  } catch (e) {
    wb.view.getState().sceneFailed((e as Error).message);
  }
}

/** Opens one scene: its manifest, saved annotations, a fresh frame cache, and its first frame. */
export async function openScene(wb: Workbench, sceneId: string): Promise<void> {
  const { client } = wb;
  const view = () => wb.view.getState();
  const [scene, scenes] = await Promise.all([client.call('scene.open', { sceneId }), client.call('scene.list', {})]);
  const [records, initialTrackSettings] = await Promise.all([listAllAnnotations(client, scene.manifest.sceneId), listAllTrackSettings(client, scene.manifest.sceneId)]);
  wb.frameCache?.dispose();
  const next = new FrameCache(client, scene.storeId, scene.manifest.frames, cacheWindow(view().mergeFrames), () => {
    if (wb.frameCache === next) view().frameCacheChanged(next.heldFrames(), next.heldBytes());
  });
  wb.frameCache = next;
  const ontology = view().ontology ?? (await client.call('ontology.get', {}));
  const frameOrder = scene.manifest.frames.map((f) => f.frameId);
  wb.setSession(new Session(client, wb.view, scene.manifest.sceneId, view().info?.user ?? 'unknown', records, { ontologyVersion: ontology.version, frameOrder, initialTrackSettings, attributeDefaults: (classId) => defaultAttributes(ontology, classId) }));
  followProjections(wb.session!.editor, scene.manifest);
  wb.frameRequest++;
  view().sceneOpened(scene, scenes);
  if (scene.manifest.frames.length > 0) await showFrame(wb, 0);
}

function cacheWindow(mergeFrames: number) {
  return { behind: Math.max(2, mergeFrames - 1), ahead: 4 };
}

/**
 * Shows a frame: from the prefetch cache when it is there (no fetch, no decode), else loaded now.
 * A slower earlier request never overwrites a later one. Records the time to first paint.
 */
export async function showFrame(wb: Workbench, index: number): Promise<void> {
  const { scene, mergeFrames } = wb.view.getState();
  const cache = wb.frameCache;
  if (!scene || !cache) return;
  const frame = scene.manifest.frames[index];
  if (!frame) return;
  const request = ++wb.frameRequest;
  const started = performance.now();
  const fromCache = cache.get(index) !== undefined;
  void cache.focus(index);
  const loaded = await cache.load(index);
  if (request !== wb.frameRequest) return;
  const merged = mergeFrames > 1 ? await mergedCloudAt(wb, cache, index, mergeFrames) : null;
  if (request !== wb.frameRequest) return;
  wb.view.getState().frameShown({
    index,
    cloud: loaded.cloud ? { frameId: frame.frameId, ...loaded.cloud } : null,
    cloudError: loaded.cloudError,
    images: loaded.images,
    merged,
    fromCache,
  });
  requestAnimationFrame(() => {
    if (request === wb.frameRequest) wb.frameLatency.getState().measured(performance.now() - started, index);
  });
}

/** Changes how many sweeps the merged cloud holds and redraws the current frame. */
export async function setMergeFrames(wb: Workbench, frames: number): Promise<void> {
  wb.view.getState().mergeFramesChanged(frames);
  wb.frameCache?.setWindow(cacheWindow(frames));
  await showFrame(wb, wb.view.getState().frameIndex);
}

/** The sweeps of frames index−n+1 … index, each placed in frame index's LiDAR frame by its ego pose. */
async function mergedCloudAt(wb: Workbench, cache: FrameCache, index: number, n: number) {
  const { scene } = wb.view.getState();
  if (!scene) return null;
  const manifest = scene.manifest;
  const current = manifest.frames[index];
  const frames: LoadedFrame[] = [];
  for (let i = Math.max(0, index - n + 1); i <= index; i++) frames.push(await cache.load(i));
  const sensorId = frames[frames.length - 1].cloud?.sensorId;
  if (!sensorId) return null;
  const worldFromCurrent = worldFromLidarCapture(manifest, current, sensorId);
  if (!worldFromCurrent) return null;
  const currentFromWorld = inverseTransform(worldFromCurrent);
  const placed = frames.flatMap((f) => {
    const worldFromLidar = worldFromLidarCapture(manifest, manifest.frames[f.index], sensorId);
    return f.cloud && worldFromLidar ? [{ points: f.cloud.points, count: f.cloud.count, targetFromCloud: composeTransforms(currentFromWorld, worldFromLidar) }] : [];
  });
  return { frameId: current.frameId, frames: placed.length, ...mergeClouds(placed) };
}

/** Ground-truth boxes of the frame shown, placed in its LiDAR frame, read-only. */
export function groundTruthInFrame({ scene, cloud, frameIndex }: Pick<ViewState, 'scene' | 'cloud' | 'frameIndex'>) {
  const frame = scene?.manifest.frames[frameIndex];
  if (!scene || !frame || !cloud) return [];
  const manifest = scene.manifest;
  return manifest.groundTruth.flatMap((box) => {
    if (box.frameId !== frame.frameId) return [];
    const lidarFromBox = lidarFromNamedFrame(manifest, frame, cloud.sensorId, box.cuboid.frame);
    if (!lidarFromBox) return [];
    const placed = composeTransforms(lidarFromBox, { translation: box.cuboid.center, rotation: box.cuboid.rotation });
    return [
      {
        objectId: box.objectId,
        classId: box.classId,
        trackId: box.trackId,
        sourceClass: box.sourceClass,
        attributes: box.attributes ?? {},
        ignore: box.ignore === true,
        cuboid: { frame: cloud.sensorId, center: placed.translation, size: box.cuboid.size, rotation: placed.rotation },
      },
    ];
  });
}
