import { describe, expect, it } from 'vitest';
import { labelPatchRecord, patchOfRecord } from '../annotations/labelPatch/record';
import type { LabelPatchAnnotation } from '../annotations/labelPatch/schema';
import { seededRandom } from '../random/seededRandom';
import { FrameLabelCache } from './frameLabels';
import { applyPatch, materialise, paintPatch } from './labelPatch';
import { labelWord } from './labelWord';

const FRAME = '22222222-2222-4222-8222-222222222222';
const ID = (n: number) => `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
const N = 2000;

/** A stroke painted on `labels` (which it then updates) as a stored record. */
function stroke(labels: Uint32Array, random: () => number, n: number, ordinal: number): LabelPatchAnnotation {
  const start = Math.floor(random() * N);
  const picked = [...new Set(Array.from({ length: 1 + Math.floor(random() * 300) }, () => Math.min(N - 1, start + Math.floor(random() * 400))))].sort((a, b) => a - b);
  const label = labelWord(1 + (n % 5), n % 3);
  const patch = paintPatch(FRAME, labels, picked, label) ?? paintPatch(FRAME, labels, picked, label + 1)!;
  applyPatch(labels, patch);
  return labelPatchRecord(patch, { objectId: ID(n), sceneId: ID(0), classId: 'c', label, ordinal, ontologyVersion: 1, author: 'a', at: 1 });
}

describe('a frame\'s materialised labels', () => {
  it('follow strokes, undo and redo one patch at a time, and equal a replay from scratch', () => {
    const random = seededRandom(9);
    const live = new Uint32Array(N);
    const records: LabelPatchAnnotation[] = [];
    const cache = new FrameLabelCache();
    let version = -1;
    for (let k = 0; k < 40; k++) {
      records.push(stroke(live, random, k + 1, k));
      const now = cache.labels(FRAME, N, records);
      expect(now.labels).toEqual(live);
      expect(now.version).not.toBe(version);
      version = now.version;
    }
    // Undo the last three (their records deleted), then redo them.
    const undone = records.splice(-3);
    const afterUndo = cache.labels(FRAME, N, records).labels.slice();
    expect(afterUndo).toEqual(materialise(N, records.map((r) => patchOfRecord(r))));
    expect(new FrameLabelCache().labels(FRAME, N, records).labels).toEqual(afterUndo);
    records.push(...undone);
    expect(cache.labels(FRAME, N, records).labels).toEqual(live);
    // Asking again with nothing changed keeps the version (no redraw).
    const same = cache.labels(FRAME, N, records);
    expect(cache.labels(FRAME, N, records).version).toBe(same.version);
  });

  it('take a patch slotted in before later ones, painted by another writer on other labels', () => {
    const random = seededRandom(4);
    const mine = new Uint32Array(N);
    const records = [stroke(mine, random, 1, 0), stroke(mine, random, 2, 2)];
    // The other writer painted ordinal 1 on a frame with none of my strokes: its `before` is all unlabelled.
    const theirs = stroke(new Uint32Array(N), random, 3, 1);
    const cache = new FrameLabelCache();
    cache.labels(FRAME, N, records);
    const merged = cache.labels(FRAME, N, [...records, theirs]).labels.slice();
    expect(merged).toEqual(new FrameLabelCache().labels(FRAME, N, [...records, theirs]).labels);
    // Their patch removed again: exactly my labels, although its stored `before` never saw them.
    expect(cache.labels(FRAME, N, records).labels).toEqual(mine);
  });

  it('ignore other frames\' records and keep at most `capacity` frames', () => {
    const random = seededRandom(1);
    const labels = new Uint32Array(N);
    const record = stroke(labels, random, 1, 0);
    const cache = new FrameLabelCache(1);
    expect(cache.labels(ID(7), N, [record]).labels).toEqual(new Uint32Array(N));
    expect(cache.labels(FRAME, N, [record]).labels).toEqual(labels);
  });

  it('take a primed patch as painted when it lands on the labels it was painted on, and re-take it otherwise', () => {
    const random = seededRandom(6);
    const live = new Uint32Array(N);
    const cache = new FrameLabelCache();
    const first = stroke(live, random, 1, 0);
    cache.labels(FRAME, N, [first]);
    const before = live.slice();
    const mine = stroke(live, random, 2, 1);
    cache.prime(mine.objectId, patchOfRecord(mine));
    expect(cache.labels(FRAME, N, [first, mine]).labels).toEqual(live);
    expect(cache.labels(FRAME, N, [first]).labels).toEqual(before);
    // Primed on these labels, but another writer's patch lands first: its `before` is stale, and undo must still be exact.
    const again = stroke(before.slice(), random, 3, 2);
    cache.prime(again.objectId, patchOfRecord(again));
    const theirs = stroke(new Uint32Array(N), random, 4, 1);
    cache.labels(FRAME, N, [first, theirs]);
    const withTheirs = cache.labels(FRAME, N, [first, theirs]).labels.slice();
    cache.labels(FRAME, N, [first, theirs, again]);
    expect(cache.labels(FRAME, N, [first, theirs]).labels).toEqual(withTheirs);
  });
});

