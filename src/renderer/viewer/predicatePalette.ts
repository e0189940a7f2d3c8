/**
 * Predicate colours, shared by the 3D arrows and the graph panel. Picked to read on the dark
 * background and to stay clear of the ontology's class colours (amber, red, cyan, lime, purple,
 * orange), so an arrow never looks like a box edge.
 */
export const PREDICATE_PALETTE = ['#f472b6', '#818cf8', '#34d399', '#fde047', '#60a5fa', '#e879f9', '#fb7185', '#5eead4'] as const;

/**
 * A colour per predicate of a scene: the scene's predicates in alphabetical order take the palette
 * in turn. Hashing each predicate alone would be stable across scenes but gives two of a
 * handful of predicates the same colour more often than not; this is stable for a scene
 * (stepping frames never recolours anything) and distinct up to the palette's size.
 */
export function predicateColours(predicates: Iterable<string>): ReadonlyMap<string, string> {
  const sorted = [...new Set(predicates)].sort();
  return new Map(sorted.map((p, i) => [p, PREDICATE_PALETTE[i % PREDICATE_PALETTE.length]]));
}

/** "crosses_in_front_of" → "crosses in front of": predicates are identifiers, labels are read. */
export function predicateLabel(predicate: string): string {
  return predicate
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .toLowerCase();
}
