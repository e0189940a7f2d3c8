import { useEffect, useState } from 'react';
import type { CallOutput } from '../../shared/contract';
import type { ScenarioQuery } from '../../core/scenarios/query';
import { openScene, showFrame } from '../state/loadScene';
import { useView, useWorkbench } from '../workbench/context';
import { ScenarioBuilder } from './ScenarioBuilder';
import { ScenarioResults } from './ScenarioResults';
import { EMPTY_FORM, formOfQuery, queryOfForm } from './scenarioForm';
import './scenarios.css';

type Answer = CallOutput<'scenario.run'>;
type Saved = CallOutput<'scenario.saved'>['scenarios'][number];
type Request = { query: ScenarioQuery } | { sql: string };

/**
 * Scenario search over the open scenes: a described query or raw SQL (read-only) on the dataset's
 * Parquet index, the matching frames as a list stepped through on the timeline, and named
 * scenarios kept in the workspace.
 */
export function ScenariosPanel() {
  const wb = useWorkbench();
  const scenes = useView((s) => s.scenes);
  const current = useView((s) => s.scene?.manifest.sceneId ?? null);
  const canSave = useView((s) => s.info?.access.mode !== 'reviewer');
  const [form, setForm] = useState(EMPTY_FORM);
  const [sql, setSql] = useState('');
  const [answer, setAnswer] = useState<Answer | null>(null);
  const [last, setLast] = useState<Request | null>(null);
  const [position, setPosition] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [name, setName] = useState('');
  const [saved, setSaved] = useState<Saved[]>([]);
  const sceneIds = scenes.filter((s) => s.kind === 'sequence').map((s) => s.sceneId);

  useEffect(() => {
    wb.client.call('scenario.saved', {}).then(
      (r) => setSaved(r.scenarios),
      (e: Error) => setError(e.message),
    );
  }, [wb]);

  const run = async (request: Request) => {
    if (sceneIds.length === 0) return setError('Open a scene first.');
    setError(null);
    setBusy(true);
    try {
      const result = await wb.client.call('scenario.run', { sceneIds, ...request });
      setAnswer(result);
      setLast(request);
      setPosition(null);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  const runForm = () => {
    const made = queryOfForm(form);
    if ('problem' in made) return setError(made.problem);
    void run({ query: made.query });
  };
  const show = async (i: number) => {
    const frame = answer?.frames[i];
    if (!frame) return;
    setPosition(i);
    if (frame.sceneId !== current) await openScene(wb, frame.sceneId);
    await showFrame(wb, frame.frameIndex);
  };
  const save = async () => {
    if (!last) return;
    if (!name.trim()) return setError('Name the scenario to save it.');
    try {
      setSaved((await wb.client.call('scenario.save', { name: name.trim(), ...last })).scenarios);
      setName('');
    } catch (e) {
      setError((e as Error).message);
    }
  };
  const remove = async (scenarioName: string) => {
    try {
      setSaved((await wb.client.call('scenario.remove', { name: scenarioName })).scenarios);
    } catch (e) {
      setError((e as Error).message);
    }
  };
  const recall = (s: Saved) => {
    if (s.sql !== undefined) {
      setSql(s.sql);
      void run({ sql: s.sql });
    } else if (s.query !== undefined) {
      const f = formOfQuery(s.query);
      if (f) setForm(f);
      void run({ query: s.query });
    }
  };

  return (
    <div className="scenarios-panel" data-testid="scenarios-panel">
      <ScenarioBuilder form={form} onChange={setForm} />
      <div className="scenario-actions">
        <button type="button" onClick={runForm} disabled={busy} data-testid="scenario-run">
          Find frames
        </button>
        <button type="button" onClick={() => setForm(EMPTY_FORM)} disabled={busy}>
          Clear
        </button>
        {busy && <span className="hint" data-testid="scenario-busy">Searching…</span>}
      </div>
      <details className="scenario-sql-box">
        <summary>SQL (read-only)</summary>
        <textarea
          value={sql}
          onChange={(e) => setSql(e.target.value)}
          rows={3}
          spellCheck={false}
          placeholder="SELECT frame_key FROM objects WHERE class = 'pedestrian' AND distance < 20 GROUP BY frame_key HAVING count(*) >= 3"
          data-testid="scenario-sql"
        />
        <button type="button" onClick={() => void run({ sql })} disabled={busy || !sql.trim()} data-testid="scenario-run-sql">
          Run SQL
        </button>
        <span className="hint"> tables: frames, objects (docs/scenarios.md); select frame_key</span>
      </details>
      {error && (
        <p className="sync-error" role="alert" data-testid="scenario-error">
          {error}
        </p>
      )}
      {answer && <ScenarioResults answer={answer} position={position} onShow={(i) => void show(i)} />}
      {answer && canSave && (
        <div className="scenario-actions">
          <input value={name} onChange={(e) => setName(e.target.value)} placeholder="name this scenario" data-testid="scenario-name" />
          <button type="button" onClick={() => void save()} data-testid="scenario-save">
            Save
          </button>
        </div>
      )}
      {saved.length > 0 && (
        <section className="scenario-saved">
          <h4>Saved scenarios</h4>
          <ul>
            {saved.map((s) => (
              <li key={s.name}>
                <button type="button" onClick={() => recall(s)} data-testid="scenario-saved-item" title={s.sql ?? JSON.stringify(s.query)}>
                  {s.name}
                </button>
                {canSave && (
                  <button type="button" className="scenario-remove" onClick={() => void remove(s.name)} data-testid="scenario-remove" title={`forget "${s.name}"`}>
                    ×
                  </button>
                )}
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}
