import { describe, expect, it } from 'vitest';
import type { RevisionVerdict } from '../services/revisions/revisionVerdict';
import { packVerdicts, unpackVerdicts } from './packedVerdicts';

const hex = (c: string) => c.repeat(64);

describe('packed verdicts', () => {
  it('give back the same verdicts after a structured clone: parents or none, an empty list, a finding without an address', () => {
    const verdicts: RevisionVerdict[] = [
      { finding: { path: `annotations/${hex('a')}/revisions/${hex('1')}.json`, kind: 'revision', address: hex('1'), status: 'ok', message: 'by A' }, parents: [hex('2'), hex('3')] },
      { finding: { path: `annotations/${hex('a')}/revisions/${hex('2')}.json`, kind: 'revision', address: hex('2'), status: 'ok', message: 'first' }, parents: [] },
      { finding: { path: `annotations/${hex('a')}/revisions/${hex('4')}.json`, kind: 'revision', address: hex('4'), status: 'bad-signature', message: 'not theirs' }, parents: null },
      { finding: { path: 'annotations/x/revisions/y.json', kind: 'revision', address: null, status: 'malformed', message: 'not a revision path' }, parents: null },
      { finding: { path: `annotations/${hex('a')}/revisions/${hex('5')}.json`, kind: 'revision', address: hex('5'), status: 'ok', message: 'merge' }, parents: [hex('1'), hex('1')] },
    ];
    expect(unpackVerdicts(structuredClone(packVerdicts(verdicts)))).toEqual(verdicts);
    expect(unpackVerdicts(packVerdicts([]))).toEqual([]);
  });
});
