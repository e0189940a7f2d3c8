import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { schemaText } from '../../../scripts/schema/writeSchemas';
import { ontologyJsonSchema } from './jsonSchema';

const file = path.resolve(__dirname, '../../../resources/schema/cairn-ontology-v1.schema.json');

describe('cairn-ontology-v1.schema.json', () => {
  it('is what `npm run schema` writes from the zod schema', () => {
    expect(readFileSync(file, 'utf8')).toBe(schemaText(ontologyJsonSchema));
  });

  it('states the required fields, the four attribute types and the fixed length of a default size', () => {
    const schema = ontologyJsonSchema() as { required: string[]; additionalProperties: boolean };
    expect(schema.required).toEqual(['ontologyId', 'version', 'name', 'classes']);
    expect(schema.additionalProperties).toBe(false);
    const text = JSON.stringify(schema);
    for (const type of ['enum', 'bool', 'number', 'text']) expect(text).toContain(`"const":"${type}"`);
    expect(text).toMatch(/"defaultSize":\{[^}]*"type":"array","prefixItems":\[(\{[^}]*\},?){3}\],"minItems":3,"maxItems":3/);
  });
});
