import * as THREE from 'three';
import { FRUSTUM_FLOATS } from './reconstructionData';

/**
 * The selected image's picture (with its observations drawn over it) on its frustum's far
 * rectangle, so the 3D view shows what that camera saw where it saw it.
 */
export class ImageQuad extends THREE.Mesh<THREE.BufferGeometry, THREE.MeshBasicMaterial> {
  private texture: THREE.CanvasTexture | null = null;

  constructor() {
    const geometry = new THREE.BufferGeometry();
    geometry.setAttribute('position', new THREE.BufferAttribute(new Float32Array(12), 3));
    // Corners top-left, top-right, bottom-right, bottom-left; a canvas texture's top row is v = 1.
    geometry.setAttribute('uv', new THREE.BufferAttribute(Float32Array.from([0, 1, 1, 1, 1, 0, 0, 0]), 2));
    geometry.setIndex([0, 3, 1, 1, 3, 2]);
    super(geometry, new THREE.MeshBasicMaterial({ side: THREE.DoubleSide, transparent: true, opacity: 0.92, depthWrite: false }));
    this.name = 'image-quad';
    this.frustumCulled = false;
    this.visible = false;
  }

  /** Puts `canvas` on frustum `index`'s far rectangle; null hides the quad. */
  show(frustums: Float32Array, index: number | null, canvas: HTMLCanvasElement | null): void {
    if (index === null || !canvas) {
      this.visible = false;
      return;
    }
    const position = this.geometry.getAttribute('position') as THREE.BufferAttribute;
    for (let c = 0; c < 4; c++) {
      const at = FRUSTUM_FLOATS * index + 3 * (c + 1);
      position.setXYZ(c, frustums[at], frustums[at + 1], frustums[at + 2]);
    }
    position.needsUpdate = true;
    this.geometry.computeBoundingSphere();
    if (this.texture?.image !== canvas) {
      this.texture?.dispose();
      this.texture = new THREE.CanvasTexture(canvas);
      this.texture.colorSpace = THREE.SRGBColorSpace;
      this.material.map = this.texture;
      this.material.needsUpdate = true;
    } else {
      this.texture.needsUpdate = true;
    }
    this.visible = true;
  }

  dispose(): void {
    this.texture?.dispose();
    this.geometry.dispose();
    this.material.dispose();
  }
}
