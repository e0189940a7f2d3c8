import { describe, expect, it } from 'vitest';
import type { Cuboid } from '../../geometry/cuboid';
import { quatFromYaw } from '../../geometry/quaternion';
import { cross, type Vec3 } from '../../geometry/vec3';
import { hitHandle, rotateKnob } from './handles';
import { pointsInView } from './viewPoints';
import { BOX_VIEWS, boxViewId, boxViewOf, fromView, lookDirection, toView, viewToLocal } from './viewFrames';
import { fitZoom, wheelZoom } from './viewZoom';

const BOX: Cuboid = { frame: 'lidar', center: [3, -2, 1], size: [4, 2, 1.5], rotation: quatFromYaw(1.1) };

describe('view frames', () => {
  it('are right-handed: across × up points at the viewer, against the look direction', () => {
    for (const view of BOX_VIEWS) {
      const toViewer = cross(viewToLocal(view, 1, 0), viewToLocal(view, 0, 1));
      expect(toViewer).toEqual(viewToLocal(view, 0, 0, 1));
      const look = lookDirection({ ...BOX, rotation: [0, 0, 0, 1] }, view);
      toViewer.forEach((x, k) => expect(x + look[k]).toBeCloseTo(0, 12));
    }
  });

  it('show forward to the right from above and from the side, and the box’s left to the right from its front', () => {
    const upright: Cuboid = { ...BOX, center: [0, 0, 0], rotation: [0, 0, 0, 1] };
    expect(toView(upright, 'top', [1, 2, 3])).toEqual([1, 2, 3]);
    expect(toView(upright, 'side', [1, 2, 3])).toEqual([1, 3, -2]);
    expect(toView(upright, 'front', [1, 2, 3])).toEqual([2, 3, 1]);
  });

  it('take a point to a view and back', () => {
    const p: Vec3 = [4.2, -1.1, 0.3];
    for (const view of BOX_VIEWS) {
      const [u, v, d] = toView(BOX, view, p);
      fromView(BOX, view, u, v, d).forEach((x, k) => expect(x).toBeCloseTo(p[k], 12));
    }
  });

  it('name their pointer events', () => {
    expect(BOX_VIEWS.map((v) => boxViewOf(boxViewId(v)))).toEqual(BOX_VIEWS);
    expect(boxViewOf('3d')).toBeNull();
    expect(boxViewOf('box-back')).toBeNull();
  });
});

describe('points in a view', () => {
  it('keeps the points within the margin on every side, flags those inside, and drops the rest', () => {
    const inside = fromView(BOX, 'side', 0.5, 0.2);
    const nearFront = fromView(BOX, 'side', 2.5, 0);
    const farFront = fromView(BOX, 'side', 3.5, 0);
    const behind = fromView(BOX, 'side', 0, 0, 2.5);
    const points = Float32Array.from([...inside, 9, ...nearFront, 9, ...farFront, 9, ...behind, 9]);
    const seen = pointsInView(BOX, 'side', points, 4, 1);
    expect(seen.count).toBe(2);
    expect([...seen.inside]).toEqual([1, 0]);
    expect(seen.uv[0]).toBeCloseTo(0.5, 5);
    expect(seen.uv[1]).toBeCloseTo(0.2, 5);
    expect(seen.uv[2]).toBeCloseTo(2.5, 5);
  });
});

describe('handles', () => {
  const zoom = 40; // 7 px of tolerance is 0.175 m
  it('finds faces, edges, the inside and nothing, within the pixel tolerance', () => {
    expect(hitHandle(BOX, 'side', 2.1, 0, zoom)).toEqual({ kind: 'resize', su: 1, sv: 0 });
    expect(hitHandle(BOX, 'side', -1.9, 0.2, zoom)).toEqual({ kind: 'resize', su: -1, sv: 0 });
    expect(hitHandle(BOX, 'side', 0, -0.8, zoom)).toEqual({ kind: 'resize', su: 0, sv: -1 });
    expect(hitHandle(BOX, 'side', 2.05, 0.7, zoom)).toEqual({ kind: 'resize', su: 1, sv: 1 });
    expect(hitHandle(BOX, 'side', 0.3, 0.1, zoom)).toEqual({ kind: 'move' });
    expect(hitHandle(BOX, 'side', 2.2, 0, zoom)).toBeNull();
    expect(hitHandle(BOX, 'side', 0, 1, zoom)).toBeNull();
  });

  it('gives the nearer face of a box thinner on screen than two tolerances', () => {
    const thin: Cuboid = { ...BOX, size: [0.1, 2, 1.5] };
    expect(hitHandle(thin, 'top', 0.04, 0, zoom)).toEqual({ kind: 'resize', su: 1, sv: 0 });
    expect(hitHandle(thin, 'top', -0.02, 0, zoom)).toEqual({ kind: 'resize', su: -1, sv: 0 });
  });

  it('has the rotation knob beyond the front face in the top view only, a fixed distance on screen', () => {
    const [ku, kv] = rotateKnob(BOX, zoom);
    expect(kv).toBe(0);
    expect((ku - 2) * zoom).toBeCloseTo(28, 9);
    expect(hitHandle(BOX, 'top', ku, kv, zoom)).toEqual({ kind: 'rotate' });
    expect(hitHandle(BOX, 'side', ku, kv, zoom)).toBeNull();
  });
});

describe('zoom', () => {
  it('fits the box into the share of the view it should fill, whichever way it is tighter', () => {
    expect(fitZoom(BOX, 'side', 400, 300, 0.6)).toBeCloseTo(60, 9); // 4 m into 240 px
    expect(fitZoom(BOX, 'front', 400, 300, 0.6)).toBeCloseTo(120, 9); // 1.5 m into 180 px
  });

  it('zooms by 1.2 a notch, both ways, and stays within bounds', () => {
    expect(wheelZoom(100, -100)).toBeCloseTo(120, 9);
    expect(wheelZoom(100, 100)).toBeCloseTo(100 / 1.2, 9);
    expect(wheelZoom(1, 1e6)).toBe(0.5);
  });
});
