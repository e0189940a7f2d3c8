import { commentThreads, type QueueComment } from './queue';
import type { CommentBody, VerifiedRecord } from './schema';

/** Who reads a frame's comments: their key, and whether they see everyone's (a reviewer, an admin). */
export interface CommentReader {
  readonly keyId: string;
  readonly seesAll: boolean;
}

/**
 * The comment threads of a scene, oldest first, as a reader may see them: a reviewer sees every
 * thread; anyone else the threads about everyone's work, about their own, or that they began. A
 * thread goes whole or not at all, so a reply never shows without what it answers.
 */
export function sceneComments(comments: readonly VerifiedRecord<CommentBody>[], sceneId: string, reader: CommentReader): QueueComment[] {
  const inScene = comments.filter((c) => c.body.sceneId === sceneId);
  const body = new Map(inScene.map((c) => [c.address, c.body]));
  const visible = (thread: string) => {
    const root = body.get(thread);
    if (!root) return false;
    return reader.seesAll || root.annotator === undefined || root.annotator === reader.keyId || root.author.keyId === reader.keyId;
  };
  return commentThreads(inScene).filter((c) => visible(c.thread));
}
