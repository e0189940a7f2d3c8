import { useRef, useState } from 'react';
import { useStore } from 'zustand';
import { CLOSE_POLYGON_PX } from '../../core/editor/tools/segmentTool';
import type { CameraView } from '../viewer/cameraOverlay';
import { useView, useWorkbench } from '../workbench/context';
import { segmentationOf } from './segmentation';

/** Lasso vertices closer than this (image pixels) to the previous one are dropped: a slow drag sends hundreds. */
const STEP_PX = 3;

export type LassoDraft = readonly (readonly [number, number])[];

export interface CameraLassoPointer {
  /** Whether the Segment tool's lasso or polygon owns this camera's pointer now (else the 2D label tools do). */
  readonly active: boolean;
  /** The outline being drawn, in image pixels. */
  readonly draft: LassoDraft | null;
  readonly handlers: {
    onPointerDown(e: React.PointerEvent<HTMLCanvasElement>): void;
    onPointerMove(e: React.PointerEvent<HTMLCanvasElement>): void;
    onPointerUp(e: React.PointerEvent<HTMLCanvasElement>): void;
    onDoubleClick(): void;
    onKeyDown(e: React.KeyboardEvent<HTMLCanvasElement>): void;
  };
}

/**
 * The Segment tool's lasso and polygon on one camera image: in lasso mode a drag outlines points,
 * in polygon mode clicks place corners (a click on the first, a double-click or Enter closes;
 * Escape drops it). The frame's points projecting inside, through this camera, are labelled as an
 * outline in the 3D view labels them: selected in the worker, one undo step.
 */
export function useCameraLasso(view: CameraView): CameraLassoPointer {
  const workbench = useWorkbench();
  const segmentation = segmentationOf(workbench);
  const tool = useView((v) => v.tool);
  const mode = useStore(segmentation.store, (s) => s.mode);
  const [draft, setDraft] = useState<LassoDraft | null>(null);
  const outline = useRef<[number, number][] | null>(null);
  const dragging = useRef(false);
  const active = tool === 'segment' && (mode === 'lasso' || mode === 'polygon');

  const imagePoint = (e: React.PointerEvent<HTMLCanvasElement>): [number, number] => {
    const r = e.currentTarget.getBoundingClientRect();
    return [((e.clientX - r.left) / r.width) * view.width, ((e.clientY - r.top) / r.height) * view.height];
  };
  /** Image pixels per CSS pixel: the panel shows the image scaled down. */
  const scale = (e: React.PointerEvent<HTMLCanvasElement>) => view.width / e.currentTarget.getBoundingClientRect().width;
  const finish = () => {
    const t = outline.current;
    outline.current = null;
    dragging.current = false;
    setDraft(null);
    if (!t) return;
    // A double-click's two clicks land on one spot: a corner on top of the one before adds nothing.
    const corners = t.filter((q, i) => i === 0 || Math.hypot(q[0] - t[i - 1][0], q[1] - t[i - 1][1]) >= 1);
    if (corners.length < 3) return workbench.view.getState().say(mode === 'polygon' ? 'A polygon needs three corners.' : 'Drag around the points on the image to lasso them.');
    void segmentation.labelThroughCamera(view, corners.flat());
  };

  return {
    active,
    draft,
    handlers: {
      onPointerDown(e) {
        if (e.button !== 0 || mode !== 'lasso') return;
        e.currentTarget.setPointerCapture(e.pointerId);
        dragging.current = true;
        outline.current = [imagePoint(e)];
        setDraft(outline.current.slice());
      },
      onPointerMove(e) {
        const t = outline.current;
        if (!t) return;
        const p = imagePoint(e);
        if (mode === 'polygon') return setDraft([...t, p]);
        if (!dragging.current) return;
        const last = t[t.length - 1];
        if (Math.hypot(p[0] - last[0], p[1] - last[1]) < STEP_PX) return;
        t.push(p);
        setDraft(t.slice());
      },
      onPointerUp(e) {
        if (mode === 'lasso') {
          if (dragging.current) finish();
          return;
        }
        if (e.button !== 0) return;
        const p = imagePoint(e);
        const t = outline.current ?? [];
        if (t.length >= 3 && Math.hypot(p[0] - t[0][0], p[1] - t[0][1]) <= CLOSE_POLYGON_PX * scale(e)) return finish();
        outline.current = [...t, p];
        setDraft(outline.current.slice());
      },
      onDoubleClick() {
        if (mode === 'polygon') finish();
      },
      onKeyDown(e) {
        if (mode !== 'polygon' || !outline.current) return;
        if (e.key === 'Enter') finish();
        else if (e.key === 'Escape') {
          outline.current = null;
          setDraft(null);
        }
      },
    },
  };
}

/** The outline under way, drawn on the camera's overlay canvas. */
export function drawLassoDraft(ctx: CanvasRenderingContext2D, draft: LassoDraft): void {
  if (draft.length < 2) return;
  ctx.save();
  ctx.strokeStyle = '#fde047';
  ctx.lineWidth = 2;
  ctx.setLineDash([6, 4]);
  ctx.beginPath();
  ctx.moveTo(draft[0][0], draft[0][1]);
  for (const [u, v] of draft.slice(1)) ctx.lineTo(u, v);
  ctx.closePath();
  ctx.stroke();
  ctx.restore();
}
