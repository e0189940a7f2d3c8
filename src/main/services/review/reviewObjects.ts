import { createHash } from 'node:crypto';
import { assignmentBodySchema, commentBodySchema, reviewBodySchema, type AssignmentBody, type CommentBody, type ReviewBody } from '../../../core/review';
import { assignmentPath, canonicalText, commentPath, reviewPath, signedText, type ReviewRecordKind } from '../../../core/revisions';
import type { SigningKey } from '../revisions/keyFiles';
import type { SignedObject } from '../revisions/signedObjects';

type Unsigned<B> = Omit<B, 'format' | 'version' | 'author'>;
export type NewAssignment = Unsigned<AssignmentBody>;
export type NewReview = Unsigned<ReviewBody>;
export type NewComment = Unsigned<CommentBody>;

const RECORDS = {
  assignment: { format: 'cairn.assignment', schema: assignmentBodySchema, path: assignmentPath },
  review: { format: 'cairn.review', schema: reviewBodySchema, path: reviewPath },
  comment: { format: 'cairn.comment', schema: commentBodySchema, path: commentPath },
} as const;

/**
 * A review record signed by its author, checked against its schema first (so a writer never
 * stores what a reader refuses as malformed), stored under the author's prefix at its address.
 */
export function reviewRecordObject(kind: 'assignment', author: SigningKey, record: NewAssignment): SignedObject;
export function reviewRecordObject(kind: 'review', author: SigningKey, record: NewReview): SignedObject;
export function reviewRecordObject(kind: 'comment', author: SigningKey, record: NewComment): SignedObject;
export function reviewRecordObject(kind: ReviewRecordKind, author: SigningKey, record: object): SignedObject {
  const { format, schema, path } = RECORDS[kind];
  const body = schema.parse({ format, version: 1, ...record, author: { keyId: author.keyId } });
  const bodyText = canonicalText(body);
  const address = createHash('sha256').update(bodyText, 'utf8').digest('hex');
  return { path: path(author.keyId, address), text: signedText(bodyText, author.sign(bodyText)), address };
}
