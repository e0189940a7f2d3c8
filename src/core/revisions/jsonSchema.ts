import { z } from 'zod';
import { publishedJsonSchema, SCHEMA_BASE } from '../io/publishedJsonSchema';
import { releaseBodySchema, revisionBodySchema, signatureHexSchema } from './schema';

export const REVISION_SCHEMA_ID = `${SCHEMA_BASE}/cairn-revision-v1.schema.json`;

/** A stored revision file: the body and its author's signature (docs/store-layout.md). */
const storedRevisionSchema = z.strictObject({ body: revisionBodySchema, signature: signatureHexSchema });
/** A stored release (releases/<n>.json): the same envelope, signed by a reviewer or an admin. */
const storedReleaseSchema = z.strictObject({ body: releaseBodySchema, signature: signatureHexSchema });

/**
 * The published JSON Schema of a stored revision or release
 * (resources/schema/cairn-revision-v1.schema.json): one of the two, told apart by `body.format`.
 * It states the shape; what JSON Schema cannot (canonical bytes, the address as the body's SHA-256,
 * the signature, the author's registration and role, records of the revision's own scene, a
 * release's place in the log) the verifier checks.
 */
export function revisionJsonSchema(): Record<string, unknown> {
  return publishedJsonSchema(z.union([storedRevisionSchema, storedReleaseSchema]), 'cairn-revision-v1', 'Cairn revision or release, version 1');
}
