/**
 * Where the graph panel's node-link diagram puts things. A frame's scene graph is mostly small
 * groups (a car and the cyclist following it, two parked cars), so each connected group gets its
 * own band, top to bottom in the order the edges first name them: a pair as a long horizontal
 * arrow with room for its label, three or more objects evenly on a circle. Edges run between node
 * rims, bent apart when two objects share several relations. Pure and deterministic: the same
 * graph always draws the same picture.
 */
export interface DiagramInput {
  /** Node ids, in the order the edges first name them. */
  readonly nodes: readonly string[];
  readonly edges: ReadonlyArray<{ readonly id: string; readonly from: string; readonly to: string }>;
  readonly width: number;
  /** Node circle radius, px. */
  readonly radius: number;
}

export interface DiagramNode {
  readonly id: string;
  readonly x: number;
  readonly y: number;
  /** Where the node's label is centred; null where the group is too crowded for labels. */
  readonly label: { readonly x: number; readonly y: number } | null;
}

export interface DiagramEdge {
  readonly id: string;
  /** SVG path data from the subject's rim to the base of the arrowhead. */
  readonly path: string;
  /** SVG polygon points of the arrowhead, its tip on the object's rim. */
  readonly head: string;
  readonly labelX: number;
  readonly labelY: number;
}

export interface Diagram {
  readonly width: number;
  readonly height: number;
  readonly nodes: readonly DiagramNode[];
  readonly edges: readonly DiagramEdge[];
}

const HEAD_LENGTH = 7;
const HEAD_HALF_WIDTH = 3.5;
const BEND_PX = 14;
/** Room from the picture's edge to a pair's nodes: half of a label like "Pedestrian 52df". */
const PAIR_INSET = 46;
const LABEL_BELOW = 11;
const LABEL_ABOVE = 4;
const BAND_GAP = 8;
/** Past this many objects in one group, node labels would pile up; the tooltip names them. */
const MAX_LABELLED_GROUP = 12;

type P = { x: number; y: number };

export function layoutDiagram({ nodes, edges, width, radius }: DiagramInput): Diagram {
  const groups = connectedGroups(nodes, edges);
  const placed: DiagramNode[] = [];
  let top = BAND_GAP;
  for (const group of groups) {
    const band = placeGroup(group, width, radius, top);
    placed.push(...band.nodes);
    top += band.height + BAND_GAP;
  }
  const at = new Map(placed.map((n) => [n.id, n]));

  // Several relations between one pair of objects (either way) are fanned out symmetrically.
  const pairKey = (a: string, b: string) => (a < b ? `${a}|${b}` : `${b}|${a}`);
  const pairCount = new Map<string, number>();
  for (const e of edges) pairCount.set(pairKey(e.from, e.to), (pairCount.get(pairKey(e.from, e.to)) ?? 0) + 1);
  const pairSeen = new Map<string, number>();

  const laid: DiagramEdge[] = [];
  for (const e of edges) {
    const a = at.get(e.from);
    const b = at.get(e.to);
    if (!a || !b) continue;
    if (a === b) {
      laid.push(selfLoop(e.id, a, radius));
      continue;
    }
    const key = pairKey(e.from, e.to);
    const k = pairSeen.get(key) ?? 0;
    pairSeen.set(key, k + 1);
    const n = pairCount.get(key)!;
    // Offsets −…0…+ measured on the pair's own canonical direction, so that a→b and b→a bend apart.
    const canonicalSign = e.from < e.to ? 1 : -1;
    const bend = (k - (n - 1) / 2) * BEND_PX * canonicalSign;
    laid.push(curve(e.id, a, b, bend, radius));
  }
  return { width, height: Math.max(top, 2 * BAND_GAP), nodes: placed, edges: laid };
}

/** Groups of nodes joined by edges, each in node order, ordered by their first node. */
function connectedGroups(nodes: readonly string[], edges: DiagramInput['edges']): string[][] {
  const parent = new Map(nodes.map((n) => [n, n]));
  const find = (n: string): string => {
    let root = n;
    while (parent.get(root) !== root) root = parent.get(root)!;
    parent.set(n, root);
    return root;
  };
  for (const e of edges) {
    if (!parent.has(e.from) || !parent.has(e.to)) continue;
    const [a, b] = [find(e.from), find(e.to)];
    if (a !== b) parent.set(b, a);
  }
  const groups = new Map<string, string[]>();
  for (const n of nodes) {
    const root = find(n);
    const list = groups.get(root) ?? [];
    list.push(n);
    groups.set(root, list);
  }
  return [...groups.values()];
}

function placeGroup(ids: readonly string[], width: number, radius: number, top: number): { nodes: DiagramNode[]; height: number } {
  const below = (x: number, y: number) => ({ x: round(x), y: round(y + radius + LABEL_BELOW) });
  if (ids.length === 1) {
    const y = top + radius + 6;
    return { nodes: [{ id: ids[0], x: width / 2, y: round(y), label: below(width / 2, y) }], height: 2 * radius + 6 + LABEL_BELOW + 4 };
  }
  if (ids.length === 2) {
    // Room above the arrow for its label.
    const y = top + radius + 12;
    return {
      nodes: [
        { id: ids[0], x: PAIR_INSET, y: round(y), label: below(PAIR_INSET, y) },
        { id: ids[1], x: width - PAIR_INSET, y: round(y), label: below(width - PAIR_INSET, y) },
      ],
      height: 2 * radius + 12 + LABEL_BELOW + 4,
    };
  }
  const ring = Math.min(width / 2 - PAIR_INSET, Math.max(62, 12 * ids.length));
  const cx = width / 2;
  const cy = top + ring + radius + LABEL_ABOVE + 10;
  const labelled = ids.length <= MAX_LABELLED_GROUP;
  const nodes = ids.map((id, i): DiagramNode => {
    // From the top, clockwise.
    const angle = -Math.PI / 2 + (2 * Math.PI * i) / ids.length;
    const x = cx + ring * Math.cos(angle);
    const y = cy + ring * Math.sin(angle);
    // Centred under the node, or over it at the top of the circle, never beside it, where a label
    // on the left or right of the circle would run off the picture.
    const above = Math.sin(angle) < -0.7;
    const label = !labelled ? null : above ? { x: round(x), y: round(y - radius - LABEL_ABOVE) } : below(x, y);
    return { id, x: round(x), y: round(y), label };
  });
  return { nodes, height: 2 * ring + 2 * radius + LABEL_ABOVE + 10 + LABEL_BELOW + 4 };
}

function curve(id: string, a: P, b: P, bend: number, radius: number): DiagramEdge {
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const len = Math.hypot(dx, dy);
  const ux = dx / len;
  const uy = dy / len;
  const control = { x: (a.x + b.x) / 2 - uy * bend * 2, y: (a.y + b.y) / 2 + ux * bend * 2 };
  const start = towards(a, control, radius);
  const tip = towards(b, control, radius);
  const tx = tip.x - control.x;
  const ty = tip.y - control.y;
  const tl = Math.hypot(tx, ty) || 1;
  const base = { x: tip.x - (tx / tl) * HEAD_LENGTH, y: tip.y - (ty / tl) * HEAD_LENGTH };
  const head = arrowHead(tip, base, tx / tl, ty / tl);
  const path = bend === 0 ? `M${f(start.x)} ${f(start.y)}L${f(base.x)} ${f(base.y)}` : `M${f(start.x)} ${f(start.y)}Q${f(control.x)} ${f(control.y)} ${f(base.x)} ${f(base.y)}`;
  // At the curve's midpoint (t = ½), lifted off the line on its upper side so the text does not
  // strike it through; labelY is the text baseline, a little below the text's middle.
  const [nx, ny] = -ux <= 0 ? [uy, -ux] : [-uy, ux];
  const lift = 8;
  const labelX = 0.25 * start.x + 0.5 * control.x + 0.25 * tip.x + nx * lift;
  const labelY = 0.25 * start.y + 0.5 * control.y + 0.25 * tip.y + ny * lift + 3;
  return { id, path, head, labelX: round(labelX), labelY: round(labelY) };
}

/** A relation of an object with itself: a small loop to the node's right. */
function selfLoop(id: string, n: P, radius: number): DiagramEdge {
  const start = { x: n.x + radius * 0.7, y: n.y - radius * 0.7 };
  const tip = { x: n.x + radius * 0.7, y: n.y + radius * 0.7 };
  const far = { x: n.x + radius * 3.2, y: n.y };
  const tx = tip.x - far.x;
  const ty = tip.y - (far.y + radius * 1.6);
  const tl = Math.hypot(tx, ty) || 1;
  const base = { x: tip.x - (tx / tl) * HEAD_LENGTH, y: tip.y - (ty / tl) * HEAD_LENGTH };
  return {
    id,
    path: `M${f(start.x)} ${f(start.y)}C${f(far.x)} ${f(far.y - radius * 1.6)} ${f(far.x)} ${f(far.y + radius * 1.6)} ${f(base.x)} ${f(base.y)}`,
    head: arrowHead(tip, base, tx / tl, ty / tl),
    labelX: round(far.x + 4),
    labelY: round(n.y - radius * 1.4),
  };
}

function arrowHead(tip: P, base: P, ux: number, uy: number): string {
  const left = { x: base.x - uy * HEAD_HALF_WIDTH, y: base.y + ux * HEAD_HALF_WIDTH };
  const right = { x: base.x + uy * HEAD_HALF_WIDTH, y: base.y - ux * HEAD_HALF_WIDTH };
  return [tip, left, right].map((p) => `${f(p.x)},${f(p.y)}`).join(' ');
}

/** The point on a node's rim facing `toward`. */
function towards(node: P, toward: P, radius: number): P {
  const dx = toward.x - node.x;
  const dy = toward.y - node.y;
  const l = Math.hypot(dx, dy) || 1;
  return { x: node.x + (dx / l) * radius, y: node.y + (dy / l) * radius };
}

const round = (v: number) => Math.round(v * 10) / 10;
const f = (v: number) => String(round(v));
