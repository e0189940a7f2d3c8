import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ontologyJsonSchema } from '../../src/core/ontology/jsonSchema';
import { revisionJsonSchema } from '../../src/core/revisions/jsonSchema';
import { assignmentJsonSchema, commentJsonSchema, reviewJsonSchema } from '../../src/core/review/jsonSchema';
import { datasetManifestJsonSchema, sceneManifestJsonSchema } from '../../src/core/scene/manifestJsonSchema';

/** Regenerates resources/schema/*.schema.json from the zod schemas (`npm run schema`). */
export const SCHEMA_FILES = {
  'cairn-scene-v1.schema.json': sceneManifestJsonSchema,
  'cairn-dataset-v1.schema.json': datasetManifestJsonSchema,
  'cairn-ontology-v1.schema.json': ontologyJsonSchema,
  'cairn-revision-v1.schema.json': revisionJsonSchema,
  'cairn-assignment-v1.schema.json': assignmentJsonSchema,
  'cairn-review-v1.schema.json': reviewJsonSchema,
  'cairn-comment-v1.schema.json': commentJsonSchema,
} as const;

export function schemaText(make: () => Record<string, unknown>): string {
  return `${JSON.stringify(make(), null, 2)}\n`;
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(__filename)) {
  const dir = path.resolve(__dirname, '../../resources/schema');
  mkdirSync(dir, { recursive: true });
  for (const [name, make] of Object.entries(SCHEMA_FILES)) {
    writeFileSync(path.join(dir, name), schemaText(make));
    process.stdout.write(`wrote resources/schema/${name}\n`);
  }
}
