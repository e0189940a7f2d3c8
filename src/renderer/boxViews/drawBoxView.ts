import type { BoxHandle, BoxView, ViewPoints } from '../../core/editor/boxViews';
import { fromView, halfExtent, rotateKnob, toView } from '../../core/editor/boxViews';
import type { Cuboid } from '../../core/geometry/cuboid';
import { toScreen, type CanvasSize, type ViewCamera } from './viewTransform';

export interface BoxViewPicture {
  readonly view: BoxView;
  readonly size: CanvasSize;
  readonly cam: ViewCamera;
  /** The box the view is laid out on (held still while a drag is under way). */
  readonly frameBox: Cuboid;
  /** The box as it is now, drawn over the points. */
  readonly box: Cuboid;
  readonly points: ViewPoints;
  readonly hover: BoxHandle | null;
}

const COLORS = {
  background: '#0b0e14',
  outside: 'rgba(148, 163, 184, 0.55)',
  inside: '#fde047',
  outline: '#4ade80',
  front: '#fb923c',
  handle: '#e2e8f0',
  handleHot: '#60a5fa',
  label: '#e2e8f0',
  labelShadow: 'rgba(0, 0, 0, 0.85)',
  title: '#94a3b8',
};

const HANDLE_PX = 8;
const LABEL_FONT = '12px system-ui, sans-serif';

/** The corners of the box's rectangle in a view, in CSS pixels: (+u+v), (−u+v), (−u−v), (+u−v). */
export function boxOutline(p: Pick<BoxViewPicture, 'view' | 'size' | 'cam' | 'frameBox' | 'box'>): Array<[number, number]> {
  const [hu, hv] = halfExtent(p.box, p.view);
  const corners: Array<[number, number]> = [[hu, hv], [-hu, hv], [-hu, -hv], [hu, -hv]];
  return corners.map(([u, v]) => {
    const [fu, fv] = toView(p.frameBox, p.view, fromView(p.box, p.view, u, v));
    return toScreen(p.cam, p.size, fu, fv);
  });
}

/** The screen position of a point of the current box's own view (u, v). */
function boxPoint(p: BoxViewPicture, u: number, v: number): [number, number] {
  const [fu, fv] = toView(p.frameBox, p.view, fromView(p.box, p.view, u, v));
  return toScreen(p.cam, p.size, fu, fv);
}

const mid = (a: readonly [number, number], b: readonly [number, number]): [number, number] => [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2];

function sameHandle(a: BoxHandle | null, b: BoxHandle): boolean {
  if (!a || a.kind !== b.kind) return false;
  return a.kind !== 'resize' || b.kind !== 'resize' || (a.su === b.su && a.sv === b.sv);
}

/** Text with a dark halo, kept inside the canvas. */
function label(g: CanvasRenderingContext2D, size: CanvasSize, text: string, x: number, y: number, align: CanvasTextAlign): void {
  g.font = LABEL_FONT;
  const w = g.measureText(text).width;
  const left = align === 'center' ? x - w / 2 : align === 'right' ? x - w : x;
  const cx = Math.min(Math.max(left, 4), size.width - w - 4);
  const cy = Math.min(Math.max(y, 14), size.height - 6);
  g.textAlign = 'left';
  g.textBaseline = 'alphabetic';
  g.lineWidth = 3;
  g.strokeStyle = COLORS.labelShadow;
  g.strokeText(text, cx, cy);
  g.fillStyle = COLORS.label;
  g.fillText(text, cx, cy);
}

const AXIS_NAMES: Readonly<Record<BoxView, readonly [string, string]>> = {
  top: ['length', 'width'],
  side: ['length', 'height'],
  front: ['width', 'height'],
};

/** Draws one box view: the points within the margin, the box, its handles and its measures. */
export function drawBoxView(g: CanvasRenderingContext2D, p: BoxViewPicture): void {
  const { size, cam } = p;
  g.fillStyle = COLORS.background;
  g.fillRect(0, 0, size.width, size.height);

  const { uv, inside, count } = p.points;
  const r = Math.min(3, Math.max(1.5, cam.zoom * 0.025));
  for (const pass of [0, 1]) {
    g.fillStyle = pass === 0 ? COLORS.outside : COLORS.inside;
    for (let i = 0; i < count; i++) {
      if (inside[i] !== pass) continue;
      const [x, y] = toScreen(cam, size, uv[2 * i], uv[2 * i + 1]);
      g.fillRect(x - r / 2, y - r / 2, r, r);
    }
  }

  const outline = boxOutline(p);
  g.lineWidth = 1.5;
  g.strokeStyle = COLORS.outline;
  g.beginPath();
  outline.forEach(([x, y], i) => (i === 0 ? g.moveTo(x, y) : g.lineTo(x, y)));
  g.closePath();
  g.stroke();
  // The box's front is +u in the top and side views: drawn in its own colour so the heading reads at a glance.
  if (p.view !== 'front') {
    g.lineWidth = 3;
    g.strokeStyle = COLORS.front;
    g.beginPath();
    g.moveTo(outline[3][0], outline[3][1]);
    g.lineTo(outline[0][0], outline[0][1]);
    g.stroke();
  }

  const [hu, hv] = halfExtent(p.box, p.view);
  if (p.view === 'top') {
    const [ku] = rotateKnob(p.box, cam.zoom);
    const from = boxPoint(p, hu, 0);
    const knob = boxPoint(p, ku, 0);
    g.lineWidth = 1.5;
    g.strokeStyle = COLORS.front;
    g.beginPath();
    g.moveTo(from[0], from[1]);
    g.lineTo(knob[0], knob[1]);
    g.stroke();
    g.beginPath();
    g.arc(knob[0], knob[1], 6, 0, 2 * Math.PI);
    g.fillStyle = sameHandle(p.hover, { kind: 'rotate' }) ? COLORS.handleHot : COLORS.front;
    g.fill();
  }

  const handles: Array<[BoxHandle, [number, number]]> = [];
  for (const su of [-1, 0, 1] as const) {
    for (const sv of [-1, 0, 1] as const) {
      if (su === 0 && sv === 0) continue;
      handles.push([{ kind: 'resize', su, sv }, boxPoint(p, su * hu, sv * hv)]);
    }
  }
  for (const [h, [x, y]] of handles) {
    g.fillStyle = sameHandle(p.hover, h) ? COLORS.handleHot : COLORS.handle;
    g.strokeStyle = COLORS.background;
    g.lineWidth = 1;
    g.fillRect(x - HANDLE_PX / 2, y - HANDLE_PX / 2, HANDLE_PX, HANDLE_PX);
    g.strokeRect(x - HANDLE_PX / 2, y - HANDLE_PX / 2, HANDLE_PX, HANDLE_PX);
  }

  // Measures in one line under the box: the title keeps the top-left corner, the knob the right.
  const [across, up] = AXIS_NAMES[p.view];
  const centre = mid(outline[0], outline[2]);
  const lowest = Math.max(...outline.map((c) => c[1]));
  label(g, size, `${across} ${(2 * hu).toFixed(2)} · ${up} ${(2 * hv).toFixed(2)} m`, centre[0], lowest + 18, 'center');
}
