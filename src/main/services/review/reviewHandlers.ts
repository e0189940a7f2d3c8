import { ContractError } from '../../../shared/contract';
import type { Handlers } from '../../../shared/handlers';
import type { ItemScore } from '../../../core/review';
import type { Permissions } from '../access/permissions';
import type { SigningKey } from '../revisions/keyFiles';
import type { SharedStore } from '../sharedStore/sharedStore';
import type { SyncEngine } from '../sync/syncEngine';
import { laneAuthors } from '../../agreement/storeReplicas';
import { addComment, annotatorQueue, assignWork, judgeWork, reviewerQueue } from './reviewActions';
import { readReviewRecords } from './reviewStore';
import { sceneComments } from '../../../core/review';

type ReviewCalls = Pick<Handlers, 'review.assign' | 'review.myQueue' | 'review.reviewQueue' | 'review.replicaObjects' | 'review.replicaBoxes' | 'review.verdict' | 'review.comment' | 'review.sceneComments'>;

/**
 * The host's review calls, signed with the workspace's key on the store it syncs with. The store's
 * rules decide who may write what (an admin assigns, a reviewer judges, anyone registered
 * comments): a refusal says which rule, before anything is written.
 */
export function reviewHandlers(
  sync: SyncEngine,
  key: SigningKey,
  permissions: Permissions,
  frameOrder: (sceneId: string) => readonly string[],
  /** What agreement measured so far, so a queue can put the worst-agreeing work first. */
  scores: () => readonly ItemScore[] = () => [],
): ReviewCalls {
  const store = (what: string): SharedStore => {
    const s = sync.connectedStore;
    if (!s) throw new ContractError('forbidden', `${what} needs a shared store: connect this workspace to one first`);
    return s;
  };
  const refused = (what: string) => (e: unknown): never => {
    if (e instanceof ContractError) throw e;
    const message = (e as Error).message;
    throw new ContractError(/may not|only|not registered|revoked|judges others/.test(message) ? 'forbidden' : 'invalid-input', `${what}: ${message}`);
  };
  return {
    'review.assign': async (input) => {
      if (!permissions.canChangeWorkspace) throw new ContractError('forbidden', `assigning work is not possible on this host (${permissions.mode} mode)`);
      const assigned = await assignWork(store('assigning work'), key, { ...input, message: input.message ?? '' }).catch(refused('review.assign'));
      const name = (keyId: string) => assigned.registry.keys.get(keyId)?.name ?? keyId.slice(0, 12);
      return { address: assigned.written.address, lanes: assigned.split.annotators.map((s) => ({ name: name(s.keyId), lane: s.lane, frames: s.frames.length })) };
    },
    'review.myQueue': async () => {
      const { items, records } = await annotatorQueue(store('reading your queue'), key.keyId).catch(refused('review.myQueue'));
      const name = (keyId: string) => records.registry.keys.get(keyId)?.name ?? keyId.slice(0, 12);
      return {
        items: items.slice(0, 5000).map((i) => ({
          assignment: i.assignment,
          sceneId: i.sceneId,
          lane: i.lane,
          frame: i.frame,
          overlap: i.overlap,
          status: i.status,
          rejections: [...(i.review?.rejections ?? [])],
          reviewerName: i.review ? name(i.review.author) : null,
          comments: i.comments.map((c) => ({ address: c.address, authorName: name(c.author), createdAt: c.createdAt, pin: c.pin, text: c.text, thread: c.thread, resolved: c.resolved })),
        })),
      };
    },
    'review.reviewQueue': async ({ mode, by, size, seed }) => {
      const sampling = mode === 'worst-agreement' ? { mode, size } : mode === 'stratified' ? { mode, by: by ?? 'annotator', size, seed: seed ?? 'cairn' } : { mode, size, seed: seed ?? 'cairn' };
      const { items, candidates, records } = await reviewerQueue(store('reading the review queue'), sampling, scores(), key.keyId).catch(refused('review.reviewQueue'));
      return {
        candidates,
        items: items.map((c) => ({
          sceneId: c.sceneId,
          frame: c.frame,
          annotator: c.annotator,
          annotatorName: records.registry.keys.get(c.annotator)?.name ?? c.annotator.slice(0, 12),
          lane: c.lane ?? null,
          objectId: c.objectId ?? null,
          agreement: c.agreement ?? null,
        })),
      };
    },
    'review.replicaObjects': async ({ sceneId, lane, frame }) => {
      const frameId = frameOrder(sceneId)[frame];
      if (frameId === undefined) throw new ContractError('invalid-input', `review.replicaObjects: scene ${sceneId} has no frame ${frame}`);
      const merger = sync.merger(sceneId);
      if (!merger.laneNames().includes(lane)) return { objects: [] };
      const objects = [...merger.state({ lane }).records.values()]
        .filter((r) => r.frameId === frameId && r.kind === 'cuboid')
        .map((r) => ({ objectId: r.objectId, classId: r.classId, center: r.kind === 'cuboid' ? ([...r.cuboid.center] as [number, number, number]) : ([0, 0, 0] as [number, number, number]) }));
      return { objects: objects.sort((a, b) => a.center[0] - b.center[0] || (a.objectId < b.objectId ? -1 : 1)) };
    },
    'review.replicaBoxes': async ({ sceneId, frame }) => {
      const frameId = frameOrder(sceneId)[frame];
      if (frameId === undefined) throw new ContractError('invalid-input', `review.replicaBoxes: scene ${sceneId} has no frame ${frame}`);
      const merger = sync.merger(sceneId);
      return {
        replicas: merger.laneNames().map((lane) => {
          const boxes = [...merger.state({ lane }).records.values()].flatMap((r) => (r.frameId === frameId && r.kind === 'cuboid' ? [{ objectId: r.objectId, trackId: r.trackId, classId: r.classId, cuboid: r.cuboid }] : []));
          return { lane, name: laneAuthors(merger, lane).map((k) => sync.authorName(k)).join(' + ') || lane, boxes };
        }),
      };
    },
    'review.verdict': async (input) => {
      if (!permissions.canReview) throw new ContractError('forbidden', `judging work needs a reviewer's or an admin's key; this workspace's key is ${permissions.role ? `a ${permissions.role}` : 'not registered in the store'}`);
      const { written } = await judgeWork(store('judging work'), key, input).catch(refused('review.verdict'));
      return { address: written.address };
    },
    'review.sceneComments': async ({ sceneId }) => {
      const records = await readReviewRecords(store('reading comments')).catch(refused('review.sceneComments'));
      const name = (keyId: string) => records.registry.keys.get(keyId)?.name ?? keyId.slice(0, 12);
      const comments = sceneComments(records.comments, sceneId, { keyId: key.keyId, seesAll: permissions.canReview });
      return { comments: comments.slice(0, 10_000).map((c) => ({ address: c.address, authorName: name(c.author), createdAt: c.createdAt, pin: c.pin, text: c.text, thread: c.thread, resolved: c.resolved })) };
    },
    'review.comment': async (input) => {
      if (permissions.role === null) throw new ContractError('forbidden', "commenting needs a key the store registered; this workspace's key is not registered there");
      const { written } = await addComment(store('commenting'), key, input).catch(refused('review.comment'));
      return { address: written.address };
    },
  };
}
