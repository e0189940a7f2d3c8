import type { Workbench } from '../workbench/workbench';
import { openScene } from './loadScene';
import { formatCount } from '../ui/format';

/**
 * Opens what a path or URL names: a scene or dataset (its first scene is shown), or a point cloud
 * (at once if it is an octree, after its build otherwise). Resolves the problem to show, or null.
 */
export async function openLocation(wb: Workbench, location: string): Promise<string | null> {
  const view = () => wb.view.getState();
  try {
    const opened = await wb.client.call('location.open', { location });
    if (opened.kind === 'scenes') {
      await openScene(wb, opened.scenes[0].sceneId);
      view().setOpenDialog(false);
      view().say(opened.problems.length ? `Some scenes could not be opened: ${opened.problems.join('; ')}` : null);
      return null;
    }
    const info = opened.cloud;
    if (info.status === 'ready') {
      wb.awaitedCloud = null;
      view().showCloud(info, null);
      return null;
    }
    if (info.status === 'building') {
      wb.awaitedCloud = info.cloudId;
      if (info.preview && info.storeId) {
        view().showCloud(info, `Showing a preview of ${info.name} while its full octree builds.`);
      } else {
        view().setOpenDialog(false);
        view().say(`Building a level-of-detail octree for ${info.name}; it opens when ready.`);
      }
      return null;
    }
    const problem = info.error ?? `${info.name} could not be opened`;
    view().say(problem);
    return problem;
  } catch (e) {
    view().say((e as Error).message);
    return (e as Error).message;
  }
}

/** Follows long jobs: their progress for the status bar, and opening a cloud whose build finished. */
export function watchJobs(wb: Workbench): () => void {
  const { client } = wb;
  const view = () => wb.view.getState();
  const offProgress = client.on('job.progress', (p) => view().jobProgressed(p.jobId, { label: p.label, phase: p.phase, done: p.done, total: p.total }));
  const offChanged = client.on('pointcloud.changed', (cloud) => {
    if (cloud.cloudId !== wb.awaitedCloud || !cloud.preview || !cloud.storeId) return;
    view().showCloud(cloud, `Showing a preview of ${formatCount(cloud.points ?? 0)} points of ${cloud.name} while its full octree builds.`);
  });
  const offFinished = client.on('job.finished', (f) => {
    view().jobFinished(f.jobId, f.status === 'done' ? null : f.message);
    if (f.status === 'done' && f.cloudId && f.cloudId === wb.awaitedCloud) {
      wb.awaitedCloud = null;
      void client.call('pointcloud.list', {}).then((clouds) => {
        const ready = clouds.find((c) => c.cloudId === f.cloudId && c.status === 'ready');
        if (ready) view().showCloud(ready, null);
      });
    }
  });
  return () => {
    offProgress();
    offChanged();
    offFinished();
  };
}
