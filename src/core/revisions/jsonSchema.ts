import { z } from 'zod';
import { revisionBodySchema, signatureHexSchema } from './schema';

export const REVISION_SCHEMA_ID = 'https://cairn.dev/schema/cairn-revision-v1.schema.json';

/** A stored revision file: the body and its author's signature (docs/store-layout.md). */
const storedRevisionSchema = z.strictObject({ body: revisionBodySchema, signature: signatureHexSchema });

/**
 * The published JSON Schema of a stored revision (resources/schema/cairn-revision-v1.schema.json),
 * generated from the zod schema the verifier uses so the two cannot drift. It states the shape;
 * what JSON Schema cannot (canonical bytes, the address as the body's SHA-256, the signature, the
 * author's registration and role, records of the revision's own scene) the verifier checks.
 */
export function revisionJsonSchema(): Record<string, unknown> {
  const { $schema, ...rest } = z.toJSONSchema(storedRevisionSchema, { io: 'input', target: 'draft-2020-12' }) as Record<string, unknown>;
  return fixTuples({ $schema, $id: REVISION_SCHEMA_ID, title: 'Cairn revision, version 1', ...rest }) as Record<string, unknown>;
}

/** zod's generator leaves tuples open; a vector or quaternion has an exact length. */
function fixTuples(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(fixTuples);
  if (!node || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) out[key] = fixTuples(value);
  if (out.type === 'array' && Array.isArray(out.prefixItems)) {
    out.minItems = out.prefixItems.length;
    out.maxItems = out.prefixItems.length;
  }
  return out;
}
