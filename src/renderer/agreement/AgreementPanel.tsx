import { useEffect, useMemo, useState } from 'react';
import type { AgreementResult } from '../../core/agreement';
import { agreementCharts } from '../../core/agreementPlots/agreementCharts';
import type { CallOutput } from '../../shared/contract';
import { useView, useWorkbench } from '../workbench/context';
import { EChart } from './EChart';

type Metric = 'iou3d' | 'bev' | 'centre';
const DEFAULT_THRESHOLD: Record<Metric, number> = { iou3d: 0.5, bev: 0.5, centre: 2 };
const fixed = (x: number | null | undefined, digits = 3) => (x === null || x === undefined ? '–' : x.toFixed(digits));

/**
 * Agreement of the scene's blind replicas, for a lead: compute it (a job in the host's worker,
 * with progress and cancel), read the figures and the same plots the HTML report draws, and write
 * the consensus back to the shared store.
 */
export function AgreementPanel() {
  const wb = useWorkbench();
  const sceneId = useView((s) => s.scene?.manifest.sceneId ?? null);
  const canEdit = useView((s) => s.info?.access.canEdit ?? true);
  const [metric, setMetric] = useState<Metric>('iou3d');
  const [threshold, setThreshold] = useState(String(DEFAULT_THRESHOLD.iou3d));
  const [job, setJob] = useState<{ jobId: string; done: number; total: number } | null>(null);
  const [computed, setComputed] = useState<CallOutput<'agreement.result'> | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!sceneId) return;
    let live = true;
    void wb.client.call('agreement.result', { sceneId }).then((r) => live && setComputed(r));
    return () => {
      live = false;
    };
  }, [wb, sceneId]);

  const result = computed?.result ?? null;
  const charts = useMemo(() => (result ? agreementCharts(result as AgreementResult) : []), [result]);
  if (!sceneId) return <p className="hint">Open a scene to compare its annotators.</p>;

  const run = async () => {
    setError(null);
    setMessage(null);
    const t = Number(threshold);
    if (!Number.isFinite(t) || t <= 0) return setError(`Threshold "${threshold}" is not a positive number`);
    // Its job is heard from the call on, not from an effect: the panel, parked while its tab is
    // hidden, runs no effects, and would miss the end. Listening before the call: a short job may end before its id comes back.
    let mine: string | null = null;
    const early = new Map<string, { status: string; message: string }>();
    const finish = (f: { status: string; message: string }) => {
      offProgress();
      offFinished();
      setJob(null);
      if (f.status === 'done') {
        setMessage(f.message);
        void wb.client.call('agreement.result', { sceneId }).then(setComputed, (e: Error) => setError(e.message));
      } else setError(f.message);
    };
    const offProgress = wb.client.on('job.progress', (p) => p.jobId === mine && setJob({ jobId: p.jobId, done: p.done, total: p.total }));
    const offFinished = wb.client.on('job.finished', (f) => {
      if (mine === null) early.set(f.jobId, f);
      else if (f.jobId === mine) finish(f);
    });
    try {
      const { jobId } = await wb.client.call('agreement.start', { sceneId, options: { metric, threshold: t } });
      mine = jobId;
      const ended = early.get(jobId);
      if (ended) finish(ended);
      else setJob({ jobId, done: 0, total: 0 });
    } catch (e) {
      offProgress();
      offFinished();
      setError((e as Error).message);
    }
  };
  const consensus = async () => {
    setError(null);
    try {
      const r = await wb.client.call('agreement.consensus', { sceneId });
      setMessage(`Consensus written to the shared history: ${r.changes} change(s); ${r.needsReview} object(s) without a quorum go to review.`);
    } catch (e) {
      setError((e as Error).message);
    }
  };

  const f1 = result ? result.pairs.map((p) => p.overall.f1).filter((x): x is number => x !== null) : [];
  return (
    <div className="agreement-panel" data-testid="agreement-panel">
      <div className="agreement-controls">
        <label>
          Match by{' '}
          <select
            value={metric}
            data-testid="agreement-metric"
            onChange={(e) => {
              const m = e.target.value as Metric;
              setMetric(m);
              setThreshold(String(DEFAULT_THRESHOLD[m]));
            }}
          >
            <option value="iou3d">3D IoU ≥</option>
            <option value="bev">BEV IoU ≥</option>
            <option value="centre">centre distance (m) ≤</option>
          </select>
        </label>
        <input className="agreement-threshold" value={threshold} onChange={(e) => setThreshold(e.target.value)} aria-label="threshold" data-testid="agreement-threshold" />
        {job ? (
          <button type="button" data-testid="agreement-cancel" onClick={() => void wb.client.call('jobs.cancel', { jobId: job.jobId })}>
            Cancel
          </button>
        ) : (
          <button type="button" data-testid="agreement-run" onClick={() => void run()}>
            Compute agreement
          </button>
        )}
      </div>
      {job && <progress value={job.done} max={Math.max(1, job.total)} aria-label="agreement progress" data-testid="agreement-progress" />}
      {error && (
        <p className="sync-error" role="alert" data-testid="agreement-error">
          {error}
        </p>
      )}
      {message && <p className="hint" data-testid="agreement-message">{message}</p>}
      {result && (
        <>
          <dl className="facts" data-testid="agreement-summary">
            <dt>Annotators</dt>
            <dd data-testid="agreement-annotators">{result.annotators.join(', ')}</dd>
            <dt>Frames</dt>
            <dd>{result.frames}</dd>
            <dt>Mean pairwise F1</dt>
            <dd data-testid="agreement-f1">{f1.length ? fixed(f1.reduce((a, b) => a + b, 0) / f1.length) : '–'}</dd>
            <dt>Class α / κ</dt>
            <dd data-testid="agreement-alpha">
              {fixed(result.classes.alpha.alpha)} / {fixed(result.classes.kappa.kappa)}
            </dd>
            <dt>Consensus</dt>
            <dd data-testid="agreement-consensus-count">
              {result.consensus.reduce((n, f) => n + f.boxes.length, 0)} boxes, {result.needsReview.length} to review
            </dd>
          </dl>
          {computed?.notes.map((n) => (
            <p key={n} className="hint">
              {n}
            </p>
          ))}
          {canEdit && (
            <button type="button" data-testid="agreement-build-consensus" onClick={() => void consensus()}>
              Build consensus
            </button>
          )}
          <table className="agreement-pairs" data-testid="agreement-pairs">
            <thead>
              <tr>
                <th>Pair</th>
                <th>F1</th>
                <th>3D IoU</th>
                <th>Centre (m)</th>
                <th>ID sw.</th>
              </tr>
            </thead>
            <tbody>
              {result.pairs.map((p, i) => (
                <tr key={`${p.a}|${p.b}`}>
                  <td>
                    {p.a} · {p.b}
                  </td>
                  <td>{fixed(p.overall.f1)}</td>
                  <td>{fixed(p.overall.meanIou3d)}</td>
                  <td>{fixed(p.overall.meanCentreError, 2)}</td>
                  <td>{result.tracks[i]?.idSwitches ?? '–'}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {charts.map((c) => (
            <figure key={c.id} className="agreement-chart">
              <figcaption>{c.title}</figcaption>
              <EChart option={c.option} height={Math.min(c.height, 260)} testId={`agreement-chart-${c.id}`} />
            </figure>
          ))}
        </>
      )}
    </div>
  );
}
