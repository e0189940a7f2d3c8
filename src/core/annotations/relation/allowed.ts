import { isKindOf, type Ontology, type RelationDefinition } from '../../ontology/schema';

type Rules = Pick<Ontology, 'classes' | 'relations'>;

const className = (ontology: Rules, classId: string) => ontology.classes.find((c) => c.classId === classId)?.name ?? classId;

/** "a Car, Truck or Bus": a list of classes as a sentence reads it. */
function classList(ontology: Rules, classIds: readonly string[]): string {
  const names = classIds.map((id) => className(ontology, id));
  return names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} or ${names.at(-1)}`;
}

export function predicateName(definition: RelationDefinition): string {
  return definition.name ?? definition.predicate.replace(/_/g, ' ');
}

/**
 * Why `subject predicate object` is not an edge the ontology allows (a class allows its
 * subclasses), said so an annotator knows which end to change; null when it is allowed.
 */
export function relationRefusal(ontology: Rules, predicate: string, subjectClass: string, objectClass: string): string | null {
  const definition = ontology.relations.find((r) => r.predicate === predicate);
  if (!definition) return `the ontology has no relation "${predicate}"`;
  const name = predicateName(definition);
  if (!definition.subjectClasses.some((c) => isKindOf(ontology, subjectClass, c))) {
    return `"${name}" takes a ${classList(ontology, definition.subjectClasses)} as its subject, not a ${className(ontology, subjectClass)}`;
  }
  if (!definition.objectClasses.some((c) => isKindOf(ontology, objectClass, c))) {
    return `"${name}" takes a ${classList(ontology, definition.objectClasses)} as its object, not a ${className(ontology, objectClass)}`;
  }
  return null;
}

/** The predicates the ontology allows from an object of `subjectClass` to one of `objectClass`, in its order. */
export function allowedPredicates(ontology: Rules, subjectClass: string, objectClass: string): RelationDefinition[] {
  return ontology.relations.filter((r) => relationRefusal(ontology, r.predicate, subjectClass, objectClass) === null);
}
