/**
 * A scan for testPillarCard's grid whose detections through pillarTestPfe / pillarTestRpn follow
 * from the nets' construction (x, y, z, intensity per point):
 * - A: a car over two cells: (2.25, −2.25) with intensity 0.95 and (2.75, −2.25) with 0.8;
 * - B: a car at (6.25, 2.25), intensity 0.7, five points of which the pillar keeps the first four
 *   (the fifth is the brightest and highest: a reference that kept it would differ);
 * - C: faint points (0.2) that score under the threshold; and points outside the range.
 */
export const PILLAR_TEST_SCAN = new Float32Array([
  2.1, -2.4, 0.2, 0.95,
  2.3, -2.1, 0.4, 0.95,
  2.4, -2.3, -0.1, 0.95,
  2.6, -2.2, 0.3, 0.8,
  2.9, -2.4, 0.1, 0.8,
  6.1, 2.1, -0.5, 0.7,
  6.3, 2.4, 0.2, 0.7,
  6.4, 2.2, -0.2, 0.7,
  6.2, 2.3, 0.6, 0.7,
  6.3, 2.3, 0.9, 0.99,
  1.2, 2.7, 0.1, 0.2,
  1.3, 2.9, 0.3, 0.2,
  9, 0, 0, 0.99,
  1, 1, 5, 0.99,
]);
