import { describe, expect, it } from 'vitest';
import { checkOrderIndependence } from './orderCheck';

const TRIALS = 300;

describe('merge order independence', () => {
  it(`gives one state for every arrival order (${TRIALS} random histories of 3–5 writers, seeded)`, () => {
    let conflicted = 0;
    let withLanes = 0;
    for (let seed = 1; seed <= TRIALS; seed++) {
      const trial = checkOrderIndependence(seed);
      // The seed replays the trial: checkOrderIndependence(seed), or bench/merge/trials.bench.ts --seed.
      expect(trial.failure, `seed ${seed}`).toBeNull();
      if (trial.conflicts) conflicted++;
      if (trial.lanes) withLanes++;
    }
    // The histories must exercise conflicts and lanes, or the check above proves little.
    expect(conflicted).toBeGreaterThan(TRIALS / 10);
    expect(withLanes).toBeGreaterThan(TRIALS / 10);
    // Seconds on an idle machine; many more when the whole suite shares two cores.
  }, 180_000);
});
