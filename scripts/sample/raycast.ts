/**
 * Ray casting against the scene's primitives. Both the LiDAR and the cameras use this one routine,
 * which is what makes the sample's point clouds, images and ground truth agree with each other.
 *
 * Hot loops take scalars and fill a caller-owned `Hit` rather than allocating, because the cameras
 * alone cast millions of rays per run.
 */

/** What a surface looks like to the cameras (sRGB 0–255) and to the LiDAR (reflectivity 0–1). */
export interface Surface {
  r: number;
  g: number;
  b: number;
  reflectivity: number;
}

export interface Material {
  /** Fills `out` for a hit at (px, py, pz) with outward unit normal (nx, ny, nz), in the street frame. */
  surface(px: number, py: number, pz: number, nx: number, ny: number, nz: number, out: Surface): void;
}

/** Box rotated about z by `yaw` (the only rotation any street object needs). */
export interface BoxShape {
  kind: 'box';
  center: [number, number, number];
  size: [number, number, number];
  yaw: number;
}

/** Upright cylinder from z0 to z1. */
export interface CylinderShape {
  kind: 'cylinder';
  x: number;
  y: number;
  radius: number;
  z0: number;
  z1: number;
}

export interface SphereShape {
  kind: 'sphere';
  center: [number, number, number];
  radius: number;
}

export type Shape = BoxShape | CylinderShape | SphereShape;

export interface Primitive {
  shape: Shape;
  material: Material;
}

export class Hit {
  t = Infinity;
  nx = 0;
  ny = 0;
  nz = 1;
  material: Material | null = null;
}

const EPS = 1e-6;
const KIND_BOX = 0;
const KIND_CYLINDER = 1;
const KIND_SPHERE = 2;

/** Flattened primitive: one monomorphic shape so the inner loop stays fast in V8. */
class Compiled {
  kind = 0;
  cx = 0;
  cy = 0;
  cz = 0;
  hx = 0;
  hy = 0;
  hz = 0;
  cos = 1;
  sin = 0;
  radius = 0;
  z0 = 0;
  z1 = 0;
  min: [number, number, number] = [0, 0, 0];
  max: [number, number, number] = [0, 0, 0];
  constructor(readonly material: Material) {}
}

function compile(p: Primitive): Compiled {
  const c = new Compiled(p.material);
  const s = p.shape;
  if (s.kind === 'box') {
    c.kind = KIND_BOX;
    [c.cx, c.cy, c.cz] = s.center;
    c.hx = s.size[0] / 2;
    c.hy = s.size[1] / 2;
    c.hz = s.size[2] / 2;
    c.cos = Math.cos(s.yaw);
    c.sin = Math.sin(s.yaw);
    const ex = Math.abs(c.cos) * c.hx + Math.abs(c.sin) * c.hy;
    const ey = Math.abs(c.sin) * c.hx + Math.abs(c.cos) * c.hy;
    c.min = [c.cx - ex, c.cy - ey, c.cz - c.hz];
    c.max = [c.cx + ex, c.cy + ey, c.cz + c.hz];
  } else if (s.kind === 'cylinder') {
    c.kind = KIND_CYLINDER;
    c.cx = s.x;
    c.cy = s.y;
    c.radius = s.radius;
    c.z0 = s.z0;
    c.z1 = s.z1;
    c.min = [s.x - s.radius, s.y - s.radius, s.z0];
    c.max = [s.x + s.radius, s.y + s.radius, s.z1];
  } else {
    c.kind = KIND_SPHERE;
    [c.cx, c.cy, c.cz] = s.center;
    c.radius = s.radius;
    c.min = [c.cx - s.radius, c.cy - s.radius, c.cz - s.radius];
    c.max = [c.cx + s.radius, c.cy + s.radius, c.cz + s.radius];
  }
  return c;
}

function intersectBox(c: Compiled, ox: number, oy: number, oz: number, dx: number, dy: number, dz: number, tMax: number, hit: Hit): boolean {
  // Work in the box's own frame, where it is axis-aligned.
  const rx = ox - c.cx;
  const ry = oy - c.cy;
  const lox = c.cos * rx + c.sin * ry;
  const loy = -c.sin * rx + c.cos * ry;
  const loz = oz - c.cz;
  const ldx = c.cos * dx + c.sin * dy;
  const ldy = -c.sin * dx + c.cos * dy;
  const ldz = dz;
  let tNear = -Infinity;
  let tFar = Infinity;
  let axis = -1;
  let sign = 0;
  // Unrolled slab test: arrays here would allocate on every one of millions of calls.
  if (Math.abs(ldx) < 1e-12) {
    if (lox < -c.hx || lox > c.hx) return false;
  } else {
    const a0 = (-c.hx - lox) / ldx, a1 = (c.hx - lox) / ldx;
    const tn = Math.min(a0, a1), tf = Math.max(a0, a1);
    if (tn > tNear) { tNear = tn; axis = 0; sign = a0 < a1 ? -1 : 1; }
    if (tf < tFar) tFar = tf;
  }
  if (Math.abs(ldy) < 1e-12) {
    if (loy < -c.hy || loy > c.hy) return false;
  } else {
    const a0 = (-c.hy - loy) / ldy, a1 = (c.hy - loy) / ldy;
    const tn = Math.min(a0, a1), tf = Math.max(a0, a1);
    if (tn > tNear) { tNear = tn; axis = 1; sign = a0 < a1 ? -1 : 1; }
    if (tf < tFar) tFar = tf;
  }
  if (Math.abs(ldz) < 1e-12) {
    if (loz < -c.hz || loz > c.hz) return false;
  } else {
    const a0 = (-c.hz - loz) / ldz, a1 = (c.hz - loz) / ldz;
    const tn = Math.min(a0, a1), tf = Math.max(a0, a1);
    if (tn > tNear) { tNear = tn; axis = 2; sign = a0 < a1 ? -1 : 1; }
    if (tf < tFar) tFar = tf;
  }
  if (tNear > tFar) return false;
  // Rays starting inside a box are ignored: no sensor sits inside an object.
  if (tNear < EPS || tNear >= tMax || axis < 0) return false;
  const lnx = axis === 0 ? sign : 0;
  const lny = axis === 1 ? sign : 0;
  hit.t = tNear;
  hit.nx = c.cos * lnx - c.sin * lny;
  hit.ny = c.sin * lnx + c.cos * lny;
  hit.nz = axis === 2 ? sign : 0;
  hit.material = c.material;
  return true;
}

function intersectCylinder(c: Compiled, ox: number, oy: number, oz: number, dx: number, dy: number, dz: number, tMax: number, hit: Hit): boolean {
  let best = tMax;
  let nx = 0;
  let ny = 0;
  let nz = 0;
  const rx = ox - c.cx;
  const ry = oy - c.cy;
  const a = dx * dx + dy * dy;
  if (a > 1e-12) {
    const b = rx * dx + ry * dy;
    const cc = rx * rx + ry * ry - c.radius * c.radius;
    const disc = b * b - a * cc;
    if (disc >= 0) {
      const t = (-b - Math.sqrt(disc)) / a;
      if (t > EPS && t < best) {
        const z = oz + t * dz;
        if (z >= c.z0 && z <= c.z1) {
          best = t;
          nx = (rx + t * dx) / c.radius;
          ny = (ry + t * dy) / c.radius;
          nz = 0;
        }
      }
    }
  }
  if (Math.abs(dz) > 1e-12) {
    // Only the cap facing the ray can be its entry point.
    const capZ = dz < 0 ? c.z1 : c.z0;
    const t = (capZ - oz) / dz;
    if (t > EPS && t < best) {
      const px = rx + t * dx;
      const py = ry + t * dy;
      if (px * px + py * py <= c.radius * c.radius) {
        best = t;
        nx = 0;
        ny = 0;
        nz = dz < 0 ? 1 : -1;
      }
    }
  }
  if (best >= tMax) return false;
  hit.t = best;
  hit.nx = nx;
  hit.ny = ny;
  hit.nz = nz;
  hit.material = c.material;
  return true;
}

function intersectSphere(c: Compiled, ox: number, oy: number, oz: number, dx: number, dy: number, dz: number, tMax: number, hit: Hit): boolean {
  const rx = ox - c.cx;
  const ry = oy - c.cy;
  const rz = oz - c.cz;
  const b = rx * dx + ry * dy + rz * dz;
  const cc = rx * rx + ry * ry + rz * rz - c.radius * c.radius;
  const disc = b * b - cc;
  if (disc < 0) return false;
  const t = -b - Math.sqrt(disc);
  if (t <= EPS || t >= tMax) return false;
  hit.t = t;
  hit.nx = (rx + t * dx) / c.radius;
  hit.ny = (ry + t * dy) / c.radius;
  hit.nz = (rz + t * dz) / c.radius;
  hit.material = c.material;
  return true;
}

/**
 * Primitives in a bounding-volume hierarchy, plus an infinite ground plane at z = 0 (kept out of the
 * hierarchy because its bounds are unbounded).
 */
export class RayScene {
  private readonly prims: Compiled[];
  /** Per node: min xyz, max xyz. */
  private readonly bounds: Float64Array;
  /** Per node: left child (or -1 for a leaf) and, for leaves, first primitive and count. */
  private readonly left: Int32Array;
  private readonly right: Int32Array;
  private readonly first: Int32Array;
  private readonly count: Int32Array;
  private nodeCount = 0;
  private readonly order: number[];
  private readonly stack = new Int32Array(128);

  constructor(primitives: readonly Primitive[], private readonly ground: Material) {
    this.prims = primitives.map(compile);
    const maxNodes = Math.max(1, 2 * this.prims.length);
    this.bounds = new Float64Array(maxNodes * 6);
    this.left = new Int32Array(maxNodes);
    this.right = new Int32Array(maxNodes);
    this.first = new Int32Array(maxNodes);
    this.count = new Int32Array(maxNodes);
    this.order = this.prims.map((_, i) => i);
    if (this.prims.length > 0) this.build(0, this.prims.length);
    this.prims = this.order.map((i) => this.prims[i]);
  }

  private build(start: number, end: number): number {
    const node = this.nodeCount++;
    const b = this.bounds;
    let mnx = Infinity, mny = Infinity, mnz = Infinity, mxx = -Infinity, mxy = -Infinity, mxz = -Infinity;
    let cmnx = Infinity, cmny = Infinity, cmnz = Infinity, cmxx = -Infinity, cmxy = -Infinity, cmxz = -Infinity;
    for (let i = start; i < end; i++) {
      const p = this.prims[this.order[i]];
      mnx = Math.min(mnx, p.min[0]); mny = Math.min(mny, p.min[1]); mnz = Math.min(mnz, p.min[2]);
      mxx = Math.max(mxx, p.max[0]); mxy = Math.max(mxy, p.max[1]); mxz = Math.max(mxz, p.max[2]);
      const cx = (p.min[0] + p.max[0]) / 2, cy = (p.min[1] + p.max[1]) / 2, cz = (p.min[2] + p.max[2]) / 2;
      cmnx = Math.min(cmnx, cx); cmny = Math.min(cmny, cy); cmnz = Math.min(cmnz, cz);
      cmxx = Math.max(cmxx, cx); cmxy = Math.max(cmxy, cy); cmxz = Math.max(cmxz, cz);
    }
    b.set([mnx, mny, mnz, mxx, mxy, mxz], node * 6);
    const n = end - start;
    if (n <= 3) {
      this.left[node] = -1;
      this.first[node] = start;
      this.count[node] = n;
      return node;
    }
    // Median split on the widest spread of centroids: simple, and good enough for a street.
    const ex = cmxx - cmnx, ey = cmxy - cmny, ez = cmxz - cmnz;
    const axis = ex >= ey && ex >= ez ? 0 : ey >= ez ? 1 : 2;
    const slice = this.order.slice(start, end);
    slice.sort((i, j) => {
      const pi = this.prims[i], pj = this.prims[j];
      const d = pi.min[axis] + pi.max[axis] - (pj.min[axis] + pj.max[axis]);
      return d !== 0 ? d : i - j;
    });
    for (let i = 0; i < n; i++) this.order[start + i] = slice[i];
    const mid = start + (n >> 1);
    this.left[node] = this.build(start, mid);
    this.right[node] = this.build(mid, end);
    return node;
  }

  /** Closest hit along a unit-direction ray with t in (0, tMax); false when nothing is hit. */
  intersect(ox: number, oy: number, oz: number, dx: number, dy: number, dz: number, tMax: number, hit: Hit): boolean {
    let best = tMax;
    let found = false;
    if (dz < -1e-12) {
      const t = -oz / dz;
      if (t > EPS && t < best) {
        best = t;
        hit.t = t;
        hit.nx = 0;
        hit.ny = 0;
        hit.nz = 1;
        hit.material = this.ground;
        found = true;
      }
    }
    if (this.prims.length === 0) return found;
    const idx = dx !== 0 ? 1 / dx : Infinity;
    const idy = dy !== 0 ? 1 / dy : Infinity;
    const idz = dz !== 0 ? 1 / dz : Infinity;
    const b = this.bounds;
    const stack = this.stack;
    let sp = 0;
    stack[sp++] = 0;
    while (sp > 0) {
      const node = stack[--sp];
      const o = node * 6;
      let t0 = (b[o] - ox) * idx, t1 = (b[o + 3] - ox) * idx;
      let tn = Math.min(t0, t1), tf = Math.max(t0, t1);
      t0 = (b[o + 1] - oy) * idy; t1 = (b[o + 4] - oy) * idy;
      tn = Math.max(tn, Math.min(t0, t1)); tf = Math.min(tf, Math.max(t0, t1));
      t0 = (b[o + 2] - oz) * idz; t1 = (b[o + 5] - oz) * idz;
      tn = Math.max(tn, Math.min(t0, t1)); tf = Math.min(tf, Math.max(t0, t1));
      // NaN (origin on a slab with zero direction) falls through as "no overlap"-safe: comparisons are false.
      if (!(tf >= tn) || tf < 0 || tn > best) continue;
      if (this.left[node] < 0) {
        const f = this.first[node];
        const e = f + this.count[node];
        for (let i = f; i < e; i++) {
          const p = this.prims[i];
          let ok: boolean;
          if (p.kind === KIND_BOX) ok = intersectBox(p, ox, oy, oz, dx, dy, dz, best, hit);
          else if (p.kind === KIND_CYLINDER) ok = intersectCylinder(p, ox, oy, oz, dx, dy, dz, best, hit);
          else ok = intersectSphere(p, ox, oy, oz, dx, dy, dz, best, hit);
          if (ok) {
            best = hit.t;
            found = true;
          }
        }
      } else {
        stack[sp++] = this.right[node];
        stack[sp++] = this.left[node];
      }
    }
    return found;
  }
}
