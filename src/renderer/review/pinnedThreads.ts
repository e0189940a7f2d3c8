import type { SceneComment } from '../state/slices/reviewSlice';

/** A comment thread pinned to a 3D point: its first comment, the replies in order, the point. */
export interface PinnedThread {
  readonly root: SceneComment;
  readonly replies: readonly SceneComment[];
  readonly point: readonly [number, number, number];
}

/** The threads of a scene's comments (oldest first, as the host gives them) begun at a point of frame `frame`. */
export function pinnedThreads(comments: readonly SceneComment[], frame: number): PinnedThread[] {
  const threads = new Map<string, { root: SceneComment | null; replies: SceneComment[] }>();
  for (const c of comments) {
    const t = threads.get(c.thread) ?? { root: null, replies: [] };
    if (c.address === c.thread) t.root = c;
    else t.replies.push(c);
    threads.set(c.thread, t);
  }
  return [...threads.values()].flatMap(({ root, replies }) => (root?.pin.kind === 'point' && root.pin.frame === frame ? [{ root, replies, point: root.pin.point }] : []));
}
