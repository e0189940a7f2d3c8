import type { Ontology } from '../../core/model/ontology';

/** The ontology's classes as the options of a class picker (toolbar, inspector). */
export function ClassOptions({ ontology }: { ontology: Ontology | null }) {
  return (
    <>
      {ontology?.classes.map((c) => (
        <option key={c.classId} value={c.classId}>
          {c.name}
        </option>
      ))}
    </>
  );
}
