import { readFileSync } from 'node:fs';
import { parseJson } from '../../../core/io/parseJson';
import { validateOntology, type Ontology } from '../../../core/model/ontology';
import { ontologySchema } from '../../../shared/schemas';

/** Reads and validates an ontology file; the error names the file and the problem. */
export function loadOntology(file: string): Ontology {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new Error(`${file}: cannot read ontology: ${(e as Error).message}`);
  }
  const json = parseJson(text);
  if (!json.ok) throw new Error(`${file}: the ontology ${json.problem}`);
  const parsed = ontologySchema.safeParse(json.value);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new Error(`${file}: invalid ontology at ${first?.path.join('.') || '(root)'}: ${first?.message}`);
  }
  try {
    return validateOntology(parsed.data);
  } catch (e) {
    throw new Error(`${file}: ${(e as Error).message}`);
  }
}
