import { Line } from '@react-three/drei';
import { useThree } from '@react-three/fiber';
import { useEffect, useMemo, useSyncExternalStore } from 'react';
import type { Editor } from '../../core/editor/editor';
import { TOOLS, ToolManager, type ToolContext, type ToolOverlay } from '../../core/editor/tools';
import { getSession } from '../state/session';
import { useView, type Tool } from '../state/viewStore';
import { projectPointer, type PickScene } from './picking';

/** The stride of a frame cloud: x, y, z, intensity. */
const FRAME_STRIDE = 4;

/**
 * Feeds the core tools from the canvas: each DOM pointer event is projected once (ray and an
 * overlay-free pick) and handed to the tool the view's `tool` field names; what the tool is doing
 * (the footprint being dragged) is drawn from the tool's own state. Escape mid-gesture cancels it.
 */
export function InteractionController() {
  const { camera, gl, raycaster, invalidate } = useThree();
  const tool = useView((s) => s.tool);
  // A new scene brings a new session, and its editor a new set of tools.
  useView((s) => s.scene);
  const editor = getSession()?.editor ?? null;
  const ctx = useMemo(() => (editor ? viewToolContext(editor) : null), [editor]);
  const tools = useMemo(() => (ctx ? new ToolManager(ctx, TOOLS, 'select') : null), [ctx]);
  useEffect(() => () => tools?.dispose(), [tools]);
  const subscribe = useMemo(() => (tools ? (l: () => void) => tools.subscribe(l) : noSubscription), [tools]);

  useEffect(() => {
    if (tools?.has(tool)) tools.setCurrent(tool);
  }, [tools, tool]);

  useEffect(() => {
    if (!tools || !ctx) return;
    const el = gl.domElement;
    const pickScene = (): PickScene => ({ editor: ctx.editor, groundZ: useView.getState().cloud?.groundZ ?? 0, frame: ctx.frame() });
    const project = (e: PointerEvent) => projectPointer(e, el, camera, raycaster, pickScene());
    const onDown = (e: PointerEvent) => {
      tools.pointerDown(project(e));
      // A drag the tool owns (a footprint) keeps its moves and release even off the canvas.
      if (tools.busy) el.setPointerCapture(e.pointerId);
    };
    const onMove = (e: PointerEvent) => {
      if (tools.busy) tools.pointerMove(project(e));
    };
    const onUp = (e: PointerEvent) => {
      if (el.hasPointerCapture(e.pointerId)) el.releasePointerCapture(e.pointerId);
      tools.pointerUp(project(e));
    };
    // Ahead of the shortcuts: Escape mid-gesture cancels the gesture, and only that.
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape' || !tools.busy) return;
      tools.cancel();
      e.stopPropagation();
      e.preventDefault();
    };
    el.addEventListener('pointerdown', onDown);
    el.addEventListener('pointermove', onMove);
    el.addEventListener('pointerup', onUp);
    window.addEventListener('keydown', onKey, true);
    return () => {
      el.removeEventListener('pointerdown', onDown);
      el.removeEventListener('pointermove', onMove);
      el.removeEventListener('pointerup', onUp);
      window.removeEventListener('keydown', onKey, true);
    };
  }, [tools, ctx, camera, gl, raycaster]);

  const snapshot = useSyncExternalStore(subscribe, () => tools?.snapshot() ?? null);
  useEffect(() => invalidate(), [snapshot, invalidate]);
  useEffect(() => {
    gl.domElement.dataset.toolState = snapshot?.path ?? '';
  }, [snapshot, gl]);
  return snapshot?.overlay ? <OverlayView overlay={snapshot.overlay} /> : null;
}

const noSubscription = () => () => undefined;

function OverlayView({ overlay }: { overlay: ToolOverlay }) {
  const { from: a, to: b } = overlay;
  const z = Math.max(a[2], b[2]) + 0.02;
  return (
    <Line
      points={[[a[0], a[1], z], [b[0], a[1], z], [b[0], b[1], z], [a[0], b[1], z], [a[0], a[1], z]]}
      color="#fde047"
      lineWidth={2}
      raycast={() => undefined}
    />
  );
}

/** The tools' view of the app: the frame on screen, the chosen class, the selection, the notice line. */
function viewToolContext(editor: Editor): ToolContext {
  const view = () => useView.getState();
  return {
    editor,
    frame: () => {
      const cloud = view().cloud;
      return cloud ? { frameId: cloud.frameId, sensorId: cloud.sensorId, points: cloud.points, stride: FRAME_STRIDE } : null;
    },
    activeClass: () => {
      const { ontology, activeClassId } = view();
      const cls = ontology?.classes.find((c) => c.classId === activeClassId);
      return cls ? { classId: cls.classId, defaultSize: [cls.defaultSize[0], cls.defaultSize[1], cls.defaultSize[2]] } : null;
    },
    selectedId: () => view().selectedId,
    select: (objectId) => view().set({ selectedId: objectId }),
    say: (message) => view().set({ notice: message }),
    setTool: (toolId) => view().set({ tool: toolId as Tool }),
  };
}
