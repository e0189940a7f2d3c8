import { z } from 'zod';
import { publishedJsonSchema, SCHEMA_BASE } from '../io/publishedJsonSchema';
import { revisionBodySchema, signatureHexSchema } from './schema';

export const REVISION_SCHEMA_ID = `${SCHEMA_BASE}/cairn-revision-v1.schema.json`;

/** A stored revision file: the body and its author's signature (docs/store-layout.md). */
const storedRevisionSchema = z.strictObject({ body: revisionBodySchema, signature: signatureHexSchema });

/**
 * The published JSON Schema of a stored revision (resources/schema/cairn-revision-v1.schema.json).
 * It states the shape; what JSON Schema cannot (canonical bytes, the address as the body's SHA-256,
 * the signature, the author's registration and role, records of the revision's own scene) the
 * verifier checks.
 */
export function revisionJsonSchema(): Record<string, unknown> {
  return publishedJsonSchema(storedRevisionSchema, 'cairn-revision-v1', 'Cairn revision, version 1');
}
