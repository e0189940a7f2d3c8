import type { CairnClient } from '../../shared/client';
import { openScene } from './loadScene';
import type { CallOutput } from '../../shared/contract';
import { cloudDisplayDefaults } from './cloudDisplayDefaults';
import { useView, type ViewState } from './viewStore';

let waitingFor: string | null = null;

/** The cloud to show, with its display defaults when it is another cloud than the one shown (a preview's full octree keeps the user's choices). */
function shown(cloud: CallOutput<'pointcloud.open'>): Partial<ViewState> {
  const same = useView.getState().openCloud?.cloudId === cloud.cloudId;
  return { openCloud: cloud, ...(same ? {} : cloudDisplayDefaults(cloud)) };
}

/**
 * Opens what a path or URL names: a scene or dataset (its first scene is shown), or a point cloud
 * (at once if it is an octree, after its build otherwise). Resolves the problem to show, or null.
 */
export async function openLocation(client: CairnClient, location: string): Promise<string | null> {
  const view = useView.getState();
  try {
    const opened = await client.call('location.open', { location });
    if (opened.kind === 'scenes') {
      await openScene(client, opened.scenes[0].sceneId);
      const notice = opened.problems.length ? `Some scenes could not be opened: ${opened.problems.join('; ')}` : null;
      view.set({ showOpenDialog: false, notice });
      return null;
    }
    const info = opened.cloud;
    if (info.status === 'ready') {
      waitingFor = null;
      view.set({ ...shown(info), showOpenDialog: false, notice: null, cloudStats: null });
      return null;
    }
    if (info.status === 'building') {
      waitingFor = info.cloudId;
      if (info.preview && info.storeId) {
        view.set({ ...shown(info), showOpenDialog: false, cloudStats: null, notice: `Showing a preview of ${info.name} while its full octree builds.` });
      } else {
        view.set({ showOpenDialog: false, notice: `Building a level-of-detail octree for ${info.name}; it opens when ready.` });
      }
      return null;
    }
    const problem = info.error ?? `${info.name} could not be opened`;
    view.set({ notice: problem });
    return problem;
  } catch (e) {
    view.set({ notice: (e as Error).message });
    return (e as Error).message;
  }
}

/** Follows long jobs: their progress for the status bar, and opening a cloud whose build finished. */
export function watchJobs(client: CairnClient): () => void {
  const offProgress = client.on('job.progress', (p) => {
    const { jobs } = useView.getState();
    useView.getState().set({ jobs: { ...jobs, [p.jobId]: { label: p.label, phase: p.phase, done: p.done, total: p.total } } });
  });
  const offChanged = client.on('pointcloud.changed', (cloud) => {
    if (cloud.cloudId !== waitingFor || !cloud.preview || !cloud.storeId) return;
    useView.getState().set({
      ...shown(cloud),
      cloudStats: null,
      notice: `Showing a preview of ${(cloud.points ?? 0).toLocaleString('en-US')} points of ${cloud.name} while its full octree builds.`,
    });
  });
  const offFinished = client.on('job.finished', (f) => {
    const rest = { ...useView.getState().jobs };
    delete rest[f.jobId];
    useView.getState().set({ jobs: rest, notice: f.status === 'done' ? null : f.message });
    if (f.status === 'done' && f.cloudId && f.cloudId === waitingFor) {
      waitingFor = null;
      void client.call('pointcloud.list', {}).then((clouds) => {
        const ready = clouds.find((c) => c.cloudId === f.cloudId && c.status === 'ready');
        if (ready) useView.getState().set({ ...shown(ready), cloudStats: null, notice: null });
      });
    }
  });
  return () => {
    offProgress();
    offChanged();
    offFinished();
  };
}
