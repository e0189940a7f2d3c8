import type { CairnClient } from '../../shared/client';
import { showFrame } from '../state/loadScene';
import { getSession } from '../state/session';
import { useView, type ColorMode, type GizmoMode, type Tool } from '../state/viewStore';
import { SceneSwitcher } from './SceneSwitcher';

const TOOLS: Array<{ id: Tool; label: string; key: string; title: string }> = [
  { id: 'select', label: 'Select', key: 'V', title: 'Select and edit boxes (V)' },
  { id: 'draw', label: 'Draw box', key: 'B', title: 'Drag a footprint on the ground (B); right-drag orbits' },
  { id: 'fit', label: 'Fit to point', key: 'F', title: 'Click a point of an object to fit a box to it (F)' },
];

const GIZMO: Array<{ id: GizmoMode; label: string; key: string }> = [
  { id: 'translate', label: 'Move', key: 'W' },
  { id: 'rotate', label: 'Yaw', key: 'E' },
  { id: 'scale', label: 'Size', key: 'R' },
];

export function Toolbar({ client }: { client: CairnClient }) {
  const tool = useView((s) => s.tool);
  const gizmoMode = useView((s) => s.gizmoMode);
  const colorMode = useView((s) => s.colorMode);
  const pointSize = useView((s) => s.pointSize);
  const activeClassId = useView((s) => s.activeClassId);
  const ontology = useView((s) => s.ontology);
  const scene = useView((s) => s.scene);
  const frameIndex = useView((s) => s.frameIndex);
  useView((s) => s.revision);
  const set = useView((s) => s.set);
  const canEdit = useView((s) => s.info?.access.canEdit ?? true);
  const editor = getSession()?.editor;
  const frameCount = scene?.manifest.frames.length ?? 0;

  return (
    <header className="toolbar">
      <span className="brand">Cairn</span>
      <SceneSwitcher client={client} />
      <div className="group" role="group" aria-label="Tools">
        {TOOLS.filter((t) => canEdit || t.id === 'select').map((t) => (
          <button key={t.id} data-testid={`tool-${t.id}`} className={tool === t.id ? 'active' : ''} title={t.title} onClick={() => set({ tool: t.id })}>
            {t.label} <kbd>{t.key}</kbd>
          </button>
        ))}
      </div>
      {canEdit && (
        <>
          <div className="group" role="group" aria-label="Gizmo">
            {GIZMO.map((g) => (
              <button key={g.id} data-testid={`gizmo-${g.id}`} className={gizmoMode === g.id ? 'active' : ''} onClick={() => set({ gizmoMode: g.id })}>
                {g.label} <kbd>{g.key}</kbd>
              </button>
            ))}
          </div>
          <div className="group">
            <button data-testid="undo" disabled={!editor?.canUndo} title={editor?.undoLabel ? `Undo ${editor.undoLabel} (Ctrl+Z)` : 'Undo (Ctrl+Z)'} onClick={() => editor?.undo()}>
              Undo
            </button>
            <button data-testid="redo" disabled={!editor?.canRedo} title={editor?.redoLabel ? `Redo ${editor.redoLabel} (Ctrl+Shift+Z)` : 'Redo (Ctrl+Shift+Z)'} onClick={() => editor?.redo()}>
              Redo
            </button>
          </div>
        </>
      )}
      {canEdit && (
        <label className="field">
          New box class
          <select data-testid="active-class" value={activeClassId} onChange={(e) => set({ activeClassId: e.target.value })}>
            {ontology?.classes.map((c) => (
              <option key={c.classId} value={c.classId}>
                {c.name}
              </option>
            ))}
          </select>
        </label>
      )}
      <label className="field">
        Colour
        <select data-testid="color-mode" value={colorMode} onChange={(e) => set({ colorMode: e.target.value as ColorMode })}>
          <option value="height">Height</option>
          <option value="intensity">Intensity</option>
        </select>
      </label>
      <label className="field">
        Point size
        <input data-testid="point-size" type="range" min={1} max={8} step={0.5} value={pointSize} onChange={(e) => set({ pointSize: Number(e.target.value) })} />
      </label>
      <div className="group frames">
        <button data-testid="frame-prev" disabled={frameIndex <= 0} onClick={() => void showFrame(client, frameIndex - 1)} title="Previous frame (,)">
          ◀
        </button>
        <span data-testid="frame-label">
          Frame {frameCount ? frameIndex + 1 : 0} / {frameCount}
        </span>
        <button data-testid="frame-next" disabled={frameIndex >= frameCount - 1} onClick={() => void showFrame(client, frameIndex + 1)} title="Next frame (.)">
          ▶
        </button>
      </div>
    </header>
  );
}
