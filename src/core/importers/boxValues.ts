import { MAX_COORDINATE } from '../formats/coordinateLimits';
import { MAX_CUBOID_EDGE, MIN_CUBOID_EDGE } from '../geometry/cuboid';

/**
 * Why a dataset's box cannot be a labelled object, or null: every edge within 0.01 m – 1 km
 * and the position finite within 1e7 m. Says which value, never what it holds.
 */
export function boxValueProblem(edges: Readonly<Record<string, number>>, position: readonly number[], positionName: string): string | null {
  for (const [name, value] of Object.entries(edges)) {
    if (!(value >= MIN_CUBOID_EDGE && value <= MAX_CUBOID_EDGE)) return `the ${name} is outside ${MIN_CUBOID_EDGE} m – ${MAX_CUBOID_EDGE / 1000} km`;
  }
  for (let k = 0; k < position.length; k++) {
    if (!(Math.abs(position[k]) <= MAX_COORDINATE)) return `${positionName} ${'xyz'[k]} is not finite or lies more than ${MAX_COORDINATE} m away`;
  }
  return null;
}
