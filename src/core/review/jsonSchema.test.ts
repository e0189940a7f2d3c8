import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { schemaText } from '../../../scripts/schema/writeSchemas';
import { assignmentJsonSchema, commentJsonSchema, reviewJsonSchema } from './jsonSchema';

const file = (name: string) => readFileSync(path.resolve(__dirname, '../../../resources/schema', name), 'utf8');

describe('the review records’ JSON Schemas', () => {
  it('are what `npm run schema` writes from the zod schemas', () => {
    expect(file('cairn-assignment-v1.schema.json')).toBe(schemaText(assignmentJsonSchema));
    expect(file('cairn-review-v1.schema.json')).toBe(schemaText(reviewJsonSchema));
    expect(file('cairn-comment-v1.schema.json')).toBe(schemaText(commentJsonSchema));
  });

  it('state the envelope, the three ways to give frames, the two verdicts and the three pins', () => {
    const assignment = JSON.stringify(assignmentJsonSchema());
    for (const kind of ['list', 'ranges', 'sequence']) expect(assignment).toContain(`"const":"${kind}"`);
    expect((assignmentJsonSchema() as { required: string[] }).required).toEqual(['body', 'signature']);
    expect(JSON.stringify(reviewJsonSchema())).toContain('"enum":["accept","reject"]');
    const comment = JSON.stringify(commentJsonSchema());
    for (const kind of ['object', 'point', 'frame']) expect(comment).toContain(`"const":"${kind}"`);
    expect(comment).toMatch(/"point":\{"readOnly":true,"type":"array","prefixItems":\[(\{[^}]*\},?){3}\],"minItems":3,"maxItems":3/);
  });
});
