import { useRef, useState } from 'react';
import { useStore } from 'zustand';
import type { CameraView } from '../viewer/cameraOverlay';
import { useView, useWorkbench } from '../workbench/context';
import { segmentationOf } from './segmentation';

/** Lasso vertices closer than this (image pixels) to the previous one are dropped: a slow drag sends hundreds. */
const STEP_PX = 3;

export type LassoDraft = readonly (readonly [number, number])[];

export interface CameraLassoPointer {
  /** Whether the Segment tool's lasso owns this camera's pointer now (else the 2D label tools do). */
  readonly active: boolean;
  /** The lasso being drawn, in image pixels. */
  readonly draft: LassoDraft | null;
  readonly handlers: {
    onPointerDown(e: React.PointerEvent<HTMLCanvasElement>): void;
    onPointerMove(e: React.PointerEvent<HTMLCanvasElement>): void;
    onPointerUp(e: React.PointerEvent<HTMLCanvasElement>): void;
  };
}

/**
 * The Segment tool's lasso on one camera image: with the tool in lasso mode a drag on the image
 * outlines points, and the frame's points projecting inside (through this camera) are labelled as
 * a lasso in the 3D view labels them, selected in the worker, one undo step.
 */
export function useCameraLasso(view: CameraView): CameraLassoPointer {
  const workbench = useWorkbench();
  const segmentation = segmentationOf(workbench);
  const tool = useView((v) => v.tool);
  const mode = useStore(segmentation.store, (s) => s.mode);
  const [draft, setDraft] = useState<LassoDraft | null>(null);
  const trace = useRef<[number, number][] | null>(null);
  const active = tool === 'segment' && mode === 'lasso';

  const imagePoint = (e: React.PointerEvent<HTMLCanvasElement>): [number, number] => {
    const r = e.currentTarget.getBoundingClientRect();
    return [((e.clientX - r.left) / r.width) * view.width, ((e.clientY - r.top) / r.height) * view.height];
  };

  return {
    active,
    draft,
    handlers: {
      onPointerDown(e) {
        if (e.button !== 0) return;
        e.currentTarget.setPointerCapture(e.pointerId);
        trace.current = [imagePoint(e)];
        setDraft(trace.current.slice());
      },
      onPointerMove(e) {
        const t = trace.current;
        if (!t) return;
        const p = imagePoint(e);
        const last = t[t.length - 1];
        if (Math.hypot(p[0] - last[0], p[1] - last[1]) < STEP_PX) return;
        t.push(p);
        setDraft(t.slice());
      },
      onPointerUp() {
        const t = trace.current;
        trace.current = null;
        setDraft(null);
        if (!t) return;
        if (t.length < 3) return workbench.view.getState().say('Drag around the points on the image to lasso them.');
        void segmentation.labelThroughCamera(view, t.flat());
      },
    },
  };
}

/** The lasso under way, drawn on the camera's overlay canvas. */
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
