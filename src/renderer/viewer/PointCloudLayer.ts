import * as THREE from 'three';
import type { ColorMode } from '../state/viewStore';
import { TURBO_GLSL } from './turboGlsl';

const vertexShader = /* glsl */ `
  attribute float intensity;
  attribute vec4 labelColor;
  uniform float uPointSize;
  uniform int uLabels;
  uniform float uPixelRatio;
  uniform int uMode;
  uniform vec2 uZRange;
  varying vec3 vColor;

  ${TURBO_GLSL}

  void main() {
    if (uMode == 0) {
      vColor = turbo((position.z - uZRange.x) / max(uZRange.y - uZRange.x, 1e-3));
    } else {
      float i = clamp(intensity, 0.0, 1.0);
      vColor = mix(vec3(0.12, 0.16, 0.35), vec3(1.0, 0.95, 0.75), sqrt(i));
    }
    gl_Position = projectionMatrix * modelViewMatrix * vec4(position, 1.0);
    gl_PointSize = uPointSize * uPixelRatio;
    // Segmentation: alpha 0 hides the point (its class is hidden), 1 draws the label's colour, between keeps the colour above.
    if (uLabels == 1) {
      if (labelColor.a < 0.25) gl_Position = vec4(2.0, 2.0, 2.0, 1.0);
      else if (labelColor.a > 0.75) vColor = labelColor.rgb;
    }
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
 *
 * One geometry for the layer's life, its buffers sized to the largest sweep seen and each step's
 * points copied in (drawn up to the sweep's count): a new geometry every step made three set up a
 * new vertex array object, buffers and attribute bindings, and left the old ones to the collector.
 */
export class PointCloudLayer extends THREE.Points<THREE.BufferGeometry, THREE.ShaderMaterial> {
  /** Points the buffers hold room for. */
  private capacity = 0;
  private interleaved: THREE.InterleavedBuffer | null = null;
  private labels: THREE.BufferAttribute | null = null;

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
          uLabels: { value: 0 },
        },
      }),
    );
    this.frustumCulled = false;
    this.name = 'point-cloud';
  }

  /** How many points the buffers hold room for (the largest sweep seen, with some spare). */
  get pointCapacity(): number {
    return this.capacity;
  }

  /** Takes interleaved x, y, z, intensity; they are copied into the layer's own buffer. */
  setPoints(points: Float32Array, zRange: readonly [number, number]): void {
    const count = points.length / 4;
    // Sweeps of one sensor differ by a few points: a quarter spare keeps the next larger one from growing the buffers again.
    if (count > this.capacity) this.grow(Math.ceil(count * 1.25));
    const buffer = this.interleaved!;
    (buffer.array as Float32Array).set(points);
    buffer.clearUpdateRanges();
    buffer.addUpdateRange(0, points.length);
    buffer.needsUpdate = true;
    this.geometry.setDrawRange(0, count);
    // No bounding sphere: the layer is never frustum-culled nor raycast (see below), so three never
    // reads one, and computing it is two passes over every point of every frame stepped onto.
    this.material.uniforms.uZRange.value.set(zRange[0], zRange[1]);
  }

  /**
   * Per-point RGBA from the segmentation (null: none), in the sweep's point order: alpha 255 draws
   * the rgb, 0 hides the point, anything between keeps the colour mode's colour.
   */
  setLabelColours(colours: Uint8Array | null): void {
    if (colours) {
      if (colours.length > this.capacity * 4) this.grow(Math.ceil((colours.length / 4) * 1.25));
      const labels = this.labels!;
      (labels.array as Uint8Array).set(colours);
      labels.clearUpdateRanges();
      labels.addUpdateRange(0, colours.length);
      labels.needsUpdate = true;
    }
    // The attribute stays on the geometry either way (the shader reads it only when uLabels is on):
    // taking it off and on again would make three bind the attributes anew.
    this.material.uniforms.uLabels.value = colours ? 1 : 0;
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

  /** A geometry with room for `capacity` points, keeping what the old one held. */
  private grow(capacity: number): void {
    const points = new Float32Array(capacity * 4);
    const colours = new Uint8Array(capacity * 4);
    if (this.interleaved) points.set(this.interleaved.array as Float32Array);
    if (this.labels) colours.set(this.labels.array as Uint8Array);
    this.interleaved = new THREE.InterleavedBuffer(points, 4).setUsage(THREE.DynamicDrawUsage);
    this.labels = new THREE.BufferAttribute(colours, 4, true).setUsage(THREE.DynamicDrawUsage);
    const geometry = new THREE.BufferGeometry();
    geometry.setAttribute('position', new THREE.InterleavedBufferAttribute(this.interleaved, 3, 0));
    geometry.setAttribute('intensity', new THREE.InterleavedBufferAttribute(this.interleaved, 1, 3));
    geometry.setAttribute('labelColor', this.labels);
    geometry.setDrawRange(this.geometry.drawRange.start, this.geometry.drawRange.count);
    this.geometry.dispose();
    this.geometry = geometry;
    this.capacity = capacity;
  }
}
