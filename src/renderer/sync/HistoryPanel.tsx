import { useCallback, useEffect, useState } from 'react';
import { trackOfInterpolatedId } from '../../core/editor/tools/frameBoxes';
import { shortId } from '../../core/model/ids';
import type { CallOutput } from '../../shared/contract';
import type { Editor } from '../../core/editor/editor';
import type { AnnotationRecord } from '../../core/model/annotation';
import { useEditorSelect, useView, useWorkbench } from '../workbench/context';
import { useSyncStatus } from './useSyncStatus';
import { describeProvenance, describeValue, fieldDiffs } from './historyText';
import { formatDateTime } from '../ui/format';

type History = CallOutput<'sync.history'>;
type Touch = History['touches'][number];

/** Outside a comparison the panel shows of the box only its ontology version: a drag's moves change nothing here. */
const sameVersion = (a: AnnotationRecord | null, b: AnnotationRecord | null) => a === b || (a !== null && b !== null && a.ontologyVersion === b.ontologyVersion);

/**
 * Where the selected box came from and what happened to it: who made and changed it, with which
 * tool or model, under which ontology version; who set each field now shown (blame); an earlier
 * version drawn over it in 3D with the fields that differ; revert to it as a new revision.
 */
export function HistoryPanel() {
  const wb = useWorkbench();
  const selectedId = useView((s) => s.selectedId);
  const sceneId = useView((s) => s.scene?.manifest.sceneId ?? null);
  const compareWith = useView((s) => s.compareWith);
  const canEdit = useView((s) => s.info?.access.canEdit ?? true);
  const [status, setStatus] = useSyncStatus();
  const [history, setHistory] = useState<History | null>(null);
  const [comparing, setComparing] = useState<Touch | null>(null);
  const [error, setError] = useState<string | null>(null);
  const objectId = selectedId && trackOfInterpolatedId(selectedId) === null ? selectedId : null;
  // A comparison lists the fields that differ from the box as it is now, a pose among them, so it
  // follows every edit; `compared` is in the list so that one starting reads the box afresh.
  const compared = comparing !== null;
  const current = useEditorSelect(
    useCallback((editor: Editor | null) => (objectId && editor?.get(objectId)) || null, [objectId, compared]),
    compared ? Object.is : sameVersion,
  );

  useEffect(() => {
    setComparing(null);
    if (!objectId || !sceneId) return setHistory(null);
    let live = true;
    wb.client.call('sync.history', { sceneId, objectId }).then(
      (h) => live && setHistory(h),
      (e: Error) => live && setError(e.message),
    );
    return () => {
      live = false;
    };
  }, [wb, sceneId, objectId, status?.lastSyncAt, status?.ahead.revisions]);

  // The 3D view draws the version compared while this panel shows it: taken away with the panel (or its tab), back with it.
  useEffect(() => {
    if (!comparing?.after) return;
    compareWith(comparing.after);
    return () => compareWith(null);
  }, [comparing, compareWith]);

  if (!selectedId) return <p className="hint">Select a box to see where it came from.</p>;
  if (!objectId) return <p className="hint">An interpolated box: select one of its track’s keyframes for its history.</p>;
  if (!history) return <p className="hint">Reading the history…</p>;
  if (history.touches.length === 0) {
    return (
      <div className="history-panel" data-testid="history-panel">
        <p className="hint">
          No shared history yet: this box’s edits are in this workspace only{status?.location ? ' until the next sync' : ' (connect a shared store in the Sync panel)'}.
        </p>
      </div>
    );
  }
  const first = history.touches[0];
  const last = history.touches[history.touches.length - 1];
  // The newest change that recorded its raw data (revisions from before lineage, or hosts without the scene's files, record none).
  const madeOn = history.touches.findLast((t) => t.rawData)?.rawData ?? null;
  const show = (t: Touch | null) => setComparing(t);
  const revert = async (t: Touch) => {
    if (!sceneId) return;
    setError(null);
    try {
      setStatus(await wb.client.call('sync.revert', { sceneId, objectId, toRevision: t.revision }));
      show(null);
    } catch (e) {
      setError((e as Error).message);
    }
  };
  return (
    <div className="history-panel" data-testid="history-panel">
      <h4>Box {shortId(objectId)}</h4>
      <dl className="facts" data-testid="lineage">
        <dt>Made by</dt>
        <dd>
          {first.authorName}
          {first.role ? ` (${first.role})` : ''}, {formatDateTime(first.createdAt)}
        </dd>
        <dt>With</dt>
        <dd>{describeProvenance(first.provenance)}</dd>
        <dt>Last change</dt>
        <dd>
          {last.authorName}: {last.label} ({describeProvenance(last.provenance)})
        </dd>
        {madeOn && (
          <>
            <dt>Made on</dt>
            <dd data-testid="lineage-raw">
              {madeOn.files.map((f) => (
                <div key={f.stream} title={`sha256 ${f.sha256}`}>
                  {f.path} <code>{f.sha256.slice(0, 12)}</code>
                </div>
              ))}
            </dd>
            <dt>Calibration</dt>
            <dd title={`sha256 ${madeOn.calibration}`}>
              <code>{madeOn.calibration.slice(0, 12)}</code>
            </dd>
          </>
        )}
        {current && (
          <>
            <dt>Ontology</dt>
            <dd>version {current.ontologyVersion}</dd>
          </>
        )}
      </dl>
      {error && (
        <p className="sync-error" role="alert">
          {error}
        </p>
      )}
      <details className="history-blame" data-testid="history-blame">
        <summary>Who set each field</summary>
        <table>
          <tbody>
            {history.blame
              .filter((b) => b.field !== 'existence')
              .map((b) => (
                <tr key={b.field} className={b.conflicted ? 'conflicted' : undefined}>
                  <th>{b.field}</th>
                  <td>{describeValue(b.value)}</td>
                  <td>{b.writes.map((w) => w.authorName).join(' vs ')}</td>
                </tr>
              ))}
          </tbody>
        </table>
      </details>
      <ol className="history-touches" data-testid="history-touches">
        {[...history.touches].reverse().map((t) => (
          <li key={`${t.revision}:${t.at}`} className={comparing === t ? 'comparing' : undefined} data-testid="history-touch">
            <div>
              <strong>{t.authorName}</strong> {t.label} <span className="hint">{formatDateTime(t.at)}</span>
            </div>
            <div className="hint">
              {t.after === null ? 'deleted' : t.before === null ? 'created' : t.fields.join(', ')} · {describeProvenance(t.provenance)} · {t.revision.slice(0, 10)}
            </div>
            <div className="history-actions">
              <button data-testid="history-compare" onClick={() => show(comparing === t ? null : t)} disabled={t.after === null}>
                {comparing === t ? 'Hide' : 'Compare'}
              </button>
              {canEdit && t !== last && (
                <button data-testid="history-revert" onClick={() => void revert(t)}>
                  Revert to this
                </button>
              )}
            </div>
            {comparing === t && (
              <table className="history-diff" data-testid="history-diff">
                <tbody>
                  {fieldDiffs(t.after, current).map((d) => (
                    <tr key={d.field}>
                      <th>{d.field}</th>
                      <td>{describeValue(d.then)}</td>
                      <td>→ {describeValue(d.now)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </li>
        ))}
      </ol>
    </div>
  );
}
