import type { FrameComment } from '../state/slices/reviewSlice';

/** A comment thread pinned to a 3D point: its first comment, the replies in order, the point. */
export interface PinnedThread {
  readonly root: FrameComment;
  readonly replies: readonly FrameComment[];
  readonly point: readonly [number, number, number];
}

/** The threads of a frame's comments (oldest first, as the host gives them) that are pinned to a point. */
export function pinnedThreads(comments: readonly FrameComment[]): PinnedThread[] {
  const threads = new Map<string, { root: FrameComment | null; replies: FrameComment[] }>();
  for (const c of comments) {
    const t = threads.get(c.thread) ?? { root: null, replies: [] };
    if (c.address === c.thread) t.root = c;
    else t.replies.push(c);
    threads.set(c.thread, t);
  }
  return [...threads.values()].flatMap(({ root, replies }) => (root?.pin.kind === 'point' ? [{ root, replies, point: root.pin.point }] : []));
}
