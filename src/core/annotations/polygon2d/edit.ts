import { nearestOnSegment } from '../../geometry/segment2d';
import { MIN_POLYGON_VERTICES, type Polygon2dAnnotation, type Vertex2d } from './schema';

/** The vertex nearest (u, v) within `tolerance` pixels, or null. */
export function polygonVertexAt(vertices: readonly Vertex2d[], u: number, v: number, tolerance: number): number | null {
  let best: number | null = null;
  let bestDistance = tolerance;
  vertices.forEach(([x, y], i) => {
    const d = Math.hypot(u - x, v - y);
    if (d <= bestDistance) [best, bestDistance] = [i, d];
  });
  return best;
}

/**
 * The edge nearest (u, v) within `tolerance` pixels, as the index of its first vertex (edge i runs
 * from vertex i to vertex i + 1, the last back to the first) and the point on it under (u, v).
 */
export function polygonEdgeAt(vertices: readonly Vertex2d[], u: number, v: number, tolerance: number): { readonly index: number; readonly point: Vertex2d } | null {
  let best: { index: number; point: Vertex2d } | null = null;
  let bestDistance = tolerance;
  vertices.forEach((a, i) => {
    const b = vertices[(i + 1) % vertices.length];
    const { t, distance } = nearestOnSegment([u, v], a, b);
    if (distance <= bestDistance) {
      bestDistance = distance;
      best = { index: i, point: [a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])] };
    }
  });
  return best;
}

/** The vertices with vertex `index` at `to`. */
export function withVertexMoved(vertices: readonly Vertex2d[], index: number, to: Vertex2d): Vertex2d[] {
  return vertices.map((p, i) => (i === index ? to : p));
}

/** The vertices with `point` inserted on edge `edge` (between vertex `edge` and the next); the new vertex's index is edge + 1. */
export function withVertexInserted(vertices: readonly Vertex2d[], edge: number, point: Vertex2d): Vertex2d[] {
  return [...vertices.slice(0, edge + 1), point, ...vertices.slice(edge + 1)];
}

/** The vertices without vertex `index`; null when that would leave fewer than a polygon needs. */
export function withVertexDeleted(vertices: readonly Vertex2d[], index: number): Vertex2d[] | null {
  if (vertices.length <= MIN_POLYGON_VERTICES || index < 0 || index >= vertices.length) return null;
  return vertices.filter((_, i) => i !== index);
}

/** A polygon as an edit of its outline leaves it. */
export function withVertices(record: Polygon2dAnnotation, vertices: readonly Vertex2d[], at: number): Polygon2dAnnotation {
  return { ...record, vertices, updatedAt: at };
}
