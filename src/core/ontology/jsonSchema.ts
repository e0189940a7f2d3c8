import { publishedJsonSchema, SCHEMA_BASE } from '../io/publishedJsonSchema';
import { ontologySchema } from './schema';

export const ONTOLOGY_SCHEMA_ID = `${SCHEMA_BASE}/cairn-ontology-v1.schema.json`;

/**
 * The published JSON Schema of an ontology file (resources/schema/cairn-ontology-v1.schema.json).
 * JSON Schema cannot state the cross-field rules (unique ids, known acyclic parents, defaults
 * within range); Cairn checks those when it reads the file and names the field.
 */
export function ontologyJsonSchema(): Record<string, unknown> {
  return publishedJsonSchema(ontologySchema, 'cairn-ontology-v1', 'Cairn ontology, version 1');
}
