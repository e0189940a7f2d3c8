import * as THREE from 'three';
import type { ColorMode } from '../state/viewStore';

const vertexShader = /* glsl */ `
  attribute float intensity;
  uniform float uPointSize;
  uniform float uPixelRatio;
  uniform int uMode;
  uniform vec2 uZRange;
  varying vec3 vColor;

  // Turbo colormap, polynomial fit (Mikhailov, 2019): perceptually ordered and readable on dark.
  vec3 turbo(float t) {
    t = clamp(t, 0.0, 1.0);
    const vec4 kR = vec4(0.13572138, 4.61539260, -42.66032258, 132.13108234);
    const vec4 kG = vec4(0.09140261, 2.19418839, 4.84296658, -14.18503333);
    const vec4 kB = vec4(0.10667330, 12.64194608, -60.58204836, 110.36276771);
    const vec2 kR2 = vec2(-152.94239396, 59.28637943);
    const vec2 kG2 = vec2(4.27729857, 2.82956604);
    const vec2 kB2 = vec2(-89.90310912, 27.34824973);
    vec4 v4 = vec4(1.0, t, t * t, t * t * t);
    vec2 v2 = v4.zw * v4.z;
    return vec3(dot(v4, kR) + dot(v2, kR2), dot(v4, kG) + dot(v2, kG2), dot(v4, kB) + dot(v2, kB2));
  }

  void main() {
    if (uMode == 0) {
      vColor = turbo((position.z - uZRange.x) / max(uZRange.y - uZRange.x, 1e-3));
    } else {
      float i = clamp(intensity, 0.0, 1.0);
      vColor = mix(vec3(0.12, 0.16, 0.35), vec3(1.0, 0.95, 0.75), sqrt(i));
    }
    gl_Position = projectionMatrix * modelViewMatrix * vec4(position, 1.0);
    gl_PointSize = uPointSize * uPixelRatio;
  }
`;

const fragmentShader = /* glsl */ `
  varying vec3 vColor;
  void main() {
    vec2 c = gl_PointCoord - 0.5;
    if (dot(c, c) > 0.25) discard;
    gl_FragColor = vec4(vColor, 1.0);
  }
`;

/**
 * One frame's LiDAR sweep as GPU points. A plain three.js object, so React only mounts it and
 * per-frame data changes never go through reconciliation.
 */
export class PointCloudLayer extends THREE.Points<THREE.BufferGeometry, THREE.ShaderMaterial> {
  constructor() {
    super(
      new THREE.BufferGeometry(),
      new THREE.ShaderMaterial({
        vertexShader,
        fragmentShader,
        uniforms: {
          uPointSize: { value: 2 },
          uPixelRatio: { value: 1 },
          uMode: { value: 0 },
          uZRange: { value: new THREE.Vector2(-2, 3) },
        },
      }),
    );
    this.frustumCulled = false;
    this.name = 'point-cloud';
  }

  /** Takes interleaved x, y, z, intensity; the buffer is shared with the GPU upload, not copied. */
  setPoints(points: Float32Array, zRange: readonly [number, number]): void {
    const interleaved = new THREE.InterleavedBuffer(points, 4);
    const geometry = new THREE.BufferGeometry();
    geometry.setAttribute('position', new THREE.InterleavedBufferAttribute(interleaved, 3, 0));
    geometry.setAttribute('intensity', new THREE.InterleavedBufferAttribute(interleaved, 1, 3));
    geometry.computeBoundingSphere();
    this.geometry.dispose();
    this.geometry = geometry;
    this.material.uniforms.uZRange.value.set(zRange[0], zRange[1]);
  }

  setStyle(mode: ColorMode, pointSize: number, pixelRatio: number): void {
    this.material.uniforms.uMode.value = mode === 'height' ? 0 : 1;
    this.material.uniforms.uPointSize.value = pointSize;
    this.material.uniforms.uPixelRatio.value = pixelRatio;
  }

  /** Raycasting against 100k+ points through three is slow and imprecise; picking uses pickPoint. */
  override raycast(): void {}

  dispose(): void {
    this.geometry.dispose();
    this.material.dispose();
  }
}
