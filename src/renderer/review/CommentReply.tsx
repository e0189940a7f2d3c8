import { useState } from 'react';
import type { CallOutput } from '../../shared/contract';
import { useWorkbench } from '../workbench/context';

type Comment = CallOutput<'review.myQueue'>['items'][number]['comments'][number];

/** Answers a comment thread, and closes it when the answer settles it (a signed comment either way). */
export function CommentReply({ sceneId, comment, onDone, onError }: { sceneId: string; comment: Comment; onDone: () => void; onError: (message: string | null) => void }) {
  const wb = useWorkbench();
  const [text, setText] = useState('');
  if (comment.resolved || comment.address !== comment.thread) return null;
  const send = async (resolve: boolean) => {
    onError(null);
    try {
      await wb.client.call('review.comment', { sceneId, pin: comment.pin, parent: comment.address, ...(resolve ? { resolves: comment.thread } : {}), text: text.trim() || (resolve ? 'Resolved' : '') });
      setText('');
      onDone();
    } catch (e) {
      onError((e as Error).message);
    }
  };
  return (
    <div className="review-fields review-reply">
      <input value={text} onChange={(e) => setText(e.target.value)} placeholder="reply" aria-label="reply" data-testid="comment-reply-text" />
      <button type="button" disabled={!text.trim()} onClick={() => void send(false)} data-testid="comment-reply">
        Reply
      </button>
      <button type="button" onClick={() => void send(true)} data-testid="comment-resolve">
        Resolve
      </button>
    </div>
  );
}
