import { useState } from 'react';
import type { CallOutput } from '../../shared/contract';
import { useView, useWorkbench } from '../workbench/context';

/** A lead's assignment of the scene's frames to annotators, a share of them blind to several. */
export function AssignForm({ sceneId, frameCount, onError }: { sceneId: string; frameCount: number; onError: (message: string | null) => void }) {
  const wb = useWorkbench();
  const [first, setFirst] = useState('0');
  const [last, setLast] = useState(String(Math.max(0, frameCount - 1)));
  const [annotators, setAnnotators] = useState('');
  const [overlap, setOverlap] = useState('10');
  const [replicas, setReplicas] = useState('2');
  const [done, setDone] = useState<CallOutput<'review.assign'> | null>(null);
  const role = useView((s) => s.info?.access.role ?? null);
  if (role !== 'admin') return null;
  const submit = async () => {
    onError(null);
    const names = annotators.split(',').map((n) => n.trim()).filter(Boolean);
    const [f, l, rate, r] = [Number(first), Number(last), Number(overlap) / 100, Number(replicas)];
    if (!Number.isInteger(f) || !Number.isInteger(l) || f < 0 || l < f || l >= frameCount) return onError(`Frames ${first}–${last}: give whole frame numbers from 0 to ${frameCount - 1}, first not after last`);
    if (!(rate >= 0 && rate <= 1)) return onError(`Overlap ${overlap} %: give a share from 0 to 100`);
    try {
      setDone(await wb.client.call('review.assign', { sceneId, frames: { kind: 'ranges', ranges: [{ first: f, last: l }] }, annotators: names, overlap: { rate, replicas: r } }));
    } catch (e) {
      onError((e as Error).message);
    }
  };
  return (
    <details className="review-section" data-testid="assign-form">
      <summary>Assign frames</summary>
      <div className="review-fields">
        <label>
          Frames <input value={first} onChange={(e) => setFirst(e.target.value)} size={4} aria-label="first frame" /> –{' '}
          <input value={last} onChange={(e) => setLast(e.target.value)} size={4} aria-label="last frame" />
        </label>
        <label>
          Annotators <input value={annotators} onChange={(e) => setAnnotators(e.target.value)} placeholder="names or key ids, comma-separated" data-testid="assign-annotators" />
        </label>
        <label>
          Blind overlap <input value={overlap} onChange={(e) => setOverlap(e.target.value)} size={3} data-testid="assign-overlap" /> % of frames, each by{' '}
          <input value={replicas} onChange={(e) => setReplicas(e.target.value)} size={2} data-testid="assign-replicas" /> annotators
        </label>
        <button type="button" data-testid="assign-submit" onClick={() => void submit()}>
          Assign
        </button>
      </div>
      {done && (
        <ul className="review-list" data-testid="assign-result">
          {done.lanes.map((l) => (
            <li key={l.lane}>
              {l.name}: {l.frames} frame(s)
            </li>
          ))}
        </ul>
      )}
    </details>
  );
}
