import { z } from 'zod';
import { publishedJsonSchema } from '../io/publishedJsonSchema';
import { signatureHexSchema } from '../revisions/schema';
import { assignmentBodySchema, commentBodySchema, reviewBodySchema } from './schema';

/**
 * The published JSON Schemas of the stored review records (resources/schema/cairn-<kind>-v1.schema.json):
 * the signed envelope around each body. They state the shape; what JSON Schema cannot (canonical
 * bytes, the address as the body's SHA-256, the signature, the author's role and prefix, the
 * records a record names) the verifier checks (checkReviewRecords).
 */
const stored = (body: z.ZodType) => z.strictObject({ body, signature: signatureHexSchema });

export const assignmentJsonSchema = () => publishedJsonSchema(stored(assignmentBodySchema), 'cairn-assignment-v1', 'Cairn assignment, version 1');
export const reviewJsonSchema = () => publishedJsonSchema(stored(reviewBodySchema), 'cairn-review-v1', 'Cairn review verdict, version 1');
export const commentJsonSchema = () => publishedJsonSchema(stored(commentBodySchema), 'cairn-comment-v1', 'Cairn comment, version 1');
