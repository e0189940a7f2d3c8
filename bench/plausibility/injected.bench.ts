/**
 * Precision and recall of the rules that compare labels with the sensors, on generated scenes with
 * known errors (src/core/plausibility/testing/injectedScene.ts):
 *  - point-time: a 10 Hz rotating LiDAR, cars at 0–30 m/s all round it, boxes fitted to their
 *    points (as published datasets fit them); an error is a box more than the tolerance (0.5 m)
 *    from where its car was at the frame's time.
 *  - box2d-projection: exact 3D boxes, 2D boxes drawn on their projection with a few pixels of
 *    jitter; injected: 10 % moved by 0.6–1.5 box widths, 5 % linked to another car; and 10 %
 *    correct boxes drawn on the visible part of a car 30–60 % hidden (they cost precision).
 *
 *   npx tsx bench/plausibility/injected.bench.ts [--seeds 20] [--frames 20] [--objects 24]
 */
import { testOntology } from '../../src/core/ontology/testOntology';
import { runChecks } from '../../src/core/plausibility/runChecks';
import { PLAUSIBILITY_RULES, plausibilitySettingsSchema, type PlausibilityRule } from '../../src/core/plausibility/settings';
import { pointTimeScene, projectionScene, ruleQuality, type InjectedScene } from '../../src/core/plausibility/testing/injectedScene';

const arg = (name: string, fallback: number) => {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? Number(process.argv[at + 1]) : fallback;
};
const SEEDS = arg('seeds', 20);
const FRAMES = arg('frames', 20);
const OBJECTS = arg('objects', 24);
const ontology = testOntology();

function total(rule: PlausibilityRule, make: (seed: number) => InjectedScene) {
  const settings = plausibilitySettingsSchema.parse({ disabled: PLAUSIBILITY_RULES.filter((r) => r !== rule) });
  let injected = 0;
  let flagged = 0;
  let hits = 0;
  let judged = 0;
  for (let seed = 1; seed <= SEEDS; seed++) {
    const scene = make(seed);
    const q = ruleQuality(runChecks({ ontology, settings, ...scene.input }).findings, rule, scene);
    injected += q.injected;
    flagged += q.flagged;
    hits += q.truePositives;
    judged += scene.judged.size;
  }
  const pct = (x: number) => `${(100 * x).toFixed(1)} %`;
  console.log(`${rule.padEnd(17)} labels ${judged}, injected ${injected}, flagged ${flagged}, found ${hits}: precision ${pct(flagged ? hits / flagged : 1)}, recall ${pct(injected ? hits / injected : 1)}`);
}

console.log(`${SEEDS} seeds × ${FRAMES} frames × ${OBJECTS} cars`);
total('point-time', (seed) => pointTimeScene({ seed, frames: FRAMES, objects: OBJECTS }));
total('box2d-projection', (seed) => projectionScene({ seed, frames: FRAMES, objects: OBJECTS, shifted: 0.1, swapped: 0.05, occluded: 0.1 }));
