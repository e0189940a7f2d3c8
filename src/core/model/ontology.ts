/** A versioned list of classes an annotator may choose from. */
export interface OntologyClass {
  readonly classId: string;
  readonly name: string;
  /** sRGB hex, e.g. "#ff8800", used for boxes and lists. */
  readonly color: string;
  /** Size in metres (length, width, height) a new box of this class starts with. */
  readonly defaultSize: readonly [number, number, number];
}

export interface Ontology {
  readonly ontologyId: string;
  readonly version: number;
  readonly name: string;
  readonly classes: readonly OntologyClass[];
}

export function findClass(ontology: Ontology, classId: string): OntologyClass | undefined {
  return ontology.classes.find((c) => c.classId === classId);
}

/** Throws with the first problem found: duplicate ids, bad colours, non-positive default sizes. */
export function validateOntology(ontology: Ontology): Ontology {
  if (ontology.classes.length === 0) throw new Error(`ontology ${ontology.ontologyId} has no classes`);
  const seen = new Set<string>();
  for (const c of ontology.classes) {
    if (seen.has(c.classId)) throw new Error(`ontology ${ontology.ontologyId}: duplicate class id "${c.classId}"`);
    seen.add(c.classId);
    if (!/^#[0-9a-fA-F]{6}$/.test(c.color)) {
      throw new Error(`ontology ${ontology.ontologyId}: class "${c.classId}" colour "${c.color}" is not #rrggbb`);
    }
    if (c.defaultSize.some((s) => !(s > 0))) {
      throw new Error(`ontology ${ontology.ontologyId}: class "${c.classId}" default size must be positive`);
    }
  }
  return ontology;
}
