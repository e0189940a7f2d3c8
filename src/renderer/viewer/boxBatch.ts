import * as THREE from 'three';
import type { FrameBox } from '../../core/editor/tools/frameBoxes';

/** How one batch draws its boxes: stored boxes solid, interpolated ones dashed and fainter. */
export interface BoxBatchLook {
  readonly dashed: boolean;
  readonly fillOpacity: number;
}

const unitBox = new THREE.BoxGeometry(1, 1, 1);
// The unit box's 12 edges as 24 vertices, in the order EdgesGeometry gives them.
const EDGE_VERTICES = Array.from(new THREE.EdgesGeometry(unitBox).getAttribute('position').array as Float32Array);
const EDGE_COUNT = EDGE_VERTICES.length / 3;
// From the centre to the middle of the front face (+x): which way the object faces.
const HEADING_VERTICES = [0, 0, 0, 0.5, 0, 0];
const noRaycast = () => undefined;

const matrix = new THREE.Matrix4();
const position = new THREE.Vector3();
const turn = new THREE.Quaternion();
const scale = new THREE.Vector3();
const color = new THREE.Color();
// A scale of zero: the hidden slot's fill collapses to a point, which draws no pixel.
const COLLAPSED = new THREE.Matrix4().makeScale(0, 0, 0);
/** What a slot holds when its box is hidden (drawn elsewhere), in place of a colour. */
const HIDDEN = '';
// Class colours parsed once, not on every slot written: a step onto a frame of 1,000 boxes writes 1,000.
const parsed = new Map<string, THREE.Color>();
function parse(hex: string): THREE.Color {
  let c = parsed.get(hex);
  if (!c) parsed.set(hex, (c = new THREE.Color(hex)));
  return c;
}

/**
 * Many boxes in three draw calls: the fills as one instanced unit box, the edges and the heading
 * lines each as one LineSegments, all written in place. A frame of 1,000 boxes then costs the
 * view three objects instead of 3,000, and an update rewrites only the slots whose box or colour
 * changed (boxesInFrame hands back the same box object while it is unchanged), so a drag or a
 * selection on such a frame touches a handful of slots.
 *
 * The box drawn elsewhere (the selected one, which the gizmo holds) keeps its slot but is hidden
 * there: taking it out of the list would move every box after it down a slot, and a selection
 * would rewrite and upload most of the frame. Its fill is collapsed and its lines are left out of
 * the draw (two draw ranges instead of one).
 */
export class BoxBatch {
  readonly object = new THREE.Group();
  private readonly fillMaterial: THREE.MeshBasicMaterial;
  private readonly edgeMaterial: THREE.LineBasicMaterial | THREE.LineDashedMaterial;
  private readonly headingMaterial = new THREE.LineBasicMaterial({ vertexColors: true });
  // A unit box of its own, not one shared by every batch: three.js keeps a vertex array per
  // geometry and program, and the stored and the interpolated batches' fills (one program) on one
  // geometry took turns binding it to their own instance buffers, every attribute set anew for both
  // on every drawn frame.
  private readonly fillGeometry = new THREE.BoxGeometry(1, 1, 1);
  private fills!: THREE.InstancedMesh;
  private edges!: THREE.LineSegments;
  private headings!: THREE.LineSegments;
  private capacity = 0;
  private held: (FrameBox | null)[] = [];
  /** Each slot's colour as written, or HIDDEN. */
  private heldColor: string[] = [];
  private count = 0;
  private hiddenSlot = -1;

  constructor(private readonly look: BoxBatchLook) {
    this.object.name = look.dashed ? 'interpolated-boxes' : 'boxes';
    this.fillMaterial = new THREE.MeshBasicMaterial({ transparent: true, opacity: look.fillOpacity, depthWrite: false });
    // Dash lengths are in the unit box's coordinates (each edge's line distance runs 0 to 1): about
    // five dashes along every edge, whatever the box's size.
    this.edgeMaterial = look.dashed ? new THREE.LineDashedMaterial({ vertexColors: true, dashSize: 0.12, gapSize: 0.08 }) : new THREE.LineBasicMaterial({ vertexColors: true });
    this.allocate(64);
  }

  /** How many boxes are drawn. */
  get size(): number {
    return this.count;
  }

  /**
   * Draws `boxes` in this order, each in its class colour, all but `hidden` (a box of the list
   * drawn elsewhere). Returns how many slots were rewritten (the rest were the same box in the same
   * colour as before).
   */
  update(boxes: readonly FrameBox[], colorOf: (classId: string) => string, hidden: FrameBox | null = null): number {
    if (boxes.length > this.capacity) this.allocate(Math.max(this.capacity * 2, 2 ** Math.ceil(Math.log2(boxes.length))));
    let first = -1;
    let last = -1;
    let written = 0;
    let hiddenSlot = -1;
    for (let i = 0; i < boxes.length; i++) {
      const box = boxes[i];
      const c = box === hidden ? HIDDEN : colorOf(box.classId);
      if (c === HIDDEN) hiddenSlot = i;
      // A hidden slot draws nothing of its box: a drag changing the hidden box rewrites nothing.
      if (this.heldColor[i] === c && (this.held[i] === box || c === HIDDEN)) {
        this.held[i] = box;
        continue;
      }
      this.write(i, box, c);
      this.held[i] = box;
      this.heldColor[i] = c;
      written++;
      if (first < 0) first = i;
      last = i;
    }
    // Slots past the end are not drawn but keep what was written and uploaded there: stepping
    // back onto a frame finds its boxes in their slots and rewrites none of them.
    this.count = boxes.length;
    this.fills.count = boxes.length;
    this.hiddenSlot = hiddenSlot;
    this.setRanges(this.edges.geometry, EDGE_COUNT);
    this.setRanges(this.headings.geometry, 2);
    if (first >= 0) this.flush(first, last);
    return written;
  }

  dispose(): void {
    this.release();
    this.fillGeometry.dispose();
    this.fillMaterial.dispose();
    this.edgeMaterial.dispose();
    this.headingMaterial.dispose();
  }

  /** The slots drawn, as one draw range, or the two either side of the hidden slot. */
  private setRanges(g: THREE.BufferGeometry, per: number): void {
    g.clearGroups();
    const k = this.hiddenSlot;
    if (k < 0) g.addGroup(0, this.count * per, 0);
    else {
      g.addGroup(0, k * per, 0);
      g.addGroup((k + 1) * per, (this.count - k - 1) * per, 0);
    }
  }

  private write(slot: number, box: FrameBox, hex: string): void {
    if (hex === HIDDEN) {
      // The lines are left out by the draw ranges; what they hold is written when the box shows again.
      this.fills.setMatrixAt(slot, COLLAPSED);
      return;
    }
    const { center, size, rotation } = box.cuboid;
    matrix.compose(position.set(center[0], center[1], center[2]), turn.set(rotation[0], rotation[1], rotation[2], rotation[3]), scale.set(size[0], size[1], size[2]));
    color.copy(parse(hex));
    this.fills.setMatrixAt(slot, matrix);
    this.fills.setColorAt(slot, color);
    transformInto(this.edges.geometry, slot * EDGE_COUNT, EDGE_VERTICES, matrix.elements);
    transformInto(this.headings.geometry, slot * 2, HEADING_VERTICES, matrix.elements);
  }

  /** Uploads the slots first..last of every buffer, not the whole of them. */
  private flush(first: number, last: number): void {
    const n = last - first + 1;
    markRange(this.fills.instanceMatrix, first * 16, n * 16);
    markRange(this.fills.instanceColor!, first * 3, n * 3);
    for (const [lines, per] of [
      [this.edges, EDGE_COUNT],
      [this.headings, 2],
    ] as const) {
      markRange(lines.geometry.getAttribute('position') as THREE.BufferAttribute, first * per * 3, n * per * 3);
      markRange(lines.geometry.getAttribute('color') as THREE.BufferAttribute, first * per * 3, n * per * 3);
    }
  }

  private allocate(capacity: number): void {
    this.release();
    this.capacity = capacity;
    this.fills = new THREE.InstancedMesh(this.fillGeometry, this.fillMaterial, capacity);
    this.fills.instanceMatrix.setUsage(THREE.DynamicDrawUsage);
    this.fills.setColorAt(0, color.set('#ffffff'));
    this.fills.instanceColor!.setUsage(THREE.DynamicDrawUsage);
    // One material in a list: three.js then draws the geometry's groups (the draw ranges) alone.
    this.edges = new THREE.LineSegments(lineGeometry(capacity, EDGE_COUNT, this.look.dashed), [this.edgeMaterial]);
    this.headings = new THREE.LineSegments(lineGeometry(capacity, 2, false), [this.headingMaterial]);
    for (const o of [this.fills, this.edges, this.headings]) {
      // The buffers change in place, so bounds computed once would go stale; picking works on the
      // records (picking.ts), never on these objects.
      o.frustumCulled = false;
      o.raycast = noRaycast;
      this.object.add(o);
    }
    this.fills.count = 0;
    // Everything is written again into the new buffers on the next update.
    this.held = [];
    this.heldColor = [];
    this.count = 0;
    this.hiddenSlot = -1;
  }

  private release(): void {
    if (this.capacity === 0) return;
    this.object.remove(this.fills, this.edges, this.headings);
    this.fills.dispose();
    this.edges.geometry.dispose();
    this.headings.geometry.dispose();
  }
}

function lineGeometry(capacity: number, perBox: number, dashed: boolean): THREE.BufferGeometry {
  const g = new THREE.BufferGeometry();
  g.setAttribute('position', new THREE.BufferAttribute(new Float32Array(capacity * perBox * 3), 3).setUsage(THREE.DynamicDrawUsage));
  g.setAttribute('color', new THREE.BufferAttribute(new Float32Array(capacity * perBox * 3), 3).setUsage(THREE.DynamicDrawUsage));
  if (dashed) {
    // Each segment runs 0 → 1 along its edge of the unit box, as LineSegments.computeLineDistances gives it.
    const d = new Float32Array(capacity * perBox);
    for (let i = 1; i < d.length; i += 2) d[i] = 1;
    g.setAttribute('lineDistance', new THREE.BufferAttribute(d, 1));
  }
  return g;
}

/** Writes `local` (x, y, z triples) through `m` into the geometry's positions from vertex `at`, and the current colour. */
function transformInto(g: THREE.BufferGeometry, at: number, local: readonly number[], m: readonly number[]): void {
  const p = (g.getAttribute('position') as THREE.BufferAttribute).array as Float32Array;
  const c = (g.getAttribute('color') as THREE.BufferAttribute).array as Float32Array;
  for (let v = 0, o = at * 3; v < local.length; v += 3, o += 3) {
    const x = local[v];
    const y = local[v + 1];
    const z = local[v + 2];
    p[o] = m[0] * x + m[4] * y + m[8] * z + m[12];
    p[o + 1] = m[1] * x + m[5] * y + m[9] * z + m[13];
    p[o + 2] = m[2] * x + m[6] * y + m[10] * z + m[14];
    c[o] = color.r;
    c[o + 1] = color.g;
    c[o + 2] = color.b;
  }
}

// Ranges add up until the renderer uploads them (and clears them): two updates between two drawn
// frames upload both.
function markRange(a: THREE.BufferAttribute, start: number, count: number): void {
  a.addUpdateRange(start, count);
  a.needsUpdate = true;
}
