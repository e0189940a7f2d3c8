import { useEffect } from 'react';
import { useSyncStatus } from '../sync/useSyncStatus';
import { useView, useWorkbench } from '../workbench/context';

/**
 * Reads the scene's comment threads into the view state: once when the scene opens, again after
 * each sync (others' comments arrive with it) and when asked (`rereadComments`: this workspace wrote
 * one, or My work knows newer ones); never per frame step, since the host reads and verifies every comment record of the store for it. Only
 * where the workspace reads a shared store with a registered key: comments live there.
 */
export function useSceneComments(): void {
  const wb = useWorkbench();
  const sceneId = useView((s) => s.scene?.manifest.sceneId ?? null);
  const registered = useView((s) => Boolean(s.info?.access?.role));
  const asked = useView((s) => s.commentsAsked);
  const [status] = useSyncStatus();
  const lastSync = status?.lastSyncAt ?? null;
  useEffect(() => {
    if (!sceneId || !registered) return;
    let live = true;
    wb.client.call('review.sceneComments', { sceneId }).then(
      ({ comments }) => live && wb.view.getState().sceneCommentsRead({ sceneId, comments }),
      (e: Error) => live && wb.view.getState().say(`The scene's comments could not be read: ${e.message}`),
    );
    return () => {
      live = false;
    };
  }, [wb, sceneId, registered, asked, lastSync]);
}
