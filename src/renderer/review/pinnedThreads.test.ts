import { describe, expect, it } from 'vitest';
import type { SceneComment } from '../state/slices/reviewSlice';
import { pinnedThreads } from './pinnedThreads';

const at = (n: number) => n.toString(16).padStart(64, '0');
const comment = (n: number, thread: number, pin: SceneComment['pin'], text: string): SceneComment => ({ address: at(n), authorName: 'Rita', createdAt: n, pin, text, thread: at(thread), resolved: false });
const point = { kind: 'point', frame: 0, point: [12, 3, 1.5], space: 'lidar' } as const;

describe('pinnedThreads', () => {
  it('keeps the threads begun at a point of the frame, each with its replies in order, and leaves other frames and frame and object threads out', () => {
    const threads = pinnedThreads(
      [
        comment(1, 1, point, 'a cone here'),
        comment(2, 2, { kind: 'frame', frame: 0 }, 'whole frame'),
        comment(3, 1, point, 'boxed it'),
        comment(5, 5, { ...point, frame: 1 }, 'next frame'),
        comment(6, 6, { kind: 'object', objectId: '00000000-0000-4000-8000-0000000000c1', frame: 0 }, 'the car'),
        comment(4, 1, point, 'thanks'),
      ],
      0,
    );
    expect(threads.map((t) => [t.root.text, t.replies.map((r) => r.text), t.point])).toEqual([['a cone here', ['boxed it', 'thanks'], [12, 3, 1.5]]]);
  });

  it('drops replies whose first comment it was not given', () => {
    expect(pinnedThreads([comment(3, 1, point, 'boxed it')], 0)).toEqual([]);
  });
});
