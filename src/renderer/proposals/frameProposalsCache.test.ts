import { describe, expect, it } from 'vitest';
import type { Proposal } from '../../core/models/proposals/proposal';
import { FrameProposalsCache, frameKey } from './frameProposalsCache';

const SCENE = 'scene-a';
const OTHER_SCENE = 'scene-b';

/** Lists told apart by identity, as the cache keeps them: it never looks inside a proposal. */
const listOf = (n: number): readonly Proposal[] => Array.from({ length: n }, (_, i) => ({ proposalId: `p${i}` }) as unknown as Proposal);

/** A cache that listens, with the scene's frames holding proposals read as `withProposals`. */
function keepingWith(withProposals: string[], limit?: number): FrameProposalsCache {
  const cache = new FrameProposalsCache(limit);
  cache.setKeeping(true);
  expect(cache.step(SCENE, 'f0')).toEqual({ kind: 'frames' });
  const read = cache.beginFrames(SCENE);
  expect(cache.framesAnswered(read, withProposals, false)).toBe(true);
  return cache;
}

/** Reads a frame's list as the window would: asked, then answered. */
function readInto(cache: FrameProposalsCache, frameId: string, list: readonly Proposal[]): boolean {
  expect(cache.step(SCENE, frameId)).toEqual({ kind: 'read' });
  return cache.answered(cache.beginRead(SCENE, frameId), list);
}

describe('a window that does not hear proposals.changed', () => {
  it('reads every frame it shows, one read per frame at a time, and keeps nothing', () => {
    const cache = new FrameProposalsCache();
    expect(cache.step(SCENE, 'f1')).toEqual({ kind: 'read' });
    const read = cache.beginRead(SCENE, 'f1');
    expect(cache.step(SCENE, 'f1')).toEqual({ kind: 'wait' });
    expect(cache.step(SCENE, 'f2')).toEqual({ kind: 'read' });
    expect(cache.answered(read, listOf(2))).toBe(true);
    expect(cache.step(SCENE, 'f1')).toEqual({ kind: 'read' });
  });

  it('keeps no answer to a read asked before it started listening: a change may have gone unheard', () => {
    const cache = new FrameProposalsCache();
    const read = cache.beginRead(SCENE, 'f1');
    cache.setKeeping(true);
    expect(cache.answered(read, listOf(1))).toBe(true);
    const frames = cache.beginFrames(SCENE);
    cache.framesAnswered(frames, ['f1'], false);
    expect(cache.step(SCENE, 'f1')).toEqual({ kind: 'read' });
  });
});

describe('a window that hears proposals.changed', () => {
  it("asks for the scene's frames holding proposals once, then gives a frame outside them none without asking", () => {
    const cache = new FrameProposalsCache();
    cache.setKeeping(true);
    expect(cache.step(SCENE, 'f0')).toEqual({ kind: 'frames' });
    const read = cache.beginFrames(SCENE);
    expect(cache.step(SCENE, 'f0')).toEqual({ kind: 'wait' });
    expect(cache.framesAnswered(read, ['f1'], false)).toBe(true);
    expect(cache.step(SCENE, 'f0')).toEqual({ kind: 'none' });
    expect(cache.step(SCENE, 'f2')).toEqual({ kind: 'none' });
    expect(cache.step(SCENE, 'f1')).toEqual({ kind: 'read' });
    // The same empty list every time: a store holding it is left as it is.
    expect(cache.none).toBe(cache.none);
    expect(cache.none).toEqual([]);
  });

  it('reads a frame holding proposals once and then gives the list kept, the same object', () => {
    const cache = keepingWith(['f1']);
    const list = listOf(3);
    expect(readInto(cache, 'f1', list)).toBe(true);
    const again = cache.step(SCENE, 'f1');
    expect(again.kind).toBe('cached');
    expect(again.kind === 'cached' && again.proposals).toBe(list);
  });

  it('keeps the lists of the frames shown last, forgetting the one least recently shown', () => {
    const cache = keepingWith(['f1', 'f2', 'f3'], 2);
    readInto(cache, 'f1', listOf(1));
    readInto(cache, 'f2', listOf(2));
    expect(cache.step(SCENE, 'f1').kind).toBe('cached'); // f2 is now the least recently shown
    readInto(cache, 'f3', listOf(3));
    expect(cache.step(SCENE, 'f2')).toEqual({ kind: 'read' });
    expect(cache.step(SCENE, 'f1').kind).toBe('cached');
    expect(cache.step(SCENE, 'f3').kind).toBe('cached');
  });

  it("on a change forgets the frame's list, and counts a frame that had none among those holding some", () => {
    const cache = keepingWith(['f1']);
    readInto(cache, 'f1', listOf(2));
    cache.changed(SCENE, 'f1');
    expect(cache.step(SCENE, 'f1')).toEqual({ kind: 'read' });
    expect(cache.step(SCENE, 'f5')).toEqual({ kind: 'none' });
    cache.changed(SCENE, 'f5');
    expect(cache.step(SCENE, 'f5')).toEqual({ kind: 'read' });
    // Another scene's change touches nothing of this one's set.
    cache.changed(OTHER_SCENE, 'f6');
    expect(cache.step(SCENE, 'f6')).toEqual({ kind: 'none' });
  });

  it('does not keep nor show an answer asked for before its frame changed, and lets the frame be read again at once', () => {
    const cache = keepingWith(['f1']);
    const before = cache.beginRead(SCENE, 'f1');
    cache.changed(SCENE, 'f1');
    expect(cache.step(SCENE, 'f1')).toEqual({ kind: 'read' });
    const after = cache.beginRead(SCENE, 'f1');
    const fresh = listOf(1);
    // The old answer lands last or first: either way only the fresh one is kept.
    expect(cache.answered(before, listOf(4))).toBe(false);
    expect(cache.step(SCENE, 'f1')).toEqual({ kind: 'wait' });
    expect(cache.answered(after, fresh)).toBe(true);
    const kept = cache.step(SCENE, 'f1');
    expect(kept.kind === 'cached' && kept.proposals).toBe(fresh);
  });

  it("adds a frame changed while the scene's frames are being read to their answer", () => {
    const cache = new FrameProposalsCache();
    cache.setKeeping(true);
    const read = cache.beginFrames(SCENE);
    cache.changed(SCENE, 'f2');
    cache.framesAnswered(read, ['f1'], false);
    expect(cache.step(SCENE, 'f2')).toEqual({ kind: 'read' });
    expect(cache.step(SCENE, 'f3')).toEqual({ kind: 'none' });
  });

  it("reads every frame when the scene's frames came truncated or could not be read", () => {
    const truncated = new FrameProposalsCache();
    truncated.setKeeping(true);
    truncated.framesAnswered(truncated.beginFrames(SCENE), ['f1'], true);
    expect(truncated.step(SCENE, 'f2')).toEqual({ kind: 'read' });

    const failed = new FrameProposalsCache();
    failed.setKeeping(true);
    expect(failed.framesFailed(failed.beginFrames(SCENE))).toBe(true);
    expect(failed.step(SCENE, 'f2')).toEqual({ kind: 'read' });
  });

  it("reads the frames of a scene shown next, ignoring the answer for the scene shown before", () => {
    const cache = new FrameProposalsCache();
    cache.setKeeping(true);
    const first = cache.beginFrames(SCENE);
    expect(cache.step(OTHER_SCENE, 'g1')).toEqual({ kind: 'frames' });
    const second = cache.beginFrames(OTHER_SCENE);
    expect(cache.framesAnswered(first, ['f1'], false)).toBe(false);
    expect(cache.step(OTHER_SCENE, 'g1')).toEqual({ kind: 'wait' });
    expect(cache.framesAnswered(second, [], false)).toBe(true);
    expect(cache.step(OTHER_SCENE, 'g1')).toEqual({ kind: 'none' });
  });

  it('keeps what it read of a scene shown before: changes to it are heard all the same', () => {
    const cache = keepingWith(['f1']);
    const list = listOf(1);
    readInto(cache, 'f1', list);
    cache.framesAnswered(cache.beginFrames(OTHER_SCENE), [], false);
    const back = cache.step(SCENE, 'f1');
    expect(back.kind === 'cached' && back.proposals).toBe(list);
    cache.changed(SCENE, 'f1');
    // The set is the other scene's now: coming back to this one reads its frames again.
    expect(cache.step(SCENE, 'f1')).toEqual({ kind: 'frames' });
  });

  it('asks again for a frame whose read failed', () => {
    const cache = keepingWith(['f1']);
    cache.failed(cache.beginRead(SCENE, 'f1'));
    expect(cache.step(SCENE, 'f1')).toEqual({ kind: 'read' });
  });

  it('forgets everything when it stops listening', () => {
    const cache = keepingWith(['f1']);
    readInto(cache, 'f1', listOf(1));
    const out = cache.beginRead(SCENE, 'f1');
    cache.setKeeping(false);
    expect(cache.answered(out, listOf(2))).toBe(true);
    cache.setKeeping(true);
    expect(cache.step(SCENE, 'f1')).toEqual({ kind: 'frames' });
    expect(frameKey(SCENE, 'f1')).toBe('scene-a/f1');
  });
});
