import * as THREE from 'three';

/**
 * The point under a pixel: among points projecting within `radiusPx` of it, the one nearest the
 * camera. One pass over the frame, no allocation per point.
 */
export function pickPoint(
  points: Float32Array,
  stride: number,
  camera: THREE.Camera,
  ndc: { x: number; y: number },
  viewport: { width: number; height: number },
  radiusPx = 6,
): [number, number, number] | null {
  const i = pickPointIndex(points, stride, camera, ndc, viewport, radiusPx);
  return i < 0 ? null : [points[i * stride], points[i * stride + 1], points[i * stride + 2]];
}

/** As pickPoint, but which point: its index (element offset ÷ stride), or −1 when none is near. */
export function pickPointIndex(
  points: Float32Array,
  stride: number,
  camera: THREE.Camera,
  ndc: { x: number; y: number },
  viewport: { width: number; height: number },
  radiusPx = 6,
): number {
  const m = new THREE.Matrix4().multiplyMatrices(camera.projectionMatrix, camera.matrixWorldInverse).elements;
  const rx = (radiusPx * 2) / viewport.width;
  const ry = (radiusPx * 2) / viewport.height;
  let best = -1;
  let bestDepth = Infinity;
  for (let i = 0; i + 2 < points.length; i += stride) {
    const x = points[i];
    const y = points[i + 1];
    const z = points[i + 2];
    const w = m[3] * x + m[7] * y + m[11] * z + m[15];
    if (w <= 0) continue;
    const px = (m[0] * x + m[4] * y + m[8] * z + m[12]) / w;
    const py = (m[1] * x + m[5] * y + m[9] * z + m[13]) / w;
    const dx = (px - ndc.x) / rx;
    const dy = (py - ndc.y) / ry;
    if (dx * dx + dy * dy > 1) continue;
    if (w < bestDepth) {
      bestDepth = w;
      best = i;
    }
  }
  return best < 0 ? -1 : best / stride;
}

/** Where a view ray meets the horizontal plane z = height, or null when it points away. */
export function rayToGround(ray: THREE.Ray, height: number): THREE.Vector3 | null {
  const plane = new THREE.Plane(new THREE.Vector3(0, 0, 1), -height);
  return ray.intersectPlane(plane, new THREE.Vector3());
}
