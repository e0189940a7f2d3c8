import { useCallback, useEffect, useState } from 'react';
import type { CallOutput } from '../../shared/contract';
import { showFrame } from '../state/loadScene';
import { useSyncStatus } from '../sync/useSyncStatus';
import { useWorkbench } from '../workbench/context';
import { CommentReply } from './CommentReply';

type Item = CallOutput<'review.myQueue'>['items'][number];

/** This workspace's assigned frames: rework first, with what the reviewer rejected and said. */
export function MyWork({ sceneId, onError }: { sceneId: string; onError: (message: string | null) => void }) {
  const wb = useWorkbench();
  const [items, setItems] = useState<Item[] | null>(null);
  // Read again after each sync: assignments and verdicts arrive with it.
  const [status] = useSyncStatus();
  const lastSync = status?.lastSyncAt ?? null;
  const load = useCallback(() => {
    wb.client.call('review.myQueue', {}).then(
      (r) => setItems(r.items.filter((i) => i.sceneId === sceneId)),
      (e: Error) => onError(e.message),
    );
  }, [wb, sceneId, onError]);
  useEffect(load, [load, lastSync]);
  return (
    <section className="review-section" data-testid="my-work">
      <h4>
        My work{' '}
        <button type="button" onClick={load} data-testid="my-work-refresh">
          Refresh
        </button>
      </h4>
      {items === null ? (
        <p className="hint">Reading your queue…</p>
      ) : items.length === 0 ? (
        <p className="hint">Nothing assigned to you in this scene.</p>
      ) : (
        <ul className="review-list">
          {items.map((i) => (
            <li key={`${i.assignment}|${i.frame}`} data-testid={`my-work-${i.frame}`} data-status={i.status}>
              <button type="button" className="link" onClick={() => void showFrame(wb, i.frame)}>
                Frame {i.frame}
              </button>{' '}
              <span className={`review-status review-${i.status}`}>{i.status === 'rework' ? `rejected by ${i.reviewerName ?? 'a reviewer'}` : 'to do'}</span>
              {i.overlap && <span className="hint"> · blind overlap</span>}
              {i.rejections.map((r, n) => (
                <div key={n} className="review-rejection" data-testid="my-work-rejection">
                  {r.objectId ? `object ${r.objectId.slice(0, 8)}` : 'whole frame'}: {r.reason}
                </div>
              ))}
              {i.comments.map((c) => (
                <div key={c.address} className={`review-comment${c.resolved ? ' resolved' : ''}${c.address === c.thread ? '' : ' reply'}`} data-testid="my-work-comment" data-resolved={c.resolved}>
                  {c.pin.kind === 'point' && c.address === c.thread && <PointLink frame={i.frame} thread={c.thread} point={c.pin.point} />}{' '}
                  <b>{c.authorName}</b>: {c.text}
                  <CommentReply sceneId={sceneId} comment={c} onDone={load} onError={onError} />
                </div>
              ))}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** A comment pinned to a 3D point: shows its frame and turns the camera to the point, its text beside it. */
function PointLink({ frame, thread, point }: { frame: number; thread: string; point: readonly [number, number, number] }) {
  const wb = useWorkbench();
  const go = async () => {
    // My work reads the store itself, so it may know a thread (the reviewer's) that the 3D view has not
    // read yet: without this its marker would wait for the next sync.
    wb.view.getState().rereadComments();
    await showFrame(wb, frame);
    wb.view.getState().focusComment(thread, point);
  };
  return (
    <button type="button" className="link" onClick={() => void go()} data-testid="my-work-comment-point" title="Show the point in the 3D view">
      at {point.map((v) => v.toFixed(1)).join(', ')}
    </button>
  );
}
