import { Line } from '@react-three/drei';
import { useThree } from '@react-three/fiber';
import { useEffect, useMemo, useSyncExternalStore } from 'react';
import type { ToolManager, ToolOverlay } from '../../core/editor/tools';
import { useWorkbench } from '../workbench/context';
import { ElementRect } from './elementRect';
import { projectPointer } from './picking';
import { toolFrameOf } from './useToolManager';

/**
 * Feeds the core tools from the canvas: each DOM pointer event is projected once (ray and an
 * overlay-free pick) and handed to the active tool; what the tool is doing (the footprint being
 * dragged) is drawn from the tool's own state. Escape mid-gesture cancels it.
 */
export function InteractionController({ tools }: { readonly tools: ToolManager | null }) {
  const { camera, gl, raycaster, invalidate } = useThree();
  const workbench = useWorkbench();

  useEffect(() => {
    if (!tools) return;
    const el = gl.domElement;
    const rect = new ElementRect(el);
    const project = (e: PointerEvent) => {
      const { cloud } = workbench.view.getState();
      const editor = tools.editor;
      return projectPointer(e, rect, camera, raycaster, { editor, groundZ: cloud?.groundZ ?? 0, frame: toolFrameOf(cloud) });
    };
    const onDown = (e: PointerEvent) => {
      tools.pointerDown(project(e));
      // A drag the tool owns (a footprint) keeps its moves and release even off the canvas.
      if (tools.busy && !tools.handleDragging) el.setPointerCapture(e.pointerId);
    };
    const onMove = (e: PointerEvent) => {
      // A drag of the gizmo's handles is fed by the handles themselves; the tool's state for it
      // takes no moves, so projecting each one (a ray, a hit, their objects) was work thrown away.
      if (tools.busy && !tools.handleDragging) tools.pointerMove(project(e));
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
      rect.dispose();
    };
  }, [tools, camera, gl, raycaster]);

  const subscribe = useMemo(() => (tools ? (l: () => void) => tools.subscribe(l) : noSubscription), [tools]);
  const snapshot = useSyncExternalStore(subscribe, () => tools?.snapshot() ?? null);
  useEffect(() => invalidate(), [snapshot, invalidate]);
  useEffect(() => {
    gl.domElement.dataset.toolState = snapshot?.path ?? '';
  }, [snapshot, gl]);
  // A comment's pin is drawn by the review's point comment layer, beside the comments already pinned.
  return snapshot?.overlay?.kind === 'footprint' ? <OverlayView overlay={snapshot.overlay} /> : null;
}

const noSubscription = () => () => undefined;

function OverlayView({ overlay }: { overlay: Extract<ToolOverlay, { kind: 'footprint' }> }) {
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
