import { useEffect, useMemo } from 'react';
import type { Editor } from '../../core/editor/editor';
import { TOOLS, ToolManager, type ToolContext, type ToolFrame } from '../../core/editor/tools';
import { useEditorInstance, useView, useWorkbench } from '../workbench/context';
import type { FrameCloud, Tool, ViewStore } from '../state/viewStore';

/** The stride of a frame cloud: x, y, z, intensity. */
const FRAME_STRIDE = 4;

/**
 * The core tools for the open scene's editor, following the view's `tool` field (which the
 * toolbar and the shortcuts set). A new scene brings a new editor, and a new set of tools.
 */
export function useToolManager(): ToolManager | null {
  useView((s) => s.scene);
  const tool = useView((s) => s.tool);
  // Not useEditor: the 3D view (and its Canvas, and every layer under it) would render again on
  // each edit, each move of a drag; the tools read the editor when they run, and layers that draw
  // edits subscribe to them themselves.
  const editor = useEditorInstance();
  const workbench = useWorkbench();
  const tools = useMemo(() => (editor ? new ToolManager(viewToolContext(editor, workbench.view), TOOLS, 'select') : null), [editor, workbench]);
  // A gesture under way when the scene goes is abandoned; the tools stay usable (a remount reuses them).
  useEffect(() => () => void tools?.cancel(), [tools]);
  useEffect(() => {
    if (tools?.has(tool)) tools.setCurrent(tool);
  }, [tools, tool]);
  return tools;
}

export function toolFrameOf(cloud: FrameCloud | null): ToolFrame | null {
  return cloud ? { frameId: cloud.frameId, sensorId: cloud.sensorId, points: cloud.points, stride: FRAME_STRIDE } : null;
}

/** The tools' view of the app: the frame on screen, the chosen class, the selection, the notice line. */
function viewToolContext(editor: Editor, store: ViewStore): ToolContext {
  const view = () => store.getState();
  let said: string | null = null;
  return {
    editor,
    frame: () => toolFrameOf(view().cloud),
    activeClass: () => {
      const { ontology, activeClassId } = view();
      const cls = ontology?.classes.find((c) => c.classId === activeClassId);
      return cls ? { classId: cls.classId, defaultSize: [cls.defaultSize[0], cls.defaultSize[1], cls.defaultSize[2]] } : null;
    },
    selectedId: () => view().selectedId,
    select: (objectId) => view().select(objectId),
    say: (message) => {
      // The notice line is shared: clear it only while it still shows what the tools said.
      if (message !== null) view().say(message);
      else if (said !== null) view().unsay(said);
      said = message;
    },
    setTool: (toolId) => view().setTool(toolId as Tool),
    ontology: () => view().ontology,
  };
}
