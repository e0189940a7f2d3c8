import { CommandButton } from '../commands/CommandButton';
import { useView } from '../workbench/context';
import { type CloudColorMode } from '../state/viewStore';

const BUDGETS = [500_000, 1_000_000, 2_000_000, 5_000_000, 10_000_000];

/** Controls for a streamed point cloud: colour, point size, point budget, eye-dome lighting. */
export function CloudToolbar() {
  const cloud = useView((s) => s.openCloud);
  const color = useView((s) => s.cloudColor);
  const pointSize = useView((s) => s.cloudPointSize);
  const budget = useView((s) => s.pointBudget);
  const edl = useView((s) => s.edl);
  const view = useView((s) => s);
  const canOpen = useView((s) => s.info?.access.canOpen ?? true);
  return (
    <header className="toolbar">
      <span className="brand">Cairn</span>
      <CommandButton id="cloud.backToScene" testId="back-to-scene" label="◀ Scene" />
      {canOpen && (
        <CommandButton id="file.open" testId="open-cloud" label="Open…" showKey={false} />
      )}
      <span className="cloud-name" data-testid="cloud-name" title={cloud?.source}>
        {cloud?.name}
      </span>
      <label className="field">
        Colour
        <select data-testid="cloud-color" value={color} onChange={(e) => view.setCloudColor(e.target.value as CloudColorMode)}>
          <option value="rgb">RGB</option>
          <option value="intensity">Intensity</option>
          <option value="elevation">Elevation</option>
          <option value="classification">Classification</option>
          <option value="return">Return number</option>
        </select>
      </label>
      <label className="field">
        Point size
        <input data-testid="point-size" type="range" min={1} max={6} step={0.5} value={pointSize} onChange={(e) => view.setCloudPointSize(Number(e.target.value))} />
      </label>
      <label className="field">
        Budget
        <select data-testid="point-budget" value={budget} onChange={(e) => view.setPointBudget(Number(e.target.value))}>
          {BUDGETS.map((b) => (
            <option key={b} value={b}>
              {b / 1e6}M points
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <input data-testid="edl" type="checkbox" checked={edl} onChange={(e) => view.setEdl(e.target.checked)} />
        Eye-dome lighting
      </label>
    </header>
  );
}
