import { useState } from 'react';
import type { CallOutput } from '../../shared/contract';
import { showFrame } from '../state/loadScene';
import { useView, useWorkbench } from '../workbench/context';

type Candidate = CallOutput<'review.reviewQueue'>['items'][number];
type Mode = 'random' | 'stratified' | 'worst-agreement';

/**
 * A reviewer's queue, sampled from the assigned frames not judged since they changed: accept, or
 * reject the frame or the selected object with a reason, and pin a comment to it. Each verdict is
 * a signed record in the store; a rejected frame returns to its annotator's queue.
 */
export function ReviewQueue({ sceneId, onError, onOpen }: { sceneId: string; onError: (message: string | null) => void; onOpen?: (c: Candidate) => void }) {
  const wb = useWorkbench();
  const classes = useView((s) => s.ontology?.classes ?? []);
  const [objects, setObjects] = useState<Record<string, CallOutput<'review.replicaObjects'>['objects']>>({});
  const [chosen, setChosen] = useState<Record<string, string>>({});
  const [mode, setMode] = useState<Mode>('random');
  const [size, setSize] = useState('20');
  const [queue, setQueue] = useState<CallOutput<'review.reviewQueue'> | null>(null);
  const [reason, setReason] = useState('');
  const [judged, setJudged] = useState<Record<string, string>>({});
  const load = async () => {
    onError(null);
    try {
      setQueue(await wb.client.call('review.reviewQueue', { mode, size: Math.max(1, Math.min(5000, Number(size) || 20)), ...(mode === 'stratified' ? { by: 'annotator' as const } : {}) }));
    } catch (e) {
      onError((e as Error).message);
    }
  };
  const key = (c: Candidate) => `${c.annotator}|${c.frame}|${c.objectId ?? ''}`;
  const open = async (c: Candidate) => {
    void showFrame(wb, c.frame);
    onOpen?.(c);
    if (!c.lane || objects[key(c)]) return;
    try {
      const r = await wb.client.call('review.replicaObjects', { sceneId, lane: c.lane, frame: c.frame });
      setObjects((o) => ({ ...o, [key(c)]: r.objects }));
    } catch (e) {
      onError((e as Error).message);
    }
  };
  const className = (id: string) => classes.find((k) => k.classId === id)?.name ?? id;
  const judge = async (c: Candidate, verdict: 'accept' | 'reject') => {
    onError(null);
    // An object the queue names (one without a quorum) is judged alone; else the object chosen, if any.
    const objectId = c.objectId ?? (chosen[key(c)] || undefined);
    if (verdict === 'reject' && !reason.trim()) return onError('Say why it is rejected: the annotator sees the reason in their queue.');
    try {
      const item = { frame: c.frame, verdict, reason: reason.trim(), ...((verdict === 'reject' || c.objectId) && objectId ? { objectId } : {}) };
      const { address } = await wb.client.call('review.verdict', { sceneId, annotator: c.annotator, items: [item] });
      if (verdict === 'reject' && reason.trim()) {
        const pin = objectId ? { kind: 'object' as const, objectId, frame: c.frame } : { kind: 'frame' as const, frame: c.frame };
        await wb.client.call('review.comment', { sceneId, pin, annotator: c.annotator, review: address, text: reason.trim() });
      }
      setJudged((j) => ({ ...j, [key(c)]: verdict === 'accept' ? 'accepted' : `rejected${objectId ? ` (object ${objectId.slice(0, 8)})` : ''}` }));
      setReason('');
    } catch (e) {
      onError((e as Error).message);
    }
  };
  return (
    <section className="review-section" data-testid="review-queue">
      <h4>Review</h4>
      <div className="review-fields">
        <select value={mode} onChange={(e) => setMode(e.target.value as Mode)} data-testid="review-mode" aria-label="sampling">
          <option value="random">random sample</option>
          <option value="stratified">stratified by annotator</option>
          <option value="worst-agreement">worst agreement first</option>
        </select>
        <input value={size} onChange={(e) => setSize(e.target.value)} size={3} aria-label="sample size" />
        <button type="button" onClick={() => void load()} data-testid="review-load">
          Load queue
        </button>
      </div>
      <input className="review-reason" value={reason} onChange={(e) => setReason(e.target.value)} placeholder="reason, shown to the annotator with a comment" data-testid="review-reason" />
      {queue && (
        <>
          <p className="hint">
            {queue.items.length} of {queue.candidates} unjudged item(s)
          </p>
          <ul className="review-list">
            {queue.items
              .filter((c) => c.sceneId === sceneId)
              .map((c) => (
                <li key={key(c)} data-testid={`review-item-${c.annotatorName}-${c.frame}${c.objectId ? `-${c.objectId.slice(0, 8)}` : ''}`}>
                  <button type="button" className="link" onClick={() => void open(c)} data-testid="review-open">
                    Frame {c.frame}
                  </button>{' '}
                  by {c.annotatorName}
                  {c.objectId && (
                    <span data-testid="review-item-object">
                      {' '}
                      · object {c.objectId.slice(0, 8)}
                      {c.agreement === 0 ? ', no quorum' : ''}
                    </span>
                  )}
                  {!c.objectId && objects[key(c)] && !judged[key(c)] && (
                    <select value={chosen[key(c)] ?? ''} onChange={(e) => setChosen((x) => ({ ...x, [key(c)]: e.target.value }))} data-testid="review-object" aria-label="object judged">
                      <option value="">whole frame</option>
                      {objects[key(c)].map((o) => (
                        <option key={o.objectId} value={o.objectId}>
                          {className(o.classId)} {o.objectId.slice(0, 8)} at {o.center[0].toFixed(1)}, {o.center[1].toFixed(1)}
                        </option>
                      ))}
                    </select>
                  )}
                  {judged[key(c)] ? (
                    <span className="review-status" data-testid="review-judged">
                      {' '}
                      · {judged[key(c)]}
                    </span>
                  ) : (
                    <>
                      {' '}
                      <button type="button" onClick={() => void judge(c, 'accept')} data-testid="review-accept">
                        Accept
                      </button>
                      <button type="button" onClick={() => void judge(c, 'reject')} data-testid="review-reject">
                        Reject
                      </button>
                    </>
                  )}
                </li>
              ))}
          </ul>
        </>
      )}
    </section>
  );
}
