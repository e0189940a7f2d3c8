/** A point of an image or a plane: (u, v) or (x, y). */
export type Point2 = readonly [number, number];

/** Where on segment a–b the point p is nearest: its parameter t in [0, 1] and the distance. */
export function nearestOnSegment(p: Point2, a: Point2, b: Point2): { readonly t: number; readonly distance: number } {
  const du = b[0] - a[0];
  const dv = b[1] - a[1];
  const len2 = du * du + dv * dv;
  const t = len2 === 0 ? 0 : Math.min(1, Math.max(0, ((p[0] - a[0]) * du + (p[1] - a[1]) * dv) / len2));
  return { t, distance: Math.hypot(p[0] - (a[0] + t * du), p[1] - (a[1] + t * dv)) };
}
