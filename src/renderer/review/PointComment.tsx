import { useMemo, useState } from 'react';
import { PIN_TOOL_ID } from '../../core/editor/tools';
import { useView, useWorkbench } from '../workbench/context';
import { pinnedThreads } from './pinnedThreads';

/** Whose work a comment is about: the annotator whose frame the reviewer opened last. */
export interface CommentSubject {
  readonly annotator: string;
  readonly name: string;
  readonly frame: number;
}

const fixed = (p: readonly number[]) => p.map((v) => v.toFixed(2)).join(', ');

/**
 * Comment at a point: arms the 3D view's pin tool, then writes a signed comment pinned to the LiDAR
 * point clicked (about the opened annotator's work when it is on that frame, else everyone's), and
 * lists the frame's point comments, each a link that turns the camera to its point.
 */
export function PointComment({ sceneId, subject, onError }: { sceneId: string; subject: CommentSubject | null; onError: (message: string | null) => void }) {
  const wb = useWorkbench();
  const armed = useView((s) => s.tool === PIN_TOOL_ID);
  const pin = useView((s) => s.pendingPin);
  const frameIndex = useView((s) => s.frameIndex);
  const read = useView((s) => s.sceneComments);
  const [text, setText] = useState('');
  const threads = useMemo(() => (read && read.sceneId === sceneId ? pinnedThreads(read.comments, frameIndex) : []), [read, sceneId, frameIndex]);
  const about = subject && pin && subject.frame === pin.frameIndex ? subject : null;
  const view = () => wb.view.getState();
  const arm = () => {
    onError(null);
    view().setTool(PIN_TOOL_ID);
  };
  const leave = () => {
    setText('');
    view().setTool('select');
  };
  const save = async () => {
    if (!pin || !text.trim()) return;
    onError(null);
    try {
      const { address } = await wb.client.call('review.comment', {
        sceneId,
        pin: { kind: 'point', frame: pin.frameIndex, point: [pin.point[0], pin.point[1], pin.point[2]], space: pin.space },
        ...(about ? { annotator: about.annotator } : {}),
        text: text.trim(),
      });
      leave();
      view().rereadComments();
      view().showComment(address);
    } catch (e) {
      onError((e as Error).message);
    }
  };
  return (
    <section className="review-section" data-testid="point-comments">
      <h4>
        Point comments{' '}
        {!armed && (
          <button type="button" onClick={arm} data-testid="point-comment-arm" title="Click a LiDAR point in the 3D view to pin a comment to it">
            Comment at a point
          </button>
        )}
      </h4>
      {armed && !pin && (
        <p className="hint" data-testid="point-comment-armed">
          Click a LiDAR point in the 3D view (Esc cancels).{' '}
          <button type="button" className="link" onClick={leave}>
            Cancel
          </button>
        </p>
      )}
      {armed && pin && (
        <form
          className="review-fields"
          data-testid="point-comment-form"
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
        >
          <span className="hint" data-testid="point-comment-at">
            Frame {pin.frameIndex} at {fixed(pin.point)} ({pin.space}){about ? `, about ${about.name}'s work` : ''}
          </span>
          <input value={text} onChange={(e) => setText(e.target.value)} placeholder="comment" aria-label="comment" data-testid="point-comment-text-input" autoFocus />
          <button type="submit" disabled={!text.trim()} data-testid="point-comment-save">
            Pin comment
          </button>
          <button type="button" onClick={leave}>
            Cancel
          </button>
        </form>
      )}
      {threads.length > 0 && (
        <ul className="review-list">
          {threads.map((t) => (
            <li key={t.root.address} data-testid="point-comment-item" data-resolved={t.root.resolved}>
              <button type="button" className="link" onClick={() => view().focusComment(t.root.address, t.point)} title="Turn the 3D view to the point">
                at {fixed(t.point)}
              </button>{' '}
              <b>{t.root.authorName}</b>: {t.root.text}
              {t.replies.length > 0 && <span className="hint"> · {t.replies.length} repl{t.replies.length === 1 ? 'y' : 'ies'}</span>}
              {t.root.resolved && <span className="hint"> · resolved</span>}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
