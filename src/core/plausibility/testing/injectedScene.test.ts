import { describe, expect, it } from 'vitest';
import { testOntology } from '../../ontology/testOntology';
import { runChecks } from '../runChecks';
import { PLAUSIBILITY_RULES, plausibilitySettingsSchema, type PlausibilityRule } from '../settings';
import { pointTimeScene, projectionScene, ruleQuality, type InjectedScene } from './injectedScene';

const ontology = testOntology();
const run = (scene: InjectedScene, rule: PlausibilityRule) =>
  runChecks({ ontology, settings: plausibilitySettingsSchema.parse({ disabled: PLAUSIBILITY_RULES.filter((r) => r !== rule) }), ...scene.input }).findings;

describe('rules against injected errors (seeded, so the figures are fixed)', () => {
  it('point-time: boxes fitted to points the sweep caught late are found, boxes of slow or early-seen cars are not', () => {
    const scene = pointTimeScene({ seed: 1 });
    const q = ruleQuality(run(scene, 'point-time'), 'point-time', scene);
    expect(q.injected).toBe(98);
    expect(q.recall).toBe(1);
    expect(q.precision).toBeGreaterThanOrEqual(0.95);
    // A tolerance of 5 m is beyond anything 30 m/s makes in a 0.1 s sweep: nothing is an error, nothing is
    // flagged. (Not so at 4 m: a car behind the sensor, cut in two by the sweep's seam, is fitted a frame
    // apart in time from one frame to the next, and its track's speed comes out near 45 m/s.)
    const lax = pointTimeScene({ seed: 1, tolerance: 5 });
    expect(lax.erroneous.size).toBe(0);
    const settings = plausibilitySettingsSchema.parse({ disabled: PLAUSIBILITY_RULES.filter((r) => r !== 'point-time'), pointTimeTolerance: 5 });
    expect(runChecks({ ontology, settings, ...lax.input }).findings).toEqual([]);
  });

  it('box2d-projection: 2D boxes moved off their car or linked to another are found; boxes drawn on the visible part of a hidden car cost precision', () => {
    const clean = projectionScene({ seed: 2 });
    expect(run(clean, 'box2d-projection')).toEqual([]);
    const scene = projectionScene({ seed: 2, shifted: 0.1, swapped: 0.05, occluded: 0.1 });
    const q = ruleQuality(run(scene, 'box2d-projection'), 'box2d-projection', scene);
    expect(q.injected).toBeGreaterThan(10);
    expect(q.recall).toBeGreaterThanOrEqual(0.9);
    expect(q.precision).toBeGreaterThanOrEqual(0.75);
  });
});
