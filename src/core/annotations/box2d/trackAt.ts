import type { TrackKeyframe } from '../kind';
import type { Box2dAnnotation, Box2dRect } from './schema';

/**
 * The record a 2D box track shows at a frame: the keyframe on its own frame, between two keyframes
 * the earlier one with each edge moved linearly in frame index (an image box has no rotation to
 * blend, and linear edges keep x0 < x1), null outside the span. Boxes of different cameras are
 * separate tracks, so the camera never changes along one.
 */
export function box2dTrackAt(keyframes: readonly TrackKeyframe<Box2dAnnotation>[], frameIndex: number): Box2dAnnotation | null {
  if (keyframes.length === 0) return null;
  if (frameIndex < keyframes[0].frameIndex || frameIndex > keyframes[keyframes.length - 1].frameIndex) return null;
  let i = 0;
  while (i + 1 < keyframes.length && keyframes[i + 1].frameIndex <= frameIndex) i++;
  const a = keyframes[i];
  if (a.frameIndex === frameIndex || i + 1 >= keyframes.length) return a.frameIndex === frameIndex ? a.record : null;
  const b = keyframes[i + 1];
  const t = (frameIndex - a.frameIndex) / (b.frameIndex - a.frameIndex);
  return { ...a.record, box: lerpRect(a.record.box, b.record.box, t) };
}

export function lerpRect(a: Box2dRect, b: Box2dRect, t: number): Box2dRect {
  return {
    x0: a.x0 + (b.x0 - a.x0) * t,
    y0: a.y0 + (b.y0 - a.y0) * t,
    x1: a.x1 + (b.x1 - a.x1) * t,
    y1: a.y1 + (b.y1 - a.y1) * t,
  };
}
