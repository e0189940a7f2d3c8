import { describe, expect, it } from 'vitest';
import { constantVelocityStep } from '../../annotations/cuboid/propagate';
import { makeScene, SceneLabel } from '../../assist/syntheticScene';
import type { Cuboid } from '../../geometry/cuboid';
import { quatFromYaw, yawOf } from '../../geometry/quaternion';
import { modelProvenanceSchema } from '../provenance';
import { predictTrackBox, propagateTrack, propagateTracks, type TrackToPropagate } from './trackPropagation';
import { trackPropagationParameters, trackPropagationProvenance, trackPropagationSettingsText } from './trackPropagationProvenance';

/**
 * A car driving a known track: speeding up along x (so that constant velocity falls behind) and
 * turning at a steady rate. Frame f is the generated scene with the car where the track puts it.
 */
const carAt = (f: number) => ({ center: [7 + 1.2 * f + 0.15 * f * f, 1 + 0.4 * f] as const, yaw: 0.3 + 0.03 * f });
const frames = new Map<number, ReturnType<typeof makeScene>>();
function frameOf(f: number) {
  if (!frames.has(f)) frames.set(f, makeScene({ seed: 10 + f, carCenter: carAt(f).center, carYaw: carAt(f).yaw }));
  return frames.get(f)!;
}

/** What an annotator set on the keyframes: the car's box, at a size a little off the car's own. */
const TRACK_SIZE: [number, number, number] = [4.2, 1.8, 1.4];
const keyframe = (f: number) => ({ frameIndex: f, cuboid: { ...frameOf(f).car, size: TRACK_SIZE } });
const track: TrackToPropagate = { trackId: 't1', classId: 'car', keyframes: [keyframe(1), keyframe(0)] };

const centreError = (a: Cuboid, b: Cuboid) => Math.hypot(a.center[0] - b.center[0], a.center[1] - b.center[1]);
const yawError = (a: Cuboid, b: Cuboid) => Math.abs(Math.sin(yawOf(a.rotation) - yawOf(b.rotation)));

/** The scene with all but every `keep`-th car point left out: a car seen by few beams. */
function thinnedCar(scene: ReturnType<typeof makeScene>, keep: number): Float32Array {
  const out: number[] = [];
  let k = 0;
  for (let i = 0; i < scene.labels.length; i++) {
    if (scene.labels[i] === SceneLabel.Car && k++ % keep !== 0) continue;
    out.push(scene.points[3 * i], scene.points[3 * i + 1], scene.points[3 * i + 2]);
  }
  return Float32Array.from(out);
}

describe('predictTrackBox', () => {
  it('copies a lone keyframe, and moves on at constant velocity from the last two, over any number of frames', () => {
    expect(predictTrackBox([], 3)).toBeNull();
    expect(predictTrackBox([keyframe(2)], 1)).toBeNull();
    expect(predictTrackBox([keyframe(0)], 1)).toEqual({ cuboid: keyframe(0).cuboid, guess: 'copy' });
    const [k0, k1] = [keyframe(0).cuboid, keyframe(1).cuboid];
    const oneStep = predictTrackBox(track.keyframes, 2)!;
    expect(oneStep.guess).toBe('velocity');
    expect(oneStep.cuboid).toEqual(constantVelocityStep(k0, k1, 1));
    // Two frames on is the editor's step taken twice (the pace and the turn rate kept).
    const twice = constantVelocityStep(k1, constantVelocityStep(k0, k1, 1), 1);
    const twoSteps = predictTrackBox(track.keyframes, 3)!.cuboid;
    for (let i = 0; i < 3; i++) expect(twoSteps.center[i]).toBeCloseTo(twice.center[i], 9);
    expect(yawOf(twoSteps.rotation)).toBeCloseTo(yawOf(twice.rotation), 9);
    expect(twoSteps.size).toEqual(TRACK_SIZE);
    // Keyframes on or after the frame are not used: the prediction for frame 1 copies frame 0's box.
    expect(predictTrackBox([keyframe(0), keyframe(1), keyframe(2)], 1)).toEqual({ cuboid: keyframe(0).cuboid, guess: 'copy' });
  });
});

describe('propagateTrack', () => {
  it('refits a prediction that fell behind a speeding-up car onto it, taking the size of a confident fit', () => {
    const scene = frameOf(3);
    const proposal = propagateTrack(scene.points, scene.stride, track, 3)!;
    expect(proposal.guess).toBe('velocity');
    expect(centreError(proposal.predicted, scene.car)).toBeGreaterThan(0.8);
    expect(proposal.refitted).toBe(true);
    expect(centreError(proposal.cuboid, scene.car)).toBeLessThan(0.25);
    expect(yawError(proposal.cuboid, scene.car)).toBeLessThan(0.05);
    // The whole car is in the scan, over a thousand points: the fit's size is the car's, not the track's.
    expect(proposal.pointCount).toBeGreaterThan(1000);
    expect(proposal.sizeFromFit).toBe(true);
    expect(Math.abs(proposal.cuboid.size[0] - scene.car.size[0])).toBeLessThan(0.15);
    expect(Math.abs(proposal.cuboid.size[1] - scene.car.size[1])).toBeLessThan(0.15);
    expect(proposal.score).toBeGreaterThan(0.3);
    expect({ trackId: proposal.trackId, classId: proposal.classId, frameIndex: proposal.frameIndex }).toEqual({ trackId: 't1', classId: 'car', frameIndex: 3 });
  });

  it('keeps the track’s size when the fit saw too little of the car to size it', () => {
    const scene = frameOf(3);
    const points = thinnedCar(scene, 25);
    const proposal = propagateTrack(points, 3, track, 3)!;
    expect(proposal.refitted).toBe(true);
    expect(proposal.pointCount).toBeLessThan(150);
    expect(proposal.sizeFromFit).toBe(false);
    expect(proposal.cuboid.size).toEqual(TRACK_SIZE);
    expect(centreError(proposal.cuboid, scene.car)).toBeLessThan(centreError(proposal.predicted, scene.car));
  });

  it('proposes the bare prediction, scored 0, where the scan shows nothing there', () => {
    // The track says the car is 12 m from where this frame's car stands.
    const away: TrackToPropagate = { trackId: 't2', classId: 'car', keyframes: [0, 1].map((f) => ({ frameIndex: f, cuboid: { ...keyframe(f).cuboid, center: [-10 + f, -12, -1] as const } })) };
    const scene = frameOf(3);
    const proposal = propagateTrack(scene.points, scene.stride, away, 3)!;
    expect(proposal).toMatchObject({ refitted: false, sizeFromFit: false, pointCount: 0, score: 0 });
    expect(proposal.cuboid).toEqual(proposal.predicted);
  });
});

describe('propagateTracks', () => {
  it('proposes for each track with a keyframe before the frame and none on it', () => {
    const scene = frameOf(2);
    const labelled: TrackToPropagate = { trackId: 't3', classId: 'car', keyframes: [keyframe(2)] };
    const later: TrackToPropagate = { trackId: 't4', classId: 'car', keyframes: [{ frameIndex: 5, cuboid: { ...scene.car, rotation: quatFromYaw(0) } }] };
    const proposals = propagateTracks(scene.points, scene.stride, [track, labelled, later], 2);
    expect(proposals.map((p) => p.trackId)).toEqual(['t1']);
    expect(centreError(proposals[0].cuboid, scene.car)).toBeLessThan(0.25);
  });
});

describe('trackPropagationProvenance', () => {
  it('names the generator, its version and every setting, and hashes equal settings alike', () => {
    const run = { sha256: 'b'.repeat(64), runtimeVersion: '0.1.0', at: '2026-12-06T15:00:00Z' };
    const provenance = modelProvenanceSchema.parse(trackPropagationProvenance({ sizeMinPoints: 80 }, run));
    expect(provenance.generator).toBe('track-propagation');
    expect(provenance.model).toEqual({ name: 'track-propagation', version: '1', sha256: run.sha256, file: '(built in)' });
    expect(provenance.parameters).toEqual({ sizeMinPoints: 80, sizeMinScore: 0.3, maxShift: null, sensor: '0,0,0' });
    const text = trackPropagationSettingsText(trackPropagationParameters({ sizeMinPoints: 80 }));
    expect(trackPropagationSettingsText(trackPropagationParameters({ sizeMinPoints: 80, sizeMinScore: 0.3 }))).toBe(text);
    expect(trackPropagationSettingsText(trackPropagationParameters({}))).not.toBe(text);
  });
});
