import { useEffect, useState } from 'react';
import type { ImageKeypoints } from './modelQueries';
import type { ReconstructionSession } from './reconstructionSession';

/** Keypoints asked of the worker, kept per session so going back to an image asks nothing. */
const asked = new WeakMap<ReconstructionSession, Map<number, Promise<ImageKeypoints | null>>>();
const KEEP = 16;

function keypointsOf(session: ReconstructionSession, imageId: number): Promise<ImageKeypoints | null> {
  let bySession = asked.get(session);
  if (!bySession) asked.set(session, (bySession = new Map()));
  let p = bySession.get(imageId);
  if (!p) {
    p = session.keypoints(imageId);
    bySession.set(imageId, p);
    if (bySession.size > KEEP) bySession.delete(bySession.keys().next().value!);
  }
  return p;
}

/** An image's keypoints with their projections; null until they arrive. */
export function useKeypoints(session: ReconstructionSession | null, imageId: number | null): ImageKeypoints | null {
  const [state, setState] = useState<ImageKeypoints | null>(null);
  useEffect(() => {
    if (!session || imageId === null) return;
    let live = true;
    void keypointsOf(session, imageId).then((k) => live && setState(k));
    return () => {
      live = false;
    };
  }, [session, imageId]);
  return state && state.imageId === imageId ? state : null;
}
