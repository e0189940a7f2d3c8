import { useEffect, useState } from 'react';
import './proposals.css';
import { acceptProposals } from '../../core/models/proposals/acceptProposals';
import type { Proposal } from '../../core/models/proposals/proposal';
import { defaultAttributes } from '../../core/ontology/attributes';
import type { CallOutput } from '../../shared/contract';
import { useEditorInstance, useView, useWorkbench } from '../workbench/context';
import { ModelRegistration } from './ModelRegistration';
import { useOpenProposals } from './openProposals';
import { refreshProposals, proposalsStoreOf, useProposals, useShownFrameProposals } from './proposalsStore';

type Generator = CallOutput<'models.list'>['generators'][number];

/**
 * Model-assisted proposals on the frame on screen: pick a generator (the built-in cluster-boxes or
 * a registered model), run it (a job on the host: progress and cancel here and in the status bar),
 * then accept proposals one by one or all above a score, or reject them. Accepting goes through the
 * editor like any edit (one undo step); the new box keeps its proposal's provenance.
 */
export function ProposalsPanel() {
  const wb = useWorkbench();
  const shown = useShownFrameProposals();
  const editor = useEditorInstance();
  const ontology = useView((s) => s.ontology);
  const canEdit = useView((s) => s.info?.access.canEdit ?? true);
  const readFor = useProposals((s) => s.readFor);
  const all = useProposals((s) => s.proposals);
  const highlighted = useProposals((s) => s.highlighted);
  const [generators, setGenerators] = useState<Generator[]>([]);
  const [generatorId, setGeneratorId] = useState('cluster-boxes');
  const [minScore, setMinScore] = useState('0.5');
  const setShownScore = useProposals((s) => s.setMinScore);
  const [job, setJob] = useState<{ jobId: string; done: number; total: number; phase: string } | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const listGenerators = () =>
    wb.client.call('models.list', {}).then(
      ({ generators: g }) => setGenerators(g),
      (e: Error) => setError(e.message),
    );
  useEffect(() => void listGenerators(), [wb]);
  useEffect(() => {
    if (!job) return;
    const offProgress = wb.client.on('job.progress', (p) => p.jobId === job.jobId && setJob({ jobId: p.jobId, done: p.done, total: p.total, phase: p.phase }));
    return () => offProgress();
  }, [wb, job?.jobId]);

  const open = useOpenProposals(all, shown !== null && readFor === shown.key);
  if (!shown) return <p className="hint">Open a scene to run a model on its frames.</p>;
  const generatorName = (id: string) => generators.find((g) => g.generatorId === id)?.name ?? id;
  const className = (classId: string | null) => (classId === null ? 'unclassified' : (ontology?.classes.find((c) => c.classId === classId)?.name ?? classId));

  const run = async () => {
    setError(null);
    setMessage(null);
    const { sceneId, frameId } = shown;
    // Listening before the call: a short job may end before its id comes back.
    const ended = new Map<string, { status: string; message: string }>();
    let mine: string | null = null;
    const finish = (f: { status: string; message: string }) => {
      off();
      setJob(null);
      if (f.status === 'done') setMessage(f.message);
      else setError(f.message);
      refreshProposals(wb, sceneId, frameId);
    };
    const off = wb.client.on('job.finished', (f) => {
      if (mine === null) ended.set(f.jobId, f);
      else if (f.jobId === mine) finish(f);
    });
    try {
      const { jobId } = await wb.client.call('models.run', { sceneId, frameId, generatorId });
      mine = jobId;
      const early = ended.get(jobId);
      if (early) finish(early);
      else setJob({ jobId, done: 0, total: 0, phase: 'starting' });
    } catch (e) {
      off();
      setError((e as Error).message);
    }
  };

  const accept = (chosen: readonly Proposal[], thenSelect: boolean) => {
    if (!editor || !ontology) return;
    setError(null);
    const classIds = new Set(ontology.classes.map((c) => c.classId));
    const fallbackClassId = classIds.has('other') ? 'other' : ontology.classes[0].classId;
    const result = acceptProposals(editor, chosen, { classIds, fallbackClassId, attributes: (classId) => defaultAttributes(ontology, classId) });
    if (!result.ok) return setError(result.reason);
    setMessage(`Accepted ${chosen.length === 1 ? 'the proposal' : `${result.trackIds.length} proposals`}: undo (Ctrl+Z) takes ${result.trackIds.length === 1 ? 'it' : 'them'} back.`);
    const first = editor.trackOf(result.trackIds[0])?.keyframes[0]?.record;
    if (thenSelect && first) wb.view.getState().pick(first.objectId);
  };
  const reject = async (chosen: readonly Proposal[]) => {
    setError(null);
    try {
      await wb.client.call('models.reject', { sceneId: shown.sceneId, frameId: shown.frameId, proposalIds: chosen.map((p) => p.proposalId) });
      refreshProposals(wb, shown.sceneId, shown.frameId);
    } catch (e) {
      setError((e as Error).message);
    }
  };
  const threshold = Number(minScore);
  const above = Number.isFinite(threshold) ? open.filter((p) => (p.score ?? 0) >= threshold) : [];
  const sorted = [...open].sort((a, b) => (b.score ?? -1) - (a.score ?? -1));
  const highlight = (id: string | null) => proposalsStoreOf(wb).getState().highlight(id);

  return (
    <div className="proposals-panel" data-testid="proposals-panel">
      <div className="proposals-run">
        <select value={generatorId} onChange={(e) => setGeneratorId(e.target.value)} data-testid="proposals-generator" aria-label="generator">
          {generators.map((g) => (
            <option key={g.generatorId} value={g.generatorId}>
              {g.name}
            </option>
          ))}
        </select>
        {job ? (
          <span className="proposals-job" data-testid="proposals-job">
            {job.phase} <progress max={job.total || 1} value={job.done} />
            <button type="button" className="link" data-testid="proposals-cancel" onClick={() => void wb.client.call('jobs.cancel', { jobId: job.jobId })}>
              Cancel
            </button>
          </span>
        ) : (
          <button type="button" data-testid="proposals-run" onClick={() => void run()}>
            Run on this frame
          </button>
        )}
      </div>
      {message && <p className="hint" data-testid="proposals-message">{message}</p>}
      {error && (
        <p className="error" data-testid="proposals-error">
          {error}
        </p>
      )}
      <div className="proposals-bulk">
        <span data-testid="proposals-count" data-count={open.length}>
          {open.length} open · {above.length} shown
        </span>
        <label>
          score ≥ <input className="proposals-min-score" value={minScore} onChange={(e) => {
              setMinScore(e.target.value);
              const t = Number(e.target.value);
              if (e.target.value.trim() !== '' && Number.isFinite(t)) setShownScore(t);
            }}
            data-testid="proposals-min-score" aria-label="minimum score" />
        </label>
        <button type="button" disabled={!canEdit || above.length === 0} data-testid="proposals-accept-above" onClick={() => accept(above, false)}>
          Accept {above.length}
        </button>
      </div>
      <ul className="proposals-list" data-testid="proposals-list" onMouseLeave={() => highlight(null)}>
        {sorted.map((p) => (
          <li
            key={p.proposalId}
            data-testid="proposal-row"
            data-proposal-id={p.proposalId}
            data-score={p.score ?? ''}
            data-sensor={p.sensorId ?? ''}
            className={[p.proposalId === highlighted ? 'highlighted' : '', (p.score ?? 0) < threshold ? 'below' : ''].join(' ').trim() || undefined}
            onMouseEnter={() => highlight(p.proposalId)}
          >
            <span className="proposal-class">{className(p.classId)}</span>
            <span className="proposal-score">{p.score === null ? '—' : p.score.toFixed(2)}</span>
            <span className="proposal-generator" title={`${p.provenance.model.name} ${p.provenance.model.version} · sha256 ${p.provenance.model.sha256}`}>
              {generatorName(p.generatorId)}
              {p.sensorId ? ` · ${p.sensorId}` : ''}
            </span>
            <span className="proposal-actions">
              <button type="button" disabled={!canEdit} data-testid="proposal-accept" title="Accept as an annotation" onClick={() => accept([p], false)}>
                ✓
              </button>
              <button type="button" disabled={!canEdit} data-testid="proposal-edit" title="Accept and select it to edit" onClick={() => accept([p], true)}>
                ✎
              </button>
              <button type="button" disabled={!canEdit} data-testid="proposal-reject" title="Reject" onClick={() => void reject([p])}>
                ✕
              </button>
            </span>
          </li>
        ))}
      </ul>
      {open.length === 0 && <p className="hint">No open proposals on this frame: run a generator.</p>}
      <ModelRegistration generators={generators} onChanged={() => void listGenerators()} />
    </div>
  );
}
