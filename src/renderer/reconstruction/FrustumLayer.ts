import * as THREE from 'three';
import { FRUSTUM_FLOATS } from './reconstructionData';

/** Apex to each corner, then the far rectangle: eight segments per frustum. */
const EDGES = [
  [0, 1],
  [0, 2],
  [0, 3],
  [0, 4],
  [1, 2],
  [2, 3],
  [3, 4],
  [4, 1],
] as const;

export const FRUSTUM_COLOR = '#8fb3d9';
export const SELECTED_FRUSTUM_COLOR = '#ffb020';

/** Two segments: a small roof over the top edge says which way is up in the image, as COLMAP's viewer does. */
const UP_MARK_SEGMENTS = 2;
const FLOATS_PER_FRUSTUM = (EDGES.length + UP_MARK_SEGMENTS) * 6;

function segments(frustums: Float32Array, index: number, out: Float32Array, at: number): number {
  const base = FRUSTUM_FLOATS * index;
  const v = (k: number, a: number) => frustums[base + 3 * k + a];
  const put = (p: (a: number) => number, q: (a: number) => number) => {
    for (let a = 0; a < 3; a++) out[at + a] = p(a);
    for (let a = 0; a < 3; a++) out[at + 3 + a] = q(a);
    at += 6;
  };
  for (const [p, q] of EDGES) put((a) => v(p, a), (a) => v(q, a));
  // Corners 1, 2 are top-left and top-right, 4, 3 bottom-left and bottom-right.
  const mid = (a: number) => (v(1, a) + v(2, a)) / 2;
  const tip = (a: number) => mid(a) + 0.1 * (v(1, a) - v(4, a) + v(2, a) - v(3, a));
  put((a) => 0.6 * v(1, a) + 0.4 * mid(a), tip);
  put((a) => 0.6 * v(2, a) + 0.4 * mid(a), tip);
  return at;
}

/**
 * Every image's frustum as one LineSegments (one draw call however many images), and the selected
 * image's again in a bright colour on top.
 */
export class FrustumLayer extends THREE.Group {
  private readonly all = new THREE.LineSegments(new THREE.BufferGeometry(), new THREE.LineBasicMaterial({ color: FRUSTUM_COLOR, transparent: true, opacity: 0.85 }));
  private readonly selected = new THREE.LineSegments(new THREE.BufferGeometry(), new THREE.LineBasicMaterial({ color: SELECTED_FRUSTUM_COLOR, depthTest: false }));
  private frustums: Float32Array = new Float32Array(0);
  private drawn = 0;

  constructor() {
    super();
    this.name = 'frustums';
    this.all.frustumCulled = false;
    this.selected.frustumCulled = false;
    this.selected.renderOrder = 5;
    this.add(this.all, this.selected);
  }

  /** Frustums drawn. */
  get count(): number {
    return this.drawn;
  }

  setFrustums(frustums: Float32Array): void {
    this.frustums = frustums;
    const n = frustums.length / FRUSTUM_FLOATS;
    const out = new Float32Array(n * FLOATS_PER_FRUSTUM);
    let at = 0;
    for (let i = 0; i < n; i++) at = segments(frustums, i, out, at);
    this.all.geometry.setAttribute('position', new THREE.BufferAttribute(out, 3));
    this.all.geometry.computeBoundingSphere();
    this.drawn = n;
  }

  /** Highlights frustum `index` (in the data's image order), or none. */
  select(index: number | null): void {
    this.selected.visible = index !== null;
    if (index === null) return;
    const out = new Float32Array(FLOATS_PER_FRUSTUM);
    segments(this.frustums, index, out, 0);
    this.selected.geometry.setAttribute('position', new THREE.BufferAttribute(out, 3));
    this.selected.geometry.computeBoundingSphere();
  }

  dispose(): void {
    for (const l of [this.all, this.selected]) {
      l.geometry.dispose();
      l.material.dispose();
    }
  }
}
