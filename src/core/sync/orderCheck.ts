import { seededRandom } from '../random/seededRandom';
import { Merger, mergeRevisions } from './merger';
import { randomHistory, shuffled, stateFingerprint, type RandomHistoryOptions } from './randomHistory';

export interface OrderCheck {
  /** Null when every order agreed; else the first disagreement. */
  readonly failure: string | null;
  readonly revisions: number;
  readonly conflicts: number;
  readonly lanes: number;
}

/**
 * One trial: a random history, merged in its reversed order and in `orders` shuffled ones (one of
 * them a revision at a time with states read in between, as pull does), all revisions and a
 * random subset (so some parents are missing): every order must give the same state per lane.
 */
export function checkOrderIndependence(seed: number, options: Partial<RandomHistoryOptions> & { readonly orders?: number } = {}): OrderCheck {
  const { revisions, lanes } = randomHistory({ ...options, seed });
  const rand = seededRandom(seed ^ 0x5eed);
  const views = [undefined, ...lanes];
  const subset = revisions.filter(() => rand() < 0.8);
  let conflicts = 0;
  for (const [which, set] of [['all', revisions], ['subset', subset]] as const) {
    const reference = views.map((lane) => mergeRevisions(set, { lane }));
    if (which === 'all') conflicts = reference[0].conflicts.length;
    const expected = reference.map(stateFingerprint);
    const orders = [set.slice().reverse(), ...Array.from({ length: options.orders ?? 3 }, () => shuffled(set, rand))];
    for (let k = 0; k < orders.length; k++) {
      const merger = new Merger();
      for (const r of orders[k]) {
        merger.add(r);
        if (k === 0) merger.state({ lane: views[Math.floor(rand() * views.length)] });
      }
      for (let i = 0; i < views.length; i++) {
        const got = stateFingerprint(merger.state({ lane: views[i] }));
        if (got !== expected[i]) {
          let at = 0;
          while (at < got.length && got[at] === expected[i][at]) at++;
          return { failure: `seed ${seed}: ${which} revisions, lane ${views[i] ?? '(shared)'}, order ${k} differs at character ${at}: …${got.slice(Math.max(0, at - 80), at + 80)}… instead of …${expected[i].slice(Math.max(0, at - 80), at + 80)}…`, revisions: revisions.length, conflicts, lanes: lanes.length };
        }
      }
    }
  }
  return { failure: null, revisions: revisions.length, conflicts, lanes: lanes.length };
}
