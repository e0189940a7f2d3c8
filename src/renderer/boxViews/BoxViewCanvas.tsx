import { useCallback, useEffect, useLayoutEffect, useRef, useState, type CSSProperties } from 'react';
import type { BoxHandle, BoxView, ViewPoints } from '../../core/editor/boxViews';
import { boxViewId, fromView, hitHandle, lookDirection } from '../../core/editor/boxViews';
import type { ToolManager, ToolPointerEvent } from '../../core/editor/tools';
import type { Cuboid } from '../../core/geometry/cuboid';
import { scale, sub } from '../../core/geometry/vec3';
import { BOX_VIEW_MOUSE_HINT } from './boxViewKeys';
import { boxOutline, drawBoxView } from './drawBoxView';
import { NO_FIT, refit, type ViewFit } from './viewFit';
import { fromScreen, panBy, zoomAt, type CanvasSize, type ViewCamera } from './viewTransform';

export interface BoxViewCanvasProps {
  readonly view: BoxView;
  readonly title: string;
  /** Null with nothing selected: the canvas stays mounted, hidden, for the next selection. */
  readonly frameBox: Cuboid | null;
  readonly box: Cuboid | null;
  readonly points: ViewPoints | null;
  readonly tools: ToolManager;
  /** Changes when the view should fit the box again (another box selected, the Fit button). */
  readonly fitKey: string;
  /** Tells the tool how near a face a press must land: the view's zoom as it changes. */
  readonly onZoom: (view: BoxView, zoom: number) => void;
}

const CURSORS: Record<string, string> = { move: 'move', rotate: 'grab', u: 'ew-resize', v: 'ns-resize', uv: 'nwse-resize', vu: 'nesw-resize' };

function cursorFor(h: BoxHandle | null): string {
  if (!h) return 'default';
  if (h.kind !== 'resize') return CURSORS[h.kind];
  if (h.su !== 0 && h.sv !== 0) return h.su === h.sv ? CURSORS.vu : CURSORS.uv;
  return h.su !== 0 ? CURSORS.u : CURSORS.v;
}

const wrapStyle: CSSProperties = { position: 'relative', flex: '1 1 0', minHeight: 0, borderTop: '1px solid #2a3342' };
// Hidden, not unmounted, with nothing selected: a select then finds the canvas, its context and
// its size in place (making three canvases and their contexts, and waiting on a ResizeObserver to
// size them, was most of what the box views cost a select). Hidden keeps the layout, so the size holds.
const hiddenWrapStyle: CSSProperties = { ...wrapStyle, visibility: 'hidden' };
const titleStyle: CSSProperties = { position: 'absolute', left: 6, top: 4, font: '600 11px system-ui, sans-serif', letterSpacing: '0.06em', textTransform: 'uppercase', color: '#94a3b8', pointerEvents: 'none' };

/**
 * One orthographic view of the selected box, drawn on a 2D canvas: crisp points, lines and text at
 * any zoom. Pointer events go to the box views' tool as rays along the view; a press the tool does
 * not take (outside the box, or another button) pans the view; the wheel zooms about the cursor.
 */
export function BoxViewCanvas({ view, title, frameBox, box, points, tools, fitKey, onZoom }: BoxViewCanvasProps) {
  const wrapRef = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const [size, setSize] = useState<CanvasSize | null>(null);
  const [fit, setFit] = useState<ViewFit>(NO_FIT);
  const [hover, setHover] = useState<BoxHandle | null>(null);
  // Fitted while rendering (see refit): the first render of a select already has its camera.
  const shownFit = refit(fit, view, fitKey, size, frameBox);
  if (shownFit !== fit) setFit(shownFit);
  const cam = shownFit.cam;
  const setCam = useCallback((next: ViewCamera) => setFit((f) => ({ ...f, cam: next })), []);
  const latest = useRef({ frameBox, box, cam, size });
  latest.current = { frameBox, box, cam, size };

  useLayoutEffect(() => {
    const el = wrapRef.current;
    if (!el) return;
    const observer = new ResizeObserver(() => {
      const r = el.getBoundingClientRect();
      if (r.width > 0 && r.height > 0) setSize({ width: Math.round(r.width), height: Math.round(r.height) });
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  useEffect(() => {
    if (cam) onZoom(view, cam.zoom);
  }, [cam, view, onZoom]);

  useEffect(() => {
    const canvas = canvasRef.current;
    const g = canvas?.getContext('2d');
    if (!canvas || !g || !size || !cam || !frameBox || !box || !points) return;
    const dpr = window.devicePixelRatio || 1;
    const width = Math.round(size.width * dpr);
    const height = Math.round(size.height * dpr);
    // Setting a canvas's size, even to the same value, reallocates its pixels: only on a resize.
    if (canvas.width !== width || canvas.height !== height) {
      canvas.width = width;
      canvas.height = height;
    }
    g.setTransform(dpr, 0, 0, dpr, 0, 0);
    drawBoxView(g, { view, size, cam, frameBox, box, points, hover });
  }, [view, size, cam, frameBox, box, points, hover]);

  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    let panFrom: [number, number] | null = null;
    const at = (e: PointerEvent | WheelEvent): [number, number] => {
      const r = canvas.getBoundingClientRect();
      return [e.clientX - r.left, e.clientY - r.top];
    };
    const event = (e: PointerEvent): ToolPointerEvent | null => {
      const { frameBox: fb, cam: c, size: s } = latest.current;
      if (!c || !s || !fb) return null;
      const [x, y] = at(e);
      const [u, v] = fromScreen(c, s, x, y);
      const direction = lookDirection(fb, view);
      // A ray from in front of the box along the view: its origin is the point under the cursor.
      const origin = sub(fromView(fb, view, u, v), scale(direction, 100));
      return {
        viewId: boxViewId(view),
        ray: { origin, direction },
        screen: [x, y],
        hit: { objectId: null, point: null, ground: null },
        button: e.button,
        modifiers: { shift: e.shiftKey, ctrl: e.ctrlKey, alt: e.altKey, meta: e.metaKey },
      };
    };
    const onDown = (e: PointerEvent) => {
      const ev = event(e);
      if (!ev) return;
      tools.pointerDown(ev);
      if (!tools.busy) panFrom = at(e);
      canvas.setPointerCapture(e.pointerId);
    };
    const onMove = (e: PointerEvent) => {
      const { cam: c, size: s, box: b } = latest.current;
      if (panFrom && c) {
        const p = at(e);
        setCam(panBy(c, p[0] - panFrom[0], p[1] - panFrom[1]));
        panFrom = p;
        return;
      }
      const ev = event(e);
      if (!ev) return;
      tools.pointerMove(ev);
      if (!tools.busy && c && s && b) {
        const [u, v] = fromScreen(c, s, ...at(e));
        const h = hitHandle(b, view, u, v, c.zoom);
        setHover((old) => (JSON.stringify(old) === JSON.stringify(h) ? old : h));
      }
    };
    const onUp = (e: PointerEvent) => {
      if (canvas.hasPointerCapture(e.pointerId)) canvas.releasePointerCapture(e.pointerId);
      if (panFrom) {
        panFrom = null;
        return;
      }
      const ev = event(e);
      if (ev) tools.pointerUp(ev);
    };
    const onWheel = (e: WheelEvent) => {
      const { cam: c, size: s } = latest.current;
      if (!c || !s) return;
      e.preventDefault();
      setCam(zoomAt(c, s, ...at(e), e.deltaY));
    };
    const onLeave = () => setHover(null);
    const noMenu = (e: Event) => e.preventDefault();
    canvas.addEventListener('pointerdown', onDown);
    canvas.addEventListener('pointermove', onMove);
    canvas.addEventListener('pointerup', onUp);
    canvas.addEventListener('pointerleave', onLeave);
    canvas.addEventListener('wheel', onWheel, { passive: false });
    canvas.addEventListener('contextmenu', noMenu);
    return () => {
      canvas.removeEventListener('pointerdown', onDown);
      canvas.removeEventListener('pointermove', onMove);
      canvas.removeEventListener('pointerup', onUp);
      canvas.removeEventListener('pointerleave', onLeave);
      canvas.removeEventListener('wheel', onWheel);
      canvas.removeEventListener('contextmenu', noMenu);
    };
  }, [tools, view, setCam]);

  // What e2e tests and the reader's tools read: where the box lies on screen, at what zoom.
  const rect = size && cam && frameBox && box ? boxOutline({ view, size, cam, frameBox, box }) : null;
  const bounds = rect ? [Math.min(...rect.map((c) => c[0])), Math.min(...rect.map((c) => c[1])), Math.max(...rect.map((c) => c[0])), Math.max(...rect.map((c) => c[1]))].map((n) => n.toFixed(1)).join(',') : '';
  return (
    <div ref={wrapRef} style={box ? wrapStyle : hiddenWrapStyle}>
      <canvas
        ref={canvasRef}
        data-testid={`box-view-${view}`}
        title={BOX_VIEW_MOUSE_HINT}
        data-zoom={cam?.zoom.toFixed(3) ?? ''}
        data-box-rect={bounds}
        data-points={points?.count ?? 0}
        style={{ position: 'absolute', inset: 0, width: '100%', height: '100%', cursor: cursorFor(hover), touchAction: 'none' }}
      />
      <div style={titleStyle}>{title}</div>
    </div>
  );
}
