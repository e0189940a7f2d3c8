import { z } from 'zod';
import { datasetManifestSchema, sceneManifestSchema } from './manifest';

const SCHEMA_BASE = 'https://cairn.dev/schema';

/**
 * The published JSON Schemas, generated from the zod schemas the app validates with, so the file
 * other teams validate against can never drift from what Cairn accepts. Two rules zod's generator
 * leaves out are added: the path rule (no "..", no leading "/") as a pattern, since JSON Schema
 * cannot run zod's refinement, and the exact length of tuples (vectors, quaternions).
 */
export function sceneManifestJsonSchema(): Record<string, unknown> {
  return withHeader(z.toJSONSchema(sceneManifestSchema, { io: 'input', target: 'draft-2020-12' }), 'cairn-scene-v1', 'Cairn scene manifest, version 1');
}

export function datasetManifestJsonSchema(): Record<string, unknown> {
  return withHeader(z.toJSONSchema(datasetManifestSchema, { io: 'input', target: 'draft-2020-12' }), 'cairn-dataset-v1', 'Cairn dataset manifest, version 1');
}

export const RELATIVE_PATH_PATTERN = '^(?!/)(?!.*\\\\)(?!(.*/)?\\.\\.(/|$)).+$';

function withHeader(schema: Record<string, unknown>, id: string, title: string): Record<string, unknown> {
  const { $schema, ...rest } = schema;
  return tighten({ $schema, $id: `${SCHEMA_BASE}/${id}.schema.json`, title, ...rest }) as Record<string, unknown>;
}

function tighten(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(tighten);
  if (!node || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) out[key] = tighten(value);
  if (out.type === 'string' && typeof out.description === 'string' && out.description.startsWith('a path relative to the store root')) {
    out.pattern = RELATIVE_PATH_PATTERN;
  }
  if (out.type === 'array' && Array.isArray(out.prefixItems)) {
    out.minItems = out.prefixItems.length;
    out.maxItems = out.prefixItems.length;
  }
  return out;
}
