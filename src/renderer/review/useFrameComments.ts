import { useEffect } from 'react';
import { useSyncStatus } from '../sync/useSyncStatus';
import { useView, useWorkbench } from '../workbench/context';

/**
 * Reads the comment threads pinned on the frame shown into the view state, again after each sync
 * (others' comments arrive with it) and after this workspace writes one. Only where the workspace
 * reads a shared store with a registered key: comments live there.
 */
export function useFrameComments(): void {
  const wb = useWorkbench();
  const sceneId = useView((s) => s.scene?.manifest.sceneId ?? null);
  const frameIndex = useView((s) => s.frameIndex);
  const registered = useView((s) => Boolean(s.info?.access?.role));
  const written = useView((s) => s.commentsWritten);
  const [status] = useSyncStatus();
  const lastSync = status?.lastSyncAt ?? null;
  useEffect(() => {
    if (!sceneId || !registered) return;
    let live = true;
    wb.client.call('review.frameComments', { sceneId, frame: frameIndex }).then(
      ({ comments }) => live && wb.view.getState().frameCommentsRead({ frameIndex, comments }),
      (e: Error) => live && wb.view.getState().say(`The comments of frame ${frameIndex} could not be read: ${e.message}`),
    );
    return () => {
      live = false;
    };
  }, [wb, sceneId, frameIndex, registered, written, lastSync]);
}
