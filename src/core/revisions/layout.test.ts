import { describe, expect, it } from 'vitest';
import { assignmentPath, classifyStorePath, commentPath, headPath, keyRecordPath, releasePath, reviewPath, revisionPath } from './layout';

const A = 'a'.repeat(64);
const B = 'b'.repeat(64);

describe('classifyStorePath', () => {
  it('places every kind of object the layout names, and the writer and address its path holds', () => {
    expect(classifyStorePath('store.json')).toEqual({ kind: 'store' });
    expect(classifyStorePath('index.json')).toEqual({ kind: 'index' });
    expect(classifyStorePath(keyRecordPath(A))).toEqual({ kind: 'key', address: A });
    expect(classifyStorePath(revisionPath(A, B))).toEqual({ kind: 'revision', writer: A, address: B });
    expect(classifyStorePath(headPath(A))).toEqual({ kind: 'head', writer: A });
    expect(classifyStorePath(releasePath(12))).toEqual({ kind: 'release', number: 12 });
    expect(classifyStorePath(assignmentPath(A, B))).toEqual({ kind: 'assignment', writer: A, address: B });
    expect(classifyStorePath(reviewPath(A, B))).toEqual({ kind: 'review', writer: A, address: B });
    expect(classifyStorePath(commentPath(A, B))).toEqual({ kind: 'comment', writer: A, address: B });
    expect(assignmentPath(A, B)).toBe(`assignments/${A}/${B}.json`);
    expect(classifyStorePath('scenarios/0123456789abcdef/objects.parquet')).toEqual({ kind: 'scenario-index', dataset: '0123456789abcdef' });
    expect(classifyStorePath('scenarios/0123456789abcdef/notes.parquet')).toBeNull();
    expect(classifyStorePath('scenarios/x/frames.parquet')).toBeNull();
  });

  it('has no place for a record path that is not <dir>/<keyId>/<sha256>.json', () => {
    for (const bad of [
      `assignments/${A}.json`,
      `assignments/${A}/${B}`,
      `assignments/${A}/${B.toUpperCase()}.json`,
      `reviews/${A}/x/${B}.json`,
      `comments/abc/${B}.json`,
      `comments/${A}/head.json`,
      'releases/1.json',
      `annotations/${A}/revisions/${B}.txt`,
      'elsewhere.json',
    ]) {
      expect(classifyStorePath(bad), bad).toBeNull();
    }
  });
});
