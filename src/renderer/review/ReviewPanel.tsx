import { useState } from 'react';
import { useView } from '../workbench/context';
import { AssignForm } from './AssignForm';
import { MyWork } from './MyWork';
import { PointComment, type CommentSubject } from './PointComment';
import { ReplicaOverlayToggle } from './ReplicaOverlayToggle';
import { ReviewQueue } from './ReviewQueue';

/** Assignments, the annotator's own queue, the reviewer's queue and the comments pinned to 3D points, on the store this workspace syncs with. */
export function ReviewPanel() {
  const scene = useView((s) => s.scene);
  const access = useView((s) => s.info?.access ?? null);
  const [error, setError] = useState<string | null>(null);
  const [subject, setSubject] = useState<CommentSubject | null>(null);
  if (!scene) return <p className="hint">Open a scene to see its assignments and reviews.</p>;
  if (!access?.role) return <p className="hint" data-testid="review-unavailable">Assignments and reviews live in a shared store: connect this workspace to one (Sync panel) with a registered key.</p>;
  const sceneId = scene.manifest.sceneId;
  return (
    <div className="review-panel" data-testid="review-panel">
      {error && (
        <p className="sync-error" role="alert" data-testid="review-error">
          {error}
        </p>
      )}
      <AssignForm sceneId={sceneId} frameCount={scene.manifest.frames.length} onError={setError} />
      {access.canEdit && <MyWork sceneId={sceneId} onError={setError} />}
      {access.canReview && <ReplicaOverlayToggle />}
      {access.canReview && <ReviewQueue sceneId={sceneId} onError={setError} onOpen={(c) => setSubject({ annotator: c.annotator, name: c.annotatorName, frame: c.frame })} />}
      <PointComment sceneId={sceneId} subject={subject} onError={setError} />
    </div>
  );
}
