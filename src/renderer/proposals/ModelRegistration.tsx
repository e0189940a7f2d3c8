import { useState } from 'react';
import type { CallOutput } from '../../shared/contract';
import { useView, useWorkbench } from '../workbench/context';

type Generator = CallOutput<'models.list'>['generators'][number];

/**
 * The workspace's models: register an ONNX file with its model card (paths on the host's machine;
 * the host checks the card against the model and records its hash), or remove one. A split 3D
 * detector gives its second graph (the backbone and head) too.
 */
export function ModelRegistration({ generators, onChanged }: { readonly generators: readonly Generator[]; readonly onChanged: () => void }) {
  const wb = useWorkbench();
  const canChange = useView((s) => s.info?.access.mode !== 'reviewer');
  const [modelFile, setModelFile] = useState('');
  const [cardFile, setCardFile] = useState('');
  const [rpnFile, setRpnFile] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const models = generators.filter((g) => !g.builtIn);

  const register = async () => {
    setError(null);
    setBusy(true);
    try {
      await wb.client.call('models.register', { modelFile: modelFile.trim(), cardFile: cardFile.trim(), ...(rpnFile.trim() ? { rpnFile: rpnFile.trim() } : {}) });
      setModelFile('');
      setCardFile('');
      setRpnFile('');
      onChanged();
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  const remove = async (generatorId: string) => {
    setError(null);
    try {
      await wb.client.call('models.remove', { generatorId });
      onChanged();
    } catch (e) {
      setError((e as Error).message);
    }
  };

  return (
    <details className="model-registry" data-testid="model-registry">
      <summary>Models ({models.length} registered)</summary>
      <ul>
        {models.map((m) => (
          <li key={m.generatorId} data-testid="model-row" data-kind={m.kind} title={`${m.file}${m.rpnFile ? ` + ${m.rpnFile}` : ''} · sha256 ${m.sha256}`}>
            <span>
              {m.name} <small>{m.version}</small> <small>{m.kind === 'pillars' ? '3D' : '2D → 3D'}</small> <code>{m.sha256?.slice(0, 12)}</code>
            </span>
            {canChange && (
              <button type="button" className="link" data-testid="model-remove" onClick={() => void remove(m.generatorId)}>
                Remove
              </button>
            )}
          </li>
        ))}
      </ul>
      {canChange && (
        <form
          className="model-register"
          onSubmit={(e) => {
            e.preventDefault();
            void register();
          }}
        >
          {/* Captions stay when the fields are filled: a long path shows its tail, not what it is for. */}
          <label>
            <span>Model (.onnx; a 3D detector's pillar feature net)</span>
            <input placeholder="/path/to/model.onnx" title={modelFile} value={modelFile} onChange={(e) => setModelFile(e.target.value)} data-testid="model-file" aria-label="model file" />
          </label>
          <label>
            <span>Model card (.json)</span>
            <input placeholder="/path/to/model.card.json" title={cardFile} value={cardFile} onChange={(e) => setCardFile(e.target.value)} data-testid="model-card" aria-label="model card" />
          </label>
          <label>
            <span>Second graph (split 3D detectors only: backbone and head)</span>
            <input
              placeholder="/path/to/rpn.onnx"
              title={rpnFile}
              value={rpnFile}
              onChange={(e) => setRpnFile(e.target.value)}
              data-testid="model-rpn"
              aria-label="second graph of a split 3D detector"
            />
          </label>
          <button type="submit" disabled={busy || !modelFile.trim() || !cardFile.trim()} data-testid="model-register">
            {busy ? 'Checking…' : 'Register'}
          </button>
        </form>
      )}
      {error && (
        <p className="error" data-testid="model-error">
          {error}
        </p>
      )}
    </details>
  );
}
