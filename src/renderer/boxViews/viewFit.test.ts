import { describe, expect, it } from 'vitest';
import type { Cuboid } from '../../core/geometry/cuboid';
import { NO_FIT, refit } from './viewFit';
import { fitCamera, panBy } from './viewTransform';

const size = { width: 400, height: 300 };
const box: Cuboid = { frame: 'lidar', center: [5, 1, 0], size: [4, 2, 1.5], rotation: [0, 0, 0, 1] };

describe('box view fit', () => {
  it('fits the first box shown, in the same pass that shows it', () => {
    const fit = refit(NO_FIT, 'top', 'a:0', size, box);
    expect(fit.cam).toEqual(fitCamera(box, 'top', size));
    expect(fit.fittedFor).toBe('a:0@400x300');
  });

  it('gives back the very same fit while nothing it reads changed, so a render that sets it settles', () => {
    const fit = refit(NO_FIT, 'top', 'a:0', size, box);
    expect(refit(fit, 'top', 'a:0', size, box)).toBe(fit);
  });

  it('waits for a size, and keeps its camera meanwhile', () => {
    const fit = refit(NO_FIT, 'top', 'a:0', size, box);
    expect(refit(fit, 'top', 'b:0', null, box)).toBe(fit);
    expect(refit(NO_FIT, 'top', 'a:0', null, box).cam).toBeNull();
  });

  it('fits again for another box, the Fit button and a new size, even after the reader steered', () => {
    const fit = refit(NO_FIT, 'top', 'a:0', size, box);
    const steered = { ...fit, cam: panBy(fit.cam!, 30, 0) };
    expect(refit(steered, 'top', 'b:0', size, box).cam).toEqual(fitCamera(box, 'top', size));
    expect(refit(steered, 'top', 'a:1', size, box).cam).toEqual(fitCamera(box, 'top', size));
    const wide = { width: 600, height: 300 };
    expect(refit(steered, 'top', 'a:0', wide, box).cam).toEqual(fitCamera(box, 'top', wide));
  });

  it('keeps the camera through an edit that leaves the box in its room', () => {
    const fit = refit(NO_FIT, 'top', 'a:0', size, box);
    const nudged: Cuboid = { ...box, center: [5.05, 1, 0] };
    const after = refit(fit, 'top', 'a:0', size, nudged);
    expect(after.cam).toBe(fit.cam);
    expect(after.frameBox).toBe(nudged);
  });

  it('fits again when an edit took the box out of its room, unless the reader steered the view', () => {
    const fit = refit(NO_FIT, 'top', 'a:0', size, box);
    const grown: Cuboid = { ...box, size: [12, 2, 1.5] };
    expect(refit(fit, 'top', 'a:0', size, grown).cam).toEqual(fitCamera(grown, 'top', size));
    const steered = { ...fit, cam: panBy(fit.cam!, 1, 0) };
    expect(refit(steered, 'top', 'a:0', size, grown).cam).toBe(steered.cam);
  });

  it('shows nothing with no box, and fits the next box afresh even under the same key', () => {
    const fit = refit(NO_FIT, 'top', 'a:0', size, box);
    const steered = { ...fit, cam: panBy(fit.cam!, 30, 0) };
    const none = refit(steered, 'top', 'a:0', size, null);
    expect(none.cam).toBeNull();
    expect(refit(none, 'top', 'a:0', size, box).cam).toEqual(fitCamera(box, 'top', size));
  });
});
