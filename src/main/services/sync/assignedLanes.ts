import { activeAssignments } from '../../../core/review';
import { ASSIGNMENTS_DIR, checkReviewRecords, type KeyRegistry, type RevisionCrypto, type StoredObject } from '../../../core/revisions';
import { decodeObject } from '../revisions/revisionVerdict';
import type { SharedStore } from '../sharedStore/sharedStore';
import { mapLimit } from './mapLimit';

/**
 * The lane of each scene a key was assigned to as a blind replica: from the store's assignments
 * that pass verification (an admin's signature, a key valid then) and that no later one
 * supersedes; where several name the key in one scene, the newest wins.
 */
export async function readAssignedLanes(store: SharedStore, registry: KeyRegistry, crypto: RevisionCrypto, keyId: string, signal?: AbortSignal): Promise<Map<string, string>> {
  const paths = (await store.list(`${ASSIGNMENTS_DIR}/`, signal)).sort();
  const decoded = await mapLimit(paths, 16, async (p) => decodeObject(p, await store.get(p, signal)));
  const objects = decoded.filter((d): d is StoredObject => !('status' in d));
  const { assignments } = checkReviewRecords(objects, registry, crypto);
  const lanes = new Map<string, string>();
  // activeAssignments sorts oldest first, so a newer assignment of the same scene overwrites an older one.
  for (const a of activeAssignments(assignments)) {
    const mine = a.body.annotators.find((x) => x.keyId === keyId);
    if (mine) lanes.set(a.body.sceneId, mine.lane);
  }
  return lanes;
}
