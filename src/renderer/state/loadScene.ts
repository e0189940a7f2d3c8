import { lidarFromNamedFrame, worldFromLidarCapture } from '../../core/scene/captureCalibration';
import { composeTransforms, inverseTransform } from '../../core/camera/rigidTransform';
import { mergeClouds } from '../../core/scene/mergeClouds';
import type { CairnClient } from '../../shared/client';
import { FrameCache, type LoadedFrame } from './frameCache';
import { listAllAnnotations } from './listAllAnnotations';
import { getSession, Session, setSession } from './session';
import { useView } from './viewStore';

let cache: FrameCache | null = null;

/** Opens the host's default scene: info, ontology, then the scene itself. */
export async function openDefaultScene(client: CairnClient): Promise<void> {
  const view = useView.getState();
  try {
    const [info, ontology] = await Promise.all([client.call('app.info', {}), client.call('ontology.get', {})]);
    view.set({ info, ontology, activeClassId: ontology.classes[0]?.classId ?? 'car' });
    await openScene(client, info.defaultSceneId);
  } catch (e) {
    view.set({ status: 'error', error: (e as Error).message });
  }
}

/** Opens one scene: its manifest, saved annotations, a fresh frame cache, and its first frame. */
export async function openScene(client: CairnClient, sceneId: string): Promise<void> {
  const view = useView.getState();
  const [scene, scenes] = await Promise.all([client.call('scene.open', { sceneId }), client.call('scene.list', {})]);
  const records = await listAllAnnotations(client, scene.manifest.sceneId);
  cache?.dispose();
  const next = new FrameCache(client, scene.storeId, scene.manifest.frames, cacheWindow(view.mergeFrames), () => {
    if (cache === next) useView.getState().set({ frameCache: { frames: next.heldFrames(), bytes: next.heldBytes() } });
  });
  cache = next;
  const ontology = useView.getState().ontology ?? (await client.call('ontology.get', {}));
  const frameOrder = scene.manifest.frames.map((f) => f.frameId);
  setSession(new Session(client, scene.manifest.sceneId, view.info?.user ?? 'unknown', records, { ontologyVersion: ontology.version, frameOrder }));
  frameRequest++;
  view.set({
    scene,
    scenes,
    status: 'ready',
    openCloud: null,
    frameIndex: 0,
    cloud: null,
    mergedCloud: null,
    frameImages: new Map(),
    selectedId: null,
    playing: false,
    revision: useView.getState().revision + 1,
  });
  if (scene.manifest.frames.length > 0) await showFrame(client, 0);
}

function cacheWindow(mergeFrames: number) {
  return { behind: Math.max(2, mergeFrames - 1), ahead: 4 };
}

let frameRequest = 0;

/**
 * Shows a frame: from the prefetch cache when it is there (no fetch, no decode), else loaded now.
 * A slower earlier request never overwrites a later one. Records the time to first paint.
 */
export async function showFrame(client: CairnClient, index: number): Promise<void> {
  const { scene, mergeFrames } = useView.getState();
  if (!scene || !cache) return;
  const frame = scene.manifest.frames[index];
  if (!frame) return;
  const request = ++frameRequest;
  const started = performance.now();
  const fromCache = cache.get(index) !== undefined;
  cache.focus(index);
  const loaded = await cache.load(index);
  if (request !== frameRequest) return;
  const merged = mergeFrames > 1 ? await mergedCloudAt(index, mergeFrames) : null;
  if (request !== frameRequest) return;
  // A notice speaks of the frame it was raised on (a fit that failed there): the next frame starts clean.
  const stepped = useView.getState().frameIndex !== index;
  useView.getState().set({
    ...(stepped ? { notice: null } : {}),
    frameIndex: index,
    cloud: loaded.cloud ? { frameId: frame.frameId, ...loaded.cloud } : null,
    cloudError: loaded.cloudError,
    frameImages: loaded.images,
    mergedCloud: merged,
    frameFromCache: fromCache,
  });
  requestAnimationFrame(() => {
    if (request === frameRequest) useView.getState().set({ frameLatencyMs: performance.now() - started, frameLatencyOf: index });
  });
}

/** Changes how many sweeps the merged cloud holds and redraws the current frame. */
export async function setMergeFrames(client: CairnClient, frames: number): Promise<void> {
  useView.getState().set({ mergeFrames: frames });
  cache?.setWindow(cacheWindow(frames));
  await showFrame(client, useView.getState().frameIndex);
}

/** The sweeps of frames index−n+1 … index, each placed in frame index's LiDAR frame by its ego pose. */
async function mergedCloudAt(index: number, n: number) {
  const { scene } = useView.getState();
  if (!scene || !cache) return null;
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
export function groundTruthInFrame() {
  const { scene, cloud, frameIndex } = useView.getState();
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
        cuboid: { frame: cloud.sensorId, center: placed.translation, size: box.cuboid.size, rotation: placed.rotation },
      },
    ];
  });
}

export function currentEditor() {
  return getSession()?.editor ?? null;
}

