import { describe, expect, it } from 'vitest';
import type * as THREE from 'three';
import { PointCloudLayer } from './PointCloudLayer';

/** `n` points, interleaved x, y, z, intensity, each value starting from `base`. */
const sweep = (n: number, base: number) => Float32Array.from({ length: n * 4 }, (_, i) => base + i);

describe('PointCloudLayer', () => {
  it('keeps one geometry and its attributes across steps, drawing each sweep up to its own count', () => {
    const layer = new PointCloudLayer();
    layer.setPoints(sweep(100, 0), [-1, 2]);
    const geometry = layer.geometry;
    const position = geometry.getAttribute('position') as THREE.InterleavedBufferAttribute;
    const labels = geometry.getAttribute('labelColor');
    expect(geometry.drawRange).toEqual({ start: 0, count: 100 });
    expect([position.getX(99), position.getY(99), position.getZ(99)]).toEqual([396, 397, 398]);
    expect((geometry.getAttribute('intensity') as THREE.InterleavedBufferAttribute).getX(99)).toBe(399);
    expect(layer.material.uniforms.uZRange.value.toArray()).toEqual([-1, 2]);

    // A smaller sweep and a slightly larger one (within the spare room): the same geometry and
    // attributes, so three keeps its vertex array object; only the points are uploaded.
    const versionBefore = position.data.version;
    layer.setPoints(sweep(80, 1000), [0, 1]);
    expect(layer.geometry).toBe(geometry);
    expect(geometry.getAttribute('position')).toBe(position);
    expect(geometry.getAttribute('labelColor')).toBe(labels);
    expect(geometry.drawRange.count).toBe(80);
    expect(position.getX(0)).toBe(1000);
    expect(position.data.version).toBeGreaterThan(versionBefore);
    expect(position.data.updateRanges).toEqual([{ start: 0, count: 320 }]);
    layer.setPoints(sweep(120, 2000), [0, 1]);
    expect(layer.geometry).toBe(geometry);
    expect(geometry.drawRange.count).toBe(120);
    expect(position.getX(119)).toBe(2000 + 119 * 4);
    layer.dispose();
  });

  it('grows its buffers for a larger sweep, and label colours turn on and off without leaving the geometry', () => {
    const layer = new PointCloudLayer();
    layer.setPoints(sweep(10, 0), [0, 1]);
    const small = layer.geometry;
    const capacity = layer.pointCapacity;
    expect(capacity).toBeGreaterThanOrEqual(10);

    layer.setPoints(sweep(capacity * 3, 5), [0, 1]);
    expect(layer.geometry).not.toBe(small);
    expect(layer.pointCapacity).toBeGreaterThanOrEqual(capacity * 3);
    expect(layer.geometry.drawRange.count).toBe(capacity * 3);
    expect((layer.geometry.getAttribute('position') as THREE.InterleavedBufferAttribute).getX(capacity * 3 - 1)).toBe(5 + (capacity * 3 - 1) * 4);

    const colours = Uint8Array.from({ length: capacity * 3 * 4 }, (_, i) => i % 256);
    layer.setLabelColours(colours);
    const labels = layer.geometry.getAttribute('labelColor') as THREE.BufferAttribute;
    expect(layer.material.uniforms.uLabels.value).toBe(1);
    expect(labels.normalized).toBe(true);
    expect(Array.from((labels.array as Uint8Array).subarray(0, colours.length))).toEqual(Array.from(colours));
    layer.setLabelColours(null);
    expect(layer.material.uniforms.uLabels.value).toBe(0);
    expect(layer.geometry.getAttribute('labelColor')).toBe(labels);
    layer.dispose();
  });
});
