import { parseKittiBin, KITTI_BIN_STRIDE } from '../../core/formats/kittiBin';
import { channelPercentiles } from '../../core/pointcloud/percentiles';
import type { CairnClient } from '../../shared/client';
import { getSession, Session, setSession } from './session';
import { useView } from './viewStore';

/** Opens the host's default scene: info, ontology, manifest, saved annotations, first frame. */
export async function openDefaultScene(client: CairnClient): Promise<void> {
  const view = useView.getState();
  try {
    const [info, ontology] = await Promise.all([client.call('app.info', {}), client.call('ontology.get', {})]);
    const scene = await client.call('scene.open', { sceneId: info.defaultSceneId });
    const records = await client.call('annotations.list', { sceneId: scene.manifest.sceneId });
    setSession(new Session(client, scene.manifest.sceneId, info.user, records));
    view.set({
      info,
      ontology,
      scene,
      status: 'ready',
      activeClassId: ontology.classes[0]?.classId ?? 'car',
      revision: useView.getState().revision + 1,
    });
    await showFrame(client, 0);
  } catch (e) {
    view.set({ status: 'error', error: (e as Error).message });
  }
}

let frameRequest = 0;

/** Loads a frame's sweep; a slower earlier request never overwrites a later one. */
export async function showFrame(client: CairnClient, index: number): Promise<void> {
  const { scene } = useView.getState();
  if (!scene) return;
  const frame = scene.manifest.frames[index];
  if (!frame) return;
  const request = ++frameRequest;
  useView.getState().set({ frameIndex: index, cloudError: null });
  const [sensorId, ref] = Object.entries(frame.pointClouds)[0] ?? [];
  if (!sensorId || !ref) {
    useView.getState().set({ cloud: null, cloudError: `frame ${index} has no point cloud` });
    return;
  }
  const url = client.dataUrl(scene.storeId, ref.path);
  try {
    const response = await fetch(url);
    if (!response.ok) throw new Error(`${ref.path}: the host answered ${response.status}`);
    const cloud = parseKittiBin(await response.arrayBuffer(), ref.path, ref.pointCount);
    const [ground, lo, hi] = channelPercentiles(cloud.points, KITTI_BIN_STRIDE, 2, [0.1, 0.02, 0.98]);
    if (request !== frameRequest) return;
    useView.getState().set({
      cloud: { frameId: frame.frameId, points: cloud.points, count: cloud.count, sensorId, zRange: [lo, hi], groundZ: ground },
    });
  } catch (e) {
    if (request === frameRequest) useView.getState().set({ cloudError: (e as Error).message });
  }
}

export function currentEditor() {
  return getSession()?.editor ?? null;
}
