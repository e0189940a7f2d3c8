import { z } from 'zod';
import type { AnnotationRecord } from '../../../core/model/annotation';
import { ANNOTATION_PAGE_MAX_BYTES, ANNOTATION_PAGE_MAX_RECORDS, invalidInput } from '../../../shared/contract';
import type { AnnotationRepository } from './annotationRepository';

/** A version in the cursor lets the paging scheme change without old cursors meaning something else. */
const CURSOR_PREFIX = 'k1:';
const objectId = z.uuid();

export function encodeCursor(lastObjectId: string): string {
  return Buffer.from(CURSOR_PREFIX + lastObjectId, 'utf8').toString('base64url');
}

/** The objectId a cursor continues after, or undefined when the string is no cursor of ours. */
export function decodeCursor(cursor: string): string | undefined {
  const decoded = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!decoded.startsWith(CURSOR_PREFIX)) return undefined;
  const id = decoded.slice(CURSOR_PREFIX.length);
  return objectId.safeParse(id).success ? id : undefined;
}

/** One page of `annotations.list`: keyset on objectId, bounded in records and in bytes. */
export function listAnnotationsPage(
  repo: AnnotationRepository,
  input: { sceneId: string; cursor?: string; limit?: number },
): { records: AnnotationRecord[]; nextCursor: string | null } {
  let afterObjectId: string | undefined;
  if (input.cursor !== undefined) {
    afterObjectId = decodeCursor(input.cursor);
    if (afterObjectId === undefined) throw invalidInput('annotations.list', 'cursor', 'is not a nextCursor that annotations.list answered');
  }
  const page = repo.listScenePage(input.sceneId, {
    afterObjectId,
    limit: Math.min(input.limit ?? ANNOTATION_PAGE_MAX_RECORDS, ANNOTATION_PAGE_MAX_RECORDS),
    maxBytes: ANNOTATION_PAGE_MAX_BYTES,
  });
  return { records: page.records, nextCursor: page.lastObjectId === null ? null : encodeCursor(page.lastObjectId) };
}
