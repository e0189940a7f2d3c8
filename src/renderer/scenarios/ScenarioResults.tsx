import type { CallOutput } from '../../shared/contract';
import { formatCount } from '../ui/format';

type Answer = CallOutput<'scenario.run'>;

/** The frames a scenario found, the one shown marked; previous / next step through them. */
export function ScenarioResults({ answer, position, onShow }: { answer: Answer; position: number | null; onShow: (i: number) => void }) {
  const n = answer.frames.length;
  return (
    <section className="scenario-results" data-testid="scenario-results" data-count={n}>
      <div className="scenario-step">
        <button type="button" disabled={n === 0 || position === 0} onClick={() => onShow(position === null ? 0 : position - 1)} data-testid="scenario-prev" title="previous result frame">
          ◀
        </button>
        <span data-testid="scenario-position">{n === 0 ? 'no frame matches' : `${position === null ? '–' : position + 1} / ${n}${answer.truncated ? '+' : ''}`}</span>
        <button type="button" disabled={n === 0 || position === n - 1} onClick={() => onShow(position === null ? 0 : position + 1)} data-testid="scenario-next" title="next result frame">
          ▶
        </button>
        <span className="hint">
          {formatCount(answer.index.frames)} frames, {formatCount(answer.index.objects)} objects indexed
        </span>
      </div>
      <ul>
        {answer.frames.map((f, i) => (
          <li key={f.frameKey}>
            <button type="button" className={i === position ? 'selected' : ''} onClick={() => onShow(i)} data-testid="scenario-result" data-scene-id={f.sceneId} data-frame-index={f.frameIndex}>
              <span>{f.scene}</span>
              <span>frame {f.frameIndex + 1}</span>
              <span>{f.timestamp.toFixed(2)} s</span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
