import * as THREE from 'three';

/** A ring sprite, so the picked point stays visible on top of its neighbours whatever their colour. */
function ringTexture(): THREE.Texture {
  const size = 64;
  const canvas = document.createElement('canvas');
  canvas.width = size;
  canvas.height = size;
  const ctx = canvas.getContext('2d')!;
  ctx.lineWidth = 10;
  ctx.strokeStyle = '#000';
  ctx.beginPath();
  ctx.arc(size / 2, size / 2, size / 2 - 8, 0, 2 * Math.PI);
  ctx.stroke();
  ctx.lineWidth = 5;
  ctx.strokeStyle = '#fff';
  ctx.stroke();
  return new THREE.CanvasTexture(canvas);
}

/**
 * The sparse points, one colour each, at a fixed size on screen (a sparse model has few points,
 * and a point that shrinks with distance vanishes), plus a ring around the selected one. A plain
 * three.js object: React mounts it, data and colours change through its methods.
 */
export class SparsePointsLayer extends THREE.Group {
  private readonly points = new THREE.Points(
    new THREE.BufferGeometry(),
    new THREE.PointsMaterial({ size: 4, sizeAttenuation: false, vertexColors: true }),
  );
  private readonly highlight = new THREE.Points(
    new THREE.BufferGeometry(),
    new THREE.PointsMaterial({ size: 22, sizeAttenuation: false, map: ringTexture(), transparent: true, depthTest: false, alphaTest: 0.1 }),
  );

  constructor() {
    super();
    this.name = 'sparse-points';
    this.points.frustumCulled = false;
    this.highlight.frustumCulled = false;
    this.highlight.renderOrder = 10;
    this.highlight.visible = false;
    this.highlight.geometry.setAttribute('position', new THREE.BufferAttribute(new Float32Array(3), 3));
    this.add(this.points, this.highlight);
  }

  get count(): number {
    return this.points.geometry.getAttribute('position')?.count ?? 0;
  }

  setPositions(positions: Float32Array): void {
    const g = this.points.geometry;
    g.setAttribute('position', new THREE.BufferAttribute(positions, 3));
    if (!g.getAttribute('color') || g.getAttribute('color').count !== positions.length / 3) {
      g.setAttribute('color', new THREE.BufferAttribute(new Float32Array(positions.length), 3));
    }
    g.computeBoundingSphere();
  }

  /** RGB in 0–1, three per point; the buffer is uploaded as is. */
  setColors(colors: Float32Array): void {
    this.points.geometry.setAttribute('color', new THREE.BufferAttribute(colors, 3));
  }

  setPointSize(px: number): void {
    this.points.material.size = px;
  }

  /** Rings point `index` of `positions`, or hides the ring. */
  select(positions: Float32Array, index: number | null): void {
    this.highlight.visible = index !== null;
    if (index === null) return;
    const attr = this.highlight.geometry.getAttribute('position') as THREE.BufferAttribute;
    attr.setXYZ(0, positions[3 * index], positions[3 * index + 1], positions[3 * index + 2]);
    attr.needsUpdate = true;
    this.highlight.geometry.computeBoundingSphere();
  }

  dispose(): void {
    this.points.geometry.dispose();
    this.points.material.dispose();
    this.highlight.geometry.dispose();
    this.highlight.material.map?.dispose();
    this.highlight.material.dispose();
  }
}
