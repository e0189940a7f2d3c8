import { useEffect, useMemo, useRef } from 'react';
import type { CameraRig } from '../../core/annotations/box2d/project';
import type { Editor } from '../../core/editor/editor';
import { CAMERA_BOX_TOOL_ID, cameraBoxTool, cameraPointerEvent } from '../../core/editor/tools/cameraBoxTool';
import { movedBeyondSlop } from '../../core/editor/tools/events';
import { ToolManager, type ToolContext } from '../../core/editor/tools';
import { toolFrameOf } from '../viewer/useToolManager';
import type { Workbench } from '../workbench/workbench';

/** How near the footprint or the knob a press must land, in CSS pixels (as the box views ask). */
const HANDLE_TOLERANCE_CSS_PX = 7;

/** A pointer in a camera panel: the image pixel and where it is on screen (CSS pixels). */
export interface CameraPointer {
  readonly u: number;
  readonly v: number;
  readonly screen: readonly [number, number];
  /** Image pixels per CSS pixel: the panel shows the image scaled. */
  readonly scale: number;
}

/** The camera box tool as one panel drives it. */
export interface CameraBoxInput {
  /** Says whether the press took the selected cuboid's footprint or knob (a drag may follow). */
  down(p: CameraPointer): boolean;
  move(p: CameraPointer): void;
  /** Says whether the press became a drag (an edit, or one refused); otherwise it was a click. */
  up(p: CameraPointer): boolean;
}

/**
 * The core camera box tool for one camera panel, run by its own manager beside the 3D view's on
 * the same editor (as the box views run theirs): it edits the selection and never changes it.
 * Escape mid-drag puts the box back, ahead of the window's shortcuts.
 */
export function useCameraBoxTool(editor: Editor | null | undefined, workbench: Workbench, rig: CameraRig | null): CameraBoxInput {
  const rigRef = useRef(rig);
  rigRef.current = rig;
  const scaleRef = useRef(1);
  const pressed = useRef<{ readonly screen: readonly [number, number]; cancelled: boolean } | null>(null);
  const tools = useMemo(() => {
    if (!editor) return null;
    const view = () => workbench.view.getState();
    let said: string | null = null;
    const ctx: ToolContext = {
      editor,
      frame: () => toolFrameOf(view().cloud),
      activeClass: () => null,
      selectedId: () => view().selectedId,
      select: () => undefined,
      say: (message) => {
        if (message !== null) view().say(message);
        else if (said !== null) view().unsay(said);
        said = message;
      },
      setTool: () => undefined,
    };
    const tool = cameraBoxTool(
      (viewId) => (rigRef.current?.cameraId === viewId ? rigRef.current : null),
      () => HANDLE_TOLERANCE_CSS_PX * scaleRef.current,
    );
    return new ToolManager(ctx, [tool], CAMERA_BOX_TOOL_ID);
  }, [editor, workbench]);
  useEffect(() => () => void tools?.cancel(), [tools]);

  useEffect(() => {
    if (!tools) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape' || !tools.busy) return;
      tools.cancel();
      if (pressed.current) pressed.current.cancelled = true;
      e.stopPropagation();
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [tools]);

  const event = (p: CameraPointer) => {
    const r = rigRef.current;
    return r ? cameraPointerEvent(r.cameraId, r, p.u, p.v, p.screen) : null;
  };
  return {
    down(p) {
      const e = event(p);
      if (!tools || !e) return false;
      scaleRef.current = p.scale;
      tools.pointerDown(e);
      if (!tools.busy) return false;
      pressed.current = { screen: p.screen, cancelled: false };
      return true;
    },
    move(p) {
      const e = event(p);
      if (tools?.busy && e) tools.pointerMove(e);
    },
    up(p) {
      const from = pressed.current;
      pressed.current = null;
      // A release off the image's field of view still ends the drag: the tool reads no ray on release.
      const e = event(p) ?? (rigRef.current ? cameraPointerEvent(rigRef.current.cameraId, rigRef.current, rigRef.current.model.cx, rigRef.current.model.cy, p.screen) : null);
      if (tools?.busy && e) tools.pointerUp(e);
      // A drag put back with Escape is no click either.
      return from !== null && (from.cancelled || movedBeyondSlop(from.screen, p.screen));
    },
  };
}
