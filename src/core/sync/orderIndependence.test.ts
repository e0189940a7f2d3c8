import { describe, expect, it } from 'vitest';
import { seededRandom } from '../random/seededRandom';
import { Merger, mergeRevisions } from './merger';
import { randomHistory, shuffled, stateFingerprint } from './randomHistory';

const TRIALS = 300;

/** Every arrival order of the same revisions (and the same subset, with parents missing) gives the same states. */
function checkTrial(seed: number): void {
  const { revisions, lanes } = randomHistory({ seed });
  const rand = seededRandom(seed ^ 0x5eed);
  const views = [undefined, ...lanes];
  const subset = revisions.filter(() => rand() < 0.8);
  for (const set of [revisions, subset]) {
    const reference = views.map((lane) => stateFingerprint(mergeRevisions(set, { lane })));
    const orders = [set.slice().reverse(), ...Array.from({ length: 4 }, () => shuffled(set, rand))];
    orders.forEach((order, k) => {
      const merger = new Merger();
      // One order is fed a revision at a time with states read in between, as pull does.
      for (const r of order) {
        merger.add(r);
        if (k === 0) merger.state({ lane: views[Math.floor(rand() * views.length)] });
      }
      views.forEach((lane, i) => expect(stateFingerprint(merger.state({ lane })), `seed ${seed}, lane ${lane ?? 'shared'}, order ${k}`).toBe(reference[i]));
    });
  }
}

describe('merge order independence', () => {
  it(`gives one state for every arrival order (${TRIALS} random histories of 3–5 writers)`, () => {
    let conflicted = 0;
    for (let seed = 1; seed <= TRIALS; seed++) {
      try {
        checkTrial(seed);
      } catch (e) {
        throw new Error(`order independence failed for seed ${seed} (replay: checkTrial(${seed})): ${(e as Error).message}`);
      }
      if (mergeRevisions(randomHistory({ seed }).revisions).conflicts.length) conflicted++;
    }
    // The histories must exercise conflicts, or the check above proves little.
    expect(conflicted).toBeGreaterThan(TRIALS / 10);
  });
});
