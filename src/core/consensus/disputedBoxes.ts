import { matchBoxes, type AgreementBox, type MatchOptions } from '../agreement';

/**
 * The boxes of a frame's replicas that not every other replica has a match for: what a reviewer
 * looks at first when the replicas are overlaid. Returned as `${replica index}:${box index}`.
 */
export function disputedBoxes(replicas: readonly (readonly AgreementBox[])[], options: MatchOptions = {}): Set<string> {
  const matchedBy = replicas.map((boxes) => boxes.map(() => 0));
  for (let i = 0; i < replicas.length; i++) {
    for (let j = i + 1; j < replicas.length; j++) {
      for (const m of matchBoxes(replicas[i], replicas[j], options).matches) {
        matchedBy[i][m.a]++;
        matchedBy[j][m.b]++;
      }
    }
  }
  const disputed = new Set<string>();
  matchedBy.forEach((counts, i) => counts.forEach((n, k) => n < replicas.length - 1 && disputed.add(`${i}:${k}`)));
  return disputed;
}
