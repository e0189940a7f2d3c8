import { describe, expect, it } from 'vitest';
import { labelPatchRecord } from '../annotations/labelPatch/record';
import type { LabelPatchAnnotation } from '../annotations/labelPatch/schema';
import { FrameLabelCache } from './frameLabels';
import { instanceColour, instanceSummaries, nextFreeInstance } from './instances';
import { paintPatch } from './labelPatch';
import { instanceOf, labelWord, MAX_INSTANCE, semanticOf } from './labelWord';
import { replacePatch } from './replacePatch';
import { decodeLabelFile, encodeLabelFile } from './semanticKitti';

const FRAME = '33333333-3333-4333-8333-333333333333';
const ID = (n: number) => `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;

describe('instances of a frame', () => {
  it('are counted per id, named by the class most of their points carry', () => {
    const labels = Uint32Array.of(0, labelWord(40), labelWord(10, 2), labelWord(10, 2), labelWord(30, 2), labelWord(80, 7), labelWord(10, 2));
    expect(instanceSummaries(labels)).toEqual([
      { instance: 2, points: 4, semantic: 10 },
      { instance: 7, points: 1, semantic: 80 },
    ]);
    expect(instanceSummaries(Uint32Array.of(0, labelWord(40)))).toEqual([]);
  });

  it('get the next free id: past the highest in use, else the lowest gap', () => {
    expect(nextFreeInstance(new Uint32Array(4))).toBe(1);
    expect(nextFreeInstance(Uint32Array.of(labelWord(10, 3), labelWord(10, 1)))).toBe(4);
    expect(nextFreeInstance(Uint32Array.of(labelWord(10, MAX_INSTANCE), labelWord(10, 1)))).toBe(2);
    const full = Uint32Array.from({ length: MAX_INSTANCE }, (_, i) => labelWord(10, i + 1));
    expect(() => nextFreeInstance(full)).toThrow(/every instance id/);
  });

  it('have colours that tell neighbouring ids apart', () => {
    const colours = Array.from({ length: 12 }, (_, i) => instanceColour(i + 1));
    expect(new Set(colours).size).toBe(12);
    for (const c of colours) expect(c).toMatch(/^#[0-9a-f]{6}$/);
  });

  it('survive the whole path: paint, store, materialise, undo, .label out and back in', () => {
    const n = 10;
    const records: LabelPatchAnnotation[] = [];
    const cache = new FrameLabelCache();
    const paint = (indices: number[], word: number) => {
      const labels = cache.labels(FRAME, n, records).labels;
      const patch = paintPatch(FRAME, labels, indices, word)!;
      records.push(labelPatchRecord(patch, { objectId: ID(records.length + 1), sceneId: ID(0), classId: 'car', label: word, ordinal: records.length, ontologyVersion: 1, author: 'a', at: 1 }));
    };
    // A car as instance 1, a second car (the highest id, so the word's top bit is set) over part of it.
    paint([1, 2, 3, 4], labelWord(10, 1));
    paint([4, 5, 6], labelWord(10, MAX_INSTANCE));
    paint([8], labelWord(40));
    const labels = cache.labels(FRAME, n, records).labels.slice();
    expect([...labels].map(instanceOf)).toEqual([0, 1, 1, 1, MAX_INSTANCE, MAX_INSTANCE, MAX_INSTANCE, 0, 0, 0]);
    expect([...labels].map(semanticOf)).toEqual([0, 10, 10, 10, 10, 10, 10, 0, 40, 0]);
    // From the stored records alone (a fresh cache decodes their bytes), the same words.
    expect(new FrameLabelCache().labels(FRAME, n, records).labels).toEqual(labels);
    // Undo of the second car gives point 4 back to instance 1.
    const undone = records.splice(1, 1);
    expect([...cache.labels(FRAME, n, records).labels].map(instanceOf)).toEqual([0, 1, 1, 1, 1, 0, 0, 0, 0, 0]);
    records.splice(1, 0, ...undone);
    expect(cache.labels(FRAME, n, records).labels).toEqual(labels);
    // Out as a .label file and into an empty frame: every word, instance included.
    const read = decodeLabelFile(encodeLabelFile(labels), n, 'f.label');
    expect(read).toEqual(labels);
    const imported = replacePatch(FRAME, new Uint32Array(n), read)!;
    const fresh = labelPatchRecord(imported, { objectId: ID(99), sceneId: ID(0), classId: 'import', label: 0, ordinal: 0, ontologyVersion: 1, author: 'a', at: 1 });
    expect(new FrameLabelCache().labels(FRAME, n, [fresh]).labels).toEqual(labels);
    expect(instanceSummaries(labels)).toEqual([
      { instance: 1, points: 3, semantic: 10 },
      { instance: MAX_INSTANCE, points: 3, semantic: 10 },
    ]);
  });
});
