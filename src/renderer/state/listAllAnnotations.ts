import type { AnnotationRecord } from '../../core/model/annotation';
import type { CairnClient } from '../../shared/client';

/**
 * Every saved annotation of a scene, read page by page so no single message grows with the
 * scene. Pages are keyset pages: an object saved meanwhile by someone else may or may not be in
 * the list, and arrives as an `annotations.applied` event either way.
 */
export async function listAllAnnotations(client: CairnClient, sceneId: string): Promise<AnnotationRecord[]> {
  const records: AnnotationRecord[] = [];
  let cursor: string | undefined;
  do {
    const page = await client.call('annotations.list', cursor === undefined ? { sceneId } : { sceneId, cursor });
    records.push(...page.records);
    cursor = page.nextCursor ?? undefined;
  } while (cursor !== undefined);
  return records;
}
