import { ClassOptions } from './ClassOptions';
import { CommandButton } from '../commands/CommandButton';
import type { Editor } from '../../core/editor/editor';
import { sameFields, useEditorSelect, useView } from '../workbench/context';
import { type GizmoMode, type Tool } from '../state/viewStore';
import { SceneSwitcher } from './SceneSwitcher';

const TOOLS: ReadonlyArray<{ tool: Tool; command: string }> = [
  { tool: 'select', command: 'tool.select' },
  { tool: 'draw', command: 'tool.draw' },
  { tool: 'fit', command: 'tool.fit' },
  { tool: 'relate', command: 'tool.relate' },
];

const GIZMO: ReadonlyArray<{ mode: GizmoMode; command: string }> = [
  { mode: 'translate', command: 'gizmo.translate' },
  { mode: 'rotate', command: 'gizmo.rotate' },
  { mode: 'scale', command: 'gizmo.scale' },
];

/** What the undo and redo buttons show: it changes with a gesture's start and end and an undo, not with a drag's moves. */
const undoState = (editor: Editor | null) => ({
  canUndo: editor?.canUndo ?? false,
  canRedo: editor?.canRedo ?? false,
  undoLabel: editor?.undoLabel,
  redoLabel: editor?.redoLabel,
});

export function Toolbar() {
  const tool = useView((s) => s.tool);
  const gizmoMode = useView((s) => s.gizmoMode);
  const activeClassId = useView((s) => s.activeClassId);
  const ontology = useView((s) => s.ontology);
  const setActiveClass = useView((s) => s.setActiveClass);
  const canEdit = useView((s) => s.info?.access.canEdit ?? true);
  const undo = useEditorSelect(undoState, sameFields);

  return (
    <header className="toolbar">
      <span className="brand">Cairn</span>
      <SceneSwitcher />
      <div className="group" role="group" aria-label="Tools">
        {TOOLS.filter((t) => canEdit || t.tool === 'select').map((t) => (
          <CommandButton key={t.tool} id={t.command} testId={`tool-${t.tool}`} active={tool === t.tool} />
        ))}
      </div>
      {canEdit && (
        <>
          <div className="group" role="group" aria-label="Gizmo">
            {GIZMO.map((g) => (
              <CommandButton key={g.mode} id={g.command} testId={`gizmo-${g.mode}`} active={gizmoMode === g.mode} />
            ))}
          </div>
          <div className="group">
            <CommandButton id="edit.undo" testId="undo" showKey={false} disabled={!undo.canUndo} tooltip={undo.undoLabel ? `Undo ${undo.undoLabel}` : 'Undo'} />
            <CommandButton id="edit.redo" testId="redo" showKey={false} disabled={!undo.canRedo} tooltip={undo.redoLabel ? `Redo ${undo.redoLabel}` : 'Redo'} />
          </div>
        </>
      )}
      {canEdit && (
        <label className="field">
          Class
          <select data-testid="active-class" value={activeClassId} onChange={(e) => setActiveClass(e.target.value)}>
            <ClassOptions ontology={ontology} />
          </select>
        </label>
      )}
      <FrameStepper />
      <CommandButton id="help.shortcuts" testId="open-shortcuts" label="?" showKey={false} />
    </header>
  );
}

/** The toolbar's frame buttons and label: the one part of it that changes with every frame stepped. */
function FrameStepper() {
  const frameIndex = useView((s) => s.frameIndex);
  const frameCount = useView((s) => s.scene?.manifest.frames.length ?? 0);
  return (
    <div className="group frames">
      <CommandButton id="timeline.prev" testId="frame-prev" label="◀" showKey={false} disabled={frameIndex <= 0} />
      <span data-testid="frame-label">
        Frame {frameCount ? frameIndex + 1 : 0} / {frameCount}
      </span>
      <CommandButton id="timeline.next" testId="frame-next" label="▶" showKey={false} disabled={frameIndex >= frameCount - 1} />
    </div>
  );
}
