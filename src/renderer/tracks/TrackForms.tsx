import { useCallback, useState } from 'react';
import type { Editor } from '../../core/editor/editor';
import { mergeCandidates, type MergeCandidate } from '../../core/tracks/splitMerge';
import { shortId } from '../../core/model/ids';
import { notPoseOnly, sameFields, sameItemsBy, useEditorInstance, useEditorSelect, useView, useWorkbench } from '../workbench/context';
import { editSelectedRange, mergeWith, propagateSelectedRange } from './trackEditActions';
import { openTrackForm, type TrackForm } from './trackForms';

/** The strip's inline form for the track edit that needs a choice: where to propagate to, or which track to merge in. */
export function TrackForms({ form, trackId }: { readonly form: Exclude<TrackForm, null>; readonly trackId: string }) {
  if (form === 'range') return <RangeEditForm trackId={trackId} />;
  return form === 'propagate' ? <PropagateForm /> : <MergeForm trackId={trackId} />;
}

const DEG = Math.PI / 180;

const sameCandidates = sameItemsBy<MergeCandidate>(sameFields);

/** Deltas and a class for a range of the track's frames, applied in one step. */
function RangeEditForm({ trackId }: { readonly trackId: string }) {
  const workbench = useWorkbench();
  // Read when the form opens (where the range ends) and when it is applied: no edit renders it.
  const editor = useEditorInstance();
  const frameIndex = useView((s) => s.frameIndex);
  const classes = useView((s) => s.ontology?.classes);
  const [from, setFrom] = useState(frameIndex + 1);
  const [to, setTo] = useState(() => (editor?.trackOf(trackId)?.keyframes.at(-1)?.frameIndex ?? frameIndex) + 1);
  const [delta, setDelta] = useState({ dx: 0, dy: 0, dz: 0, yaw: 0 });
  const [classId, setClassId] = useState('');
  const close = () => openTrackForm(workbench, null);
  const num = (key: keyof typeof delta, label: string) => (
    <label>
      {label}
      <input data-testid={`track-range-${key}`} type="number" step="any" value={delta[key]} onChange={(e) => setDelta({ ...delta, [key]: Number(e.target.value) })} />
    </label>
  );
  return (
    <form
      className="track-form"
      data-testid="track-range-form"
      onSubmit={(e) => {
        e.preventDefault();
        const edit = {
          ...(delta.dx || delta.dy || delta.dz ? { translate: [delta.dx, delta.dy, delta.dz] as const } : {}),
          ...(delta.yaw ? { yaw: delta.yaw * DEG } : {}),
          ...(classId ? { classId } : {}),
        };
        if (editSelectedRange({ workbench, view: workbench.view.getState(), editor: editor ?? undefined }, from - 1, to - 1, edit)) close();
      }}
      onKeyDown={(e) => {
        if (e.key === 'Escape') close();
      }}
    >
      <label>
        Frames
        <input data-testid="track-range-from" type="number" value={from} autoFocus onChange={(e) => setFrom(Number(e.target.value))} />
        to
        <input data-testid="track-range-to" type="number" value={to} onChange={(e) => setTo(Number(e.target.value))} />
      </label>
      {num('dx', 'Δx m')}
      {num('dy', 'Δy m')}
      {num('dz', 'Δz m')}
      {num('yaw', 'Δyaw °')}
      <label>
        class
        <select data-testid="track-range-class" value={classId} onChange={(e) => setClassId(e.target.value)}>
          <option value="">unchanged</option>
          {classes?.map((c) => (
            <option key={c.classId} value={c.classId}>
              {c.name}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" data-testid="track-range-go">
        Apply
      </button>
      <button type="button" onClick={close}>
        Cancel
      </button>
    </form>
  );
}

function PropagateForm() {
  const workbench = useWorkbench();
  const editor = useEditorInstance();
  const frameIndex = useView((s) => s.frameIndex);
  const frames = useView((s) => s.scene?.manifest.frames.length ?? 0);
  const [to, setTo] = useState(() => Math.min(frames, frameIndex + 10));
  const [mode, setMode] = useState<'copy' | 'velocity'>('velocity');
  const [refit, setRefit] = useState(false);
  const [busy, setBusy] = useState(false);
  const close = () => openTrackForm(workbench, null);
  const run = async () => {
    setBusy(true);
    try {
      const done = await propagateSelectedRange({ workbench, view: workbench.view.getState(), editor: editor ?? undefined }, to - 1, mode, refit);
      if (done) close();
    } finally {
      setBusy(false);
    }
  };
  return (
    <form
      className="track-form"
      data-testid="track-propagate-form"
      onSubmit={(e) => {
        e.preventDefault();
        void run();
      }}
      onKeyDown={(e) => {
        if (e.key === 'Escape') close();
      }}
    >
      <label>
        Propagate from frame {frameIndex + 1} to frame
        <input data-testid="track-propagate-to" type="number" min={1} max={frames} value={to} autoFocus onChange={(e) => setTo(Number(e.target.value))} />
      </label>
      <label>
        as
        <select data-testid="track-propagate-mode" value={mode} onChange={(e) => setMode(e.target.value as 'copy' | 'velocity')}>
          <option value="velocity">constant velocity (last two keyframes)</option>
          <option value="copy">copies</option>
        </select>
      </label>
      <label>
        <input data-testid="track-propagate-refit" type="checkbox" checked={refit} onChange={(e) => setRefit(e.target.checked)} />
        fit each to its points
      </label>
      <button type="submit" data-testid="track-propagate-go" disabled={busy}>
        {busy ? 'Propagating…' : 'Propagate'}
      </button>
      <button type="button" onClick={close}>
        Cancel
      </button>
    </form>
  );
}

function MergeForm({ trackId }: { readonly trackId: string }) {
  const workbench = useWorkbench();
  const editor = useEditorInstance();
  const classes = useView((s) => s.ontology?.classes);
  // The other tracks' class and span: a drag's moves change neither.
  const candidates = useEditorSelect(
    useCallback((e: Editor | null) => (e ? mergeCandidates(e, trackId) : []), [trackId]),
    sameCandidates,
    notPoseOnly,
  );
  const [other, setOther] = useState(candidates[0]?.trackId ?? '');
  const close = () => openTrackForm(workbench, null);
  const className = (classId: string) => classes?.find((c) => c.classId === classId)?.name ?? classId;
  if (candidates.length === 0) {
    return (
      <div className="track-form" data-testid="track-merge-form">
        <span className="hint">No other track of this kind to merge</span>
        <button type="button" onClick={close}>
          Close
        </button>
      </div>
    );
  }
  return (
    <form
      className="track-form"
      data-testid="track-merge-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (mergeWith({ workbench, view: workbench.view.getState(), editor: editor ?? undefined }, other)) close();
      }}
      onKeyDown={(e) => {
        if (e.key === 'Escape') close();
      }}
    >
      <label>
        Merge into track {shortId(trackId)}:
        <select data-testid="track-merge-other" value={other} autoFocus onChange={(e) => setOther(e.target.value)}>
          {candidates.map((c) => (
            <option key={c.trackId} value={c.trackId}>
              track {shortId(c.trackId)} · {className(c.classId)} · frames {c.first + 1}–{c.last + 1}
              {c.clashes > 0 ? ` · ${c.clashes} shared frame${c.clashes === 1 ? '' : 's'}` : ''}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" data-testid="track-merge-go">
        Merge
      </button>
      <button type="button" onClick={close}>
        Cancel
      </button>
    </form>
  );
}
